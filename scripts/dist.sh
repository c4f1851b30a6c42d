#!/usr/bin/env bash
# Release build of the console into dist/, ready for nginx:
#   1. trunk build --release (offline: Trunk.toml; tools from node_modules/.bin and ~/.cargo/bin)
#   2. every text/wasm asset precompressed next to itself as .br (brotli -q 11) and .gz (gzip -9),
#      because nginx-light has no brotli module and on-the-fly gzip (level 1) sends far more bytes
#   3. the CSP sources of Trunk's inline loader script written to build/csp-script-hashes.txt,
#      which docker/render-config.sh puts into script-src (no 'unsafe-inline')
# Usage: scripts/dist.sh [crate dir, default: the repository root]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRATE="${1:-$ROOT}"
cd "$CRATE"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

start=$SECONDS
echo "[dist] trunk build --release in $CRATE"
trunk build --release

echo "[dist] precompressing (brotli -q 11, gzip -9)"
count=0
while IFS= read -r -d '' f; do
  brotli -q 11 -f -k -o "$f.br" "$f"
  gzip -9 -n -c "$f" >"$f.gz"
  size=$(stat -c %s "$f")
  # A compressed copy that is not smaller is useless; nginx then serves the file itself.
  for c in "$f.br" "$f.gz"; do
    if [ "$(stat -c %s "$c")" -ge "$size" ]; then rm -f "$c"; fi
  done
  count=$((count + 1))
done < <(find dist -type f ! -path '*/.*' \( -name '*.html' -o -name '*.js' -o -name '*.mjs' -o -name '*.css' \
  -o -name '*.wasm' -o -name '*.svg' -o -name '*.json' -o -name '*.txt' -o -name '*.map' \
  -o -name '*.webmanifest' -o -name '*.xml' -o -name '*.ico' \) -print0)
echo "[dist] precompressed $count files"

mkdir -p build
"$ROOT/docker/csp-hashes.sh" dist/index.html >build/csp-script-hashes.txt
if [ ! -s build/csp-script-hashes.txt ]; then
  echo "[dist] warning: no inline <script> in dist/index.html (Trunk normally inlines its loader)" >&2
fi
echo "[dist] CSP script hashes: $(tr '\n' ' ' <build/csp-script-hashes.txt)"
echo "[dist] done in $((SECONDS - start)) s"
