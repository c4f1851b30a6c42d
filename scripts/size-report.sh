#!/usr/bin/env bash
# Size report for a release dist/: each file's raw / gzip -9 / brotli -q 11 bytes, and the
# first-load total in brotli (index.html + every JS, CSS and wasm file: what a cold visit fetches
# before the app can paint). With --budget N it fails when that total exceeds N bytes, or when a
# lazy wasm module is below 4096 bytes brotli (a request that costs about as much in headers;
# scripts/merge-chunks.py merges the shared chunks, a split point that small should not exist).
#   scripts/size-report.sh [--budget BYTES] [DIST_DIR]
set -euo pipefail

budget=""
if [ "${1:-}" = "--budget" ]; then
  budget="$2"
  shift 2
fi
dist="${1:-dist}"
[ -f "$dist/index.html" ] || { echo "size-report: no $dist/index.html (run make dist)" >&2; exit 1; }

# First load = index.html, the files it references, and the JS modules those import statically.
# Lazy wasm chunks (scripts/wasm-split.sh) are fetched by __wasm_split-*.js only when a lazy route
# is first visited: listed, not counted.
first_load="$(
  refs() { grep -oE '[A-Za-z0-9_.-]+-[0-9a-f]{16}(_bg)?\.(js|wasm|css)' "$1" | sort -u; }
  refs "$dist/index.html"
  for js in $(refs "$dist/index.html" | grep '\.js$'); do
    grep -oE 'from ?"\./[A-Za-z0-9_.-]+\.js"' "$dist/$js" | sed -E 's/from ?"\.\/(.*)"/\1/' || true
  done | sort -u
)"

# The precompressed file nginx actually sends, else the file compressed now the same way.
br_size() { if [ -f "$1.br" ]; then stat -c %s "$1.br"; else brotli -q 11 -c "$1" | wc -c; fi; }
gz_size() { if [ -f "$1.gz" ]; then stat -c %s "$1.gz"; else gzip -9 -n -c "$1" | wc -c; fi; }

total_raw=0 total_gz=0 total_br=0 lazy_br=0 lazy_n=0 lazy_min=0 lazy_min_name=""
printf '%-52s %10s %10s %10s  %s\n' file raw gzip brotli first-load
while IFS= read -r f; do
  rel="${f#"$dist"/}"
  raw=$(stat -c %s "$f")
  gz=$(gz_size "$f")
  br=$(br_size "$f")
  first=""
  if [ "$rel" = index.html ] || grep -qxF "$rel" <<<"$first_load"; then
    first="yes"
    total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  elif [[ "$rel" == *.wasm ]]; then
    first="lazy"
    lazy_br=$((lazy_br + br)) lazy_n=$((lazy_n + 1))
    if [ "$lazy_min" -eq 0 ] || [ "$br" -lt "$lazy_min" ]; then lazy_min=$br lazy_min_name=$rel; fi
  fi
  printf '%-52s %10d %10d %10d  %s\n' "$rel" "$raw" "$gz" "$br" "$first"
done < <(find "$dist" -type f ! -path '*/.*' ! -name '*.br' ! -name '*.gz' | sort)
printf '%-52s %10d %10d %10d\n' "FIRST LOAD TOTAL" "$total_raw" "$total_gz" "$total_br"
printf '%-52s %32d  (%d lazy wasm modules)\n' "LAZY CHUNKS TOTAL (brotli)" "$lazy_br" "$lazy_n"
[ "$lazy_n" -gt 0 ] && printf '%-52s %32d  (%s)\n' "SMALLEST LAZY MODULE (brotli)" "$lazy_min" "$lazy_min_name"

if [ -n "$budget" ]; then
  if [ "$total_br" -gt "$budget" ]; then
    echo "size budget: FAILED — first load is $total_br bytes brotli, budget $budget" >&2
    exit 1
  fi
  if [ "$lazy_n" -gt 0 ] && [ "$lazy_min" -lt 4096 ]; then
    echo "size budget: FAILED — lazy module $lazy_min_name is $lazy_min bytes brotli, below 4096" >&2
    exit 1
  fi
  echo "size budget: ok — first load $total_br bytes brotli <= $budget; smallest lazy module $lazy_min"
fi
