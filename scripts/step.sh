#!/usr/bin/env bash
# One line per step instead of a wall of compiler output (`make run` on a fresh machine):
#   scripts/step.sh NAME "ESTIMATE" COMMAND...
# The command's full output goes to .run/logs/NAME.log; on failure its last lines are shown.
set -euo pipefail
name="$1" est="$2"
shift 2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$ROOT/.run/logs"
log="$ROOT/.run/logs/$name.log"
printf '[run] %s (%s; log: .run/logs/%s.log)\n' "$name" "$est" "$name"
start=$SECONDS
if "$@" >"$log" 2>&1; then
  printf '[run] %s done in %d s\n' "$name" $((SECONDS - start))
else
  rc=$?
  printf '[run] %s FAILED after %d s; the end of %s:\n' "$name" $((SECONDS - start)) "$log" >&2
  tail -n 40 "$log" >&2
  exit "$rc"
fi
