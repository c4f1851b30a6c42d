#!/usr/bin/env bash
# Size report for a release dist/: each file's raw / gzip -9 / brotli -q 11 bytes, and the
# first-load total in brotli (index.html + every JS, CSS and wasm file: what a cold visit fetches
# before the app can paint). With --budget N it fails when that total exceeds N bytes.
#   scripts/size-report.sh [--budget BYTES] [DIST_DIR]
set -euo pipefail

budget=""
if [ "${1:-}" = "--budget" ]; then
  budget="$2"
  shift 2
fi
dist="${1:-dist}"
[ -f "$dist/index.html" ] || { echo "size-report: no $dist/index.html (run make dist)" >&2; exit 1; }

# The precompressed file nginx actually sends, else the file compressed now the same way.
br_size() { if [ -f "$1.br" ]; then stat -c %s "$1.br"; else brotli -q 11 -c "$1" | wc -c; fi; }
gz_size() { if [ -f "$1.gz" ]; then stat -c %s "$1.gz"; else gzip -9 -n -c "$1" | wc -c; fi; }

total_raw=0 total_gz=0 total_br=0
printf '%-52s %10s %10s %10s  %s\n' file raw gzip brotli first-load
while IFS= read -r f; do
  rel="${f#"$dist"/}"
  raw=$(stat -c %s "$f")
  gz=$(gz_size "$f")
  br=$(br_size "$f")
  first=""
  case "$rel" in
    index.html | *.js | *.mjs | *.css | *.wasm)
      first="yes"
      total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
      ;;
  esac
  printf '%-52s %10d %10d %10d  %s\n' "$rel" "$raw" "$gz" "$br" "$first"
done < <(find "$dist" -type f ! -path '*/.*' ! -name '*.br' ! -name '*.gz' | sort)
printf '%-52s %10d %10d %10d\n' "FIRST LOAD TOTAL" "$total_raw" "$total_gz" "$total_br"

if [ -n "$budget" ]; then
  if [ "$total_br" -gt "$budget" ]; then
    echo "size budget: FAILED — first load is $total_br bytes brotli, budget $budget" >&2
    exit 1
  fi
  echo "size budget: ok — first load $total_br bytes brotli <= $budget"
fi
