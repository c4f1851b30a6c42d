#!/usr/bin/env bash
# `make bench`: numbers, never pass/fail on timing.
#   1. the size report of the release dist/ (raw / gzip / brotli per file, first-load total);
#   2. Playwright in Debian's chromium against nginx + sandbox (the e2e harness):
#      bench/load.bench.ts — bytes on the wire and requests of a signed-out first visit, of
#      sign-in → dashboard, of every page visited once, and the longest start-up task under 4×
#      CPU throttling; bench/trace.bench.ts — what the long start-up tasks are (Chrome trace);
#      bench/audit-render.bench.ts — the audit table with 10 000 rows;
#   3. Lighthouse (npm, bench/package.json) on the sign-in page served by the project's nginx,
#      mobile and desktop, median of SARK_BENCH_RUNS (5) runs each;
#   4. a summary, one line per number (the targets of issue #10).
# SARK_BENCH_LIGHTHOUSE=0 skips Lighthouse, SARK_BENCH_AUDIT=0 the audit table, SARK_BENCH_LOAD=0
# the load measurements. Lighthouse is skipped with a note when it cannot be installed or run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
runs="${SARK_BENCH_RUNS:-5}"
summary=()
line() { summary+=("$(printf '%-44s %s' "$1" "$2")"); }

echo "== size (dist/)"
scripts/size-report.sh dist | tee "${TMPDIR:-/tmp}/sark-size.$$"
first_load_br="$(awk '/^FIRST LOAD TOTAL/ {print $NF}' "${TMPDIR:-/tmp}/sark-size.$$")"
rm -f "${TMPDIR:-/tmp}/sark-size.$$"
# Lazy wasm modules: how many, and the smallest (brotli, as served).
chunks="$(find dist -maxdepth 1 \( -name 'split_*.wasm' -o -name 'chunk_*.wasm' \) | while read -r f; do
  if [ -f "$f.br" ]; then stat -c %s "$f.br"; else brotli -q 11 -c "$f" | wc -c; fi
done | sort -n)"
line "first load, files (brotli, size-report)" "$first_load_br B"
line "lazy wasm modules / smallest (brotli)" "$(grep -c . <<<"$chunks" || true) / $(head -n1 <<<"$chunks") B"

echo
echo "== load and start-up (bench/load.bench.ts, bench/audit-render.bench.ts)"
specs=()
[ "${SARK_BENCH_LOAD:-1}" = 0 ] || specs+=(load.bench.ts trace.bench.ts)
[ "${SARK_BENCH_AUDIT:-1}" = 0 ] || specs+=(audit-render.bench.ts)
if [ "${#specs[@]}" -eq 0 ]; then
  echo "skipped (SARK_BENCH_LOAD=0 SARK_BENCH_AUDIT=0)"
elif log="$(PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node_modules/.bin/playwright test -c bench/playwright.config.ts "${specs[@]}" 2>&1)"; then
  printf '%s\n' "$log" | sed -n '/^== audit table/,/^table height/p'
  b() { printf '%s\n' "$log" | awk -v k="$1" '$1 == "BENCH" && $2 == k {print $3}' | tail -n1; }
  if [ "${SARK_BENCH_LOAD:-1}" != 0 ]; then
    printf '%s\n' "$log" | grep '^BENCH ' | sed 's/^BENCH /  /'
    line "first visit of / signed out (wire, brotli)" "$(b first_load_bytes) B ($(b first_load_code_bytes) B code), $(b first_load_requests) requests ($(b first_load_code_requests) code)"
    line "sign-in → dashboard, cumulative" "$(b signin_dashboard_bytes) B ($(b signin_dashboard_code_bytes) B code), $(b signin_dashboard_code_requests) code requests ($(b signin_dashboard_requests) in all)"
    line "every page visited once, cumulative" "$(b every_page_bytes) B ($(b every_page_code_bytes) B code), $(b every_page_code_requests) code requests ($(b every_page_requests) in all)"
    # The sandbox's OpenAPI document is small; SARK 2.0's (tests/fixtures) is what a real first visit
    # pays, gzipped at nginx.conf's level (read from it, so the two cannot drift apart).
    sandbox_doc="$(b openapi_bytes)"
    level="$(awk '$1 == "gzip_comp_level" {sub(";", "", $2); print $2}' nginx.conf)"
    sark_doc="$(gzip "-${level:-6}" -c tests/fixtures/sark-2.0-openapi.json | wc -c)"
    if [ "${sandbox_doc:-0}" -gt 0 ]; then
      line "first visit, with SARK 2.0's OpenAPI document" "$(($(b first_load_bytes) - sandbox_doc + sark_doc)) B (its document: $sark_doc B gzipped, the sandbox's $sandbox_doc B)"
    fi
    line "longest start-up task, 4× CPU (median of 3)" "$(b longest_task_ms) ms ($(b long_tasks) long tasks, $(b blocking_ms) ms blocking; Long Tasks API)"
    line "longest main-thread task, 4× CPU, trace" "$(b trace_longest_task_ms) ms (tasks listed above)"
  fi
else
  echo "skipped: the Playwright benches did not complete:"
  printf '%s\n' "$log" | tail -25
fi

print_summary() {
  echo
  echo "== summary"
  printf '%s\n' "${summary[@]}"
}

echo
echo "== lighthouse (sign-in page, median of $runs)"
if [ "${SARK_BENCH_LIGHTHOUSE:-1}" = 0 ]; then
  echo "skipped (SARK_BENCH_LIGHTHOUSE=0)"
  print_summary
  exit 0
fi
if [ ! -x bench/node_modules/.bin/lighthouse ]; then
  # `npm install`, never `npm ci`: the registry lacks some optional native builds the lock names,
  # so `npm ci` refuses the lock as out of sync (the same as the root package, scripts/setup.sh).
  (cd bench && npm install --no-audit --no-fund --loglevel=error) || {
    echo "skipped: could not install lighthouse from npm"
    print_summary
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
if [ -x target/sandbox/sark-sandbox ]; then
  api_port="$(free_port)"
  target/sandbox/sark-sandbox --addr "127.0.0.1:$api_port" --db :memory: --seed --exit-after 900 >"$tmp/sandbox.log" 2>&1 &
  pids+=("$!")
  upstream="http://127.0.0.1:$api_port"
fi
SARK_API_UPSTREAM="$upstream" SARK_LISTEN="127.0.0.1:$web_port" SARK_RUNTIME_DIR="$tmp/nginx" \
  SARK_EXIT_AFTER=900 SARK_DEMO=true scripts/nginx-local.sh >"$tmp/nginx.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$web_port/healthz" 2>/dev/null && break
  sleep 0.1
done

flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
flags+=" --disable-component-update --disable-sync --disable-dev-shm-usage"
for form in mobile desktop; do
  preset=()
  [ "$form" = desktop ] && preset=(--preset=desktop)
  for i in $(seq "$runs"); do
    if ! CHROME_PATH=/usr/bin/chromium timeout 180 bench/node_modules/.bin/lighthouse "http://127.0.0.1:$web_port/" \
      --quiet --chrome-flags="$flags --user-data-dir=$tmp/chrome-$form-$i" "${preset[@]}" \
      --only-categories=performance,accessibility,best-practices \
      --output=json --output-path="$tmp/lh-$form-$i.json" >"$tmp/lighthouse.log" 2>&1; then
      echo "lighthouse $form run $i did not complete:"
      tail -5 "$tmp/lighthouse.log"
      rm -f "$tmp/lh-$form-$i.json"
    fi
  done
done
# Median of each number over the runs (for the scores: the run with the median performance).
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
node -e '
const fs = require("fs");
const dir = process.argv[1];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
for (const form of ["mobile", "desktop"]) {
  const rs = fs.readdirSync(dir).filter((f) => f.startsWith(`lh-${form}-`)).map((f) => JSON.parse(fs.readFileSync(`${dir}/${f}`, "utf8")));
  if (!rs.length) { console.log(`lighthouse ${form}: no completed run`); continue; }
  const cat = (k) => median(rs.map((r) => Math.round(r.categories[k].score * 100)));
  const num = (k) => median(rs.map((r) => r.audits[k].numericValue));
  const perf = rs.map((r) => Math.round(r.categories.performance.score * 100));
  console.log(`SUMMARY lighthouse ${form} (median of ${rs.length}) | perf ${cat("performance")} (${Math.min(...perf)}–${Math.max(...perf)}), TBT ${Math.round(num("total-blocking-time"))} ms, LCP ${(num("largest-contentful-paint") / 1000).toFixed(2)} s, FCP ${(num("first-contentful-paint") / 1000).toFixed(2)} s, best-practices ${cat("best-practices")}, accessibility ${cat("accessibility")}`);
  for (const r of rs) {
    const bp = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 && r.categories["best-practices"].auditRefs.some((x) => x.id === a.id && x.weight > 0));
    for (const a of bp) console.log(`  ${form}: best-practices lost on ${a.id}: ${a.title}`);
  }
}
' "$tmp" | tee "$tmp/lh-summary.txt"
while IFS='|' read -r k v; do
  line "${k#SUMMARY }" "${v# }"
done < <(grep '^SUMMARY' "$tmp/lh-summary.txt")
echo "(simulated throttling: Lighthouse's default mobile profile, and its desktop preset)"
print_summary
