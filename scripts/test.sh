#!/usr/bin/env bash
# `make test`: every check, in order, each stage timed. Stops at the first failing stage and prints
# the timings so far either way. Cheap checks run first so a formatting slip fails in seconds.
# Stage names: setup fmt clippy-host clippy-wasm32 cargo-test wasm-test dist size-budget
# sandbox-build packaging lint e2e. SARK_TEST_SKIP=name,name skips some while iterating locally.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
SIZE_BUDGET="${SIZE_BUDGET:-180000}"

timings=()
current=""
stage_start=0
report() {
  local rc=$?
  if [ -n "$current" ]; then timings+=("$(printf '%-22s %6ss  FAILED' "$current" $((SECONDS - stage_start)))"); fi
  echo
  echo "== make test: stage timings =="
  printf '%s\n' "${timings[@]}"
  printf '%-22s %6ss\n' total "$SECONDS"
  [ "$rc" -eq 0 ] && echo "make test: all stages passed" || echo "make test: FAILED (exit $rc)"
}
trap report EXIT

stage() { # NAME CMD...
  if [[ ",${SARK_TEST_SKIP:-}," == *",$1,"* ]]; then
    # For local iteration only (e.g. SARK_TEST_SKIP=fmt,clippy-host); CI never sets it.
    echo
    echo "== [$1] SKIPPED (SARK_TEST_SKIP)"
    timings+=("$(printf '%-22s %6s   SKIPPED' "$1" -)")
    return 0
  fi
  current="$1"
  shift
  echo
  echo "== [$current] $*"
  stage_start=$SECONDS
  "$@"
  timings+=("$(printf '%-22s %6ss' "$current" $((SECONDS - stage_start)))")
  current=""
}

has_wasm_tests() {
  grep -rqs --include='*.rs' -e 'wasm_bindgen_test' src tests 2>/dev/null
}
wasm_tests() {
  if ! has_wasm_tests; then
    echo "no wasm-bindgen-test tests in src/ or tests/: skipped"
    return 0
  fi
  # Runner and Chromium flags: .cargo/config.toml and webdriver.json.
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test -p sark-console --target wasm32-unknown-unknown
}

stage setup scripts/setup.sh
stage fmt cargo fmt --all -- --check
stage clippy-host cargo clippy --workspace --all-targets -- -D warnings
stage clippy-wasm32 cargo clippy -p sark-console --target wasm32-unknown-unknown -- -D warnings
stage cargo-test cargo test --workspace
stage wasm-test wasm_tests
stage dist scripts/dist.sh
stage size-budget scripts/size-report.sh --budget "$SIZE_BUDGET" dist
stage sandbox-build cargo build --profile sandbox -p sark-sandbox
stage packaging .venv/bin/pytest -q -p no:cacheprovider tests/packaging
stage lint scripts/lint.sh
stage e2e scripts/e2e.sh
