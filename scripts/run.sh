#!/usr/bin/env bash
# `make run`: the console at http://127.0.0.1:${PORT:-8080}, served by the project's nginx config
# (real CSP, compression, caching) in front of either
#   - the sandbox API (target/sandbox/sark-sandbox, seeded demo data in .run/sandbox.db), or
#   - a real SARK when SARK_API_URL is set (e.g. SARK_API_URL=http://sark.internal:8000).
# Ctrl-C stops everything. Expects `make dist` and the sandbox build to have run (the Makefile does).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${PORT:-8080}"
mkdir -p .run

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for() { # URL SECONDS PID
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    kill -0 "$3" 2>/dev/null || { echo "run: process for $1 exited" >&2; return 1; }
    sleep 0.1
  done
  echo "run: $1 did not answer within $2 s" >&2
  return 1
}

if [ -n "${SARK_API_URL:-}" ]; then
  upstream="$SARK_API_URL"
  demo="${SARK_DEMO:-false}"
  echo "run: proxying /api and /health to $upstream"
else
  sandbox_port="${SANDBOX_PORT:-$(free_port)}"
  # Its request log goes to a file; the terminal keeps the few lines that matter.
  target/sandbox/sark-sandbox --addr "127.0.0.1:$sandbox_port" --db .run/sandbox.db --seed --demo \
    >.run/sandbox.log 2>&1 &
  pids+=("$!")
  wait_for "http://127.0.0.1:$sandbox_port/health/" 30 "$!"
  upstream="http://127.0.0.1:$sandbox_port"
  demo="${SARK_DEMO:-true}"
fi

SARK_API_UPSTREAM="$upstream" SARK_DEMO="$demo" SARK_ENVIRONMENT="${SARK_ENVIRONMENT:-local}" \
  SARK_LISTEN="127.0.0.1:$PORT" SARK_RUNTIME_DIR="$ROOT/.run/nginx" scripts/nginx-local.sh &
pids+=("$!")
wait_for "http://127.0.0.1:$PORT/healthz" 15 "$!"

echo
echo "  SARK Console: http://127.0.0.1:$PORT/"
if [ -z "${SARK_API_URL:-}" ]; then echo "  Demo users:   admin / admin, viewer / viewer"; fi
echo "  Logs:         .run/nginx/access.log$([ -z "${SARK_API_URL:-}" ] && echo ', .run/sandbox.log')"
echo "  Ctrl-C stops."
echo
# Returns when either server exits (or on Ctrl-C); the EXIT trap stops the other.
wait -n
