#!/usr/bin/env bash
# `make bench`: the size report of the release dist/ (raw / gzip / brotli per file and the first-load
# total), the audit table's render/scroll timings with 10 000 rows (Playwright,
# bench/audit-render.bench.ts), then a Lighthouse run (performance, accessibility, best practices)
# of the login page served by the project's nginx with Debian's chromium. Lighthouse is optional:
# it is skipped, with a note, when it cannot be installed or run (SARK_BENCH_LIGHTHOUSE=0 skips it
# on purpose; SARK_BENCH_AUDIT=0 skips the audit table step).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

echo "== size (dist/)"
scripts/size-report.sh dist

echo
echo "== audit table render (10 000 rows, bench/audit-render.bench.ts)"
# Numbers only, never a pass/fail on timing: nginx + sandbox from the e2e harness, Debian's chromium.
if [ "${SARK_BENCH_AUDIT:-1}" = 0 ]; then
  echo "skipped (SARK_BENCH_AUDIT=0)"
elif log="$(PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node_modules/.bin/playwright test -c bench/playwright.config.ts 2>&1)"; then
  printf '%s\n' "$log" | sed -n '/^== audit table/,/^table height/p' | tail -n +2
else
  echo "skipped: the audit render bench did not complete:"
  printf '%s\n' "$log" | tail -15
fi

echo
echo "== lighthouse"
if [ "${SARK_BENCH_LIGHTHOUSE:-1}" = 0 ]; then
  echo "skipped (SARK_BENCH_LIGHTHOUSE=0)"
  exit 0
fi
if [ ! -x bench/node_modules/.bin/lighthouse ]; then
  (cd bench && npm install --no-audit --no-fund --loglevel=error) || {
    echo "skipped: could not install lighthouse from npm"
    exit 0
  }
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
tmp="$(mktemp -d)"
chmod 755 "$tmp" # nginx runs as nobody when this runs as root
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

web_port="$(free_port)"
upstream="http://127.0.0.1:9" # nothing listens there: the login page needs no API
if [ -x target/release/sark-sandbox ]; then
  api_port="$(free_port)"
  target/release/sark-sandbox --addr "127.0.0.1:$api_port" --db :memory: --seed --exit-after 300 >"$tmp/sandbox.log" 2>&1 &
  pids+=("$!")
  upstream="http://127.0.0.1:$api_port"
fi
SARK_API_UPSTREAM="$upstream" SARK_LISTEN="127.0.0.1:$web_port" SARK_RUNTIME_DIR="$tmp/nginx" \
  SARK_EXIT_AFTER=300 SARK_DEMO=true scripts/nginx-local.sh >"$tmp/nginx.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$web_port/healthz" 2>/dev/null && break
  sleep 0.1
done

flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
flags+=" --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir=$tmp/chrome"
if ! CHROME_PATH=/usr/bin/chromium timeout 180 bench/node_modules/.bin/lighthouse "http://127.0.0.1:$web_port/" \
  --quiet --chrome-flags="$flags" --only-categories=performance,accessibility,best-practices \
  --output=json --output-path="$tmp/lighthouse.json" >"$tmp/lighthouse.log" 2>&1; then
  echo "skipped: lighthouse did not complete:"
  tail -5 "$tmp/lighthouse.log"
  exit 0
fi
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const [k, c] of Object.entries(r.categories)) console.log(`${k.padEnd(26)} ${Math.round(c.score * 100)}`);
for (const a of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "interactive"])
  console.log(`${a.padEnd(26)} ${r.audits[a].displayValue}`);
' "$tmp/lighthouse.json"
echo "(simulated throttling: Lighthouse's default mobile profile)"
