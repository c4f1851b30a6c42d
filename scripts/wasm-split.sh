#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml [[hooks]]): wasm code splitting for the lazy routes.
#
# Trunk 0.21 cannot split wasm, so this redoes its last two steps the way cargo-leptos does:
#   1. wasm-split-cli (crate wasm_split_cli_support) cuts the linked wasm that cargo left in
#      target/ (it keeps its relocations: .cargo/config.toml passes -Clink-args=--emit-relocs)
#      at every `#[lazy]` / `#[lazy_route]` split point into a main module, one module per split
#      point, shared chunks, and the loader __wasm_split.js;
#   2. wasm-bindgen (same version as Trunk's) on the main module, keeping the lld exports the
#      chunks link against;
#   3. release only: wasm-opt -Oz on every module (index.html has data-wasm-opt="0": Trunk's own
#      wasm-opt would run on the unsplit module and is useless here), then the shared chunks below
#      4 kB brotli merged into one (scripts/merge-chunks.py);
#   4. content-hashed names at the site root (name-<16 hex>.ext, as nginx.conf expects), and
#      Trunk's JS glue and wasm in the staging dir replaced by the split ones: index.html's
#      preload links (with new SRI hashes) and inline loader point at the new files.
# The inline loader's CSP hash changes with the names; scripts/dist.sh computes it afterwards.
set -euo pipefail

stage="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
src="${TRUNK_SOURCE_DIR:-$(pwd)}"
name="sark-console"
case "${TRUNK_PROFILE:-debug}" in
  release) profile=release ;;
  *) profile=debug ;;
esac
target_dir="$(cd "$src" && cargo metadata --format-version 1 --no-deps --offline |
  sed -E 's/.*"target_directory":"([^"]*)".*/\1/')"
raw="$target_dir/wasm32-unknown-unknown/$profile/$name.wasm"
[ -f "$raw" ] || { echo "wasm-split: no $raw" >&2; exit 1; }
html="$stage/index.html"

for tool in wasm-split-cli wasm-bindgen wasm-opt esbuild; do
  command -v "$tool" >/dev/null || { echo "wasm-split: $tool not on PATH (scripts/setup.sh)" >&2; exit 1; }
done
# The same binaryen as Trunk.toml's [tools] pin (Debian's 108 miscompiles the app).
case "$(wasm-opt --version)" in
  *"version 132"*) ;;
  *) echo "wasm-split: need wasm-opt 132 (node_modules/.bin first on PATH), got $(wasm-opt --version)" >&2; exit 1 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

wasm-split-cli "$raw" "$work" --out-name "$name" >/dev/null
# wasm-split-cli writes $name.wasm (to be bindgen'd), split_*.wasm, chunk_*.wasm, __wasm_split.js.
mv "$work/$name.wasm" "$work/$name.split.wasm"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-name "$name" --out-dir "$work" "$work/$name.split.wasm"
rm "$work/$name.split.wasm"
# SARK_WASM_KEEP=dir keeps the modules before wasm-opt strips their names (`twiggy top` on them).
if [ -n "${SARK_WASM_KEEP:-}" ]; then
  mkdir -p "$SARK_WASM_KEEP"
  cp "$work"/*.wasm "$SARK_WASM_KEEP/"
fi

if [ "$profile" = release ]; then
  # -Oz on each module; 2 at a time (each wasm-opt is itself multi-threaded on the big one).
  find "$work" -maxdepth 1 -name '*.wasm' -print0 |
    xargs -0 -P 2 -I{} wasm-opt -Oz --strip-debug --strip-producers {} -o {}
  # Shared chunks below 4 kB brotli become one chunk (a request each is not worth its headers).
  python3 "$src/scripts/merge-chunks.py" "$work"
fi

hash16() { sha256sum | cut -c1-16; } # of stdin
sri() { echo "sha384-$(openssl dgst -sha384 -binary "$1" | base64 -w0)"; }

# Chunks and split modules: own content hash, referenced only by __wasm_split.js.
link="$work/__wasm_split.js"
lazy=0
for f in "$work"/split_*.wasm "$work"/chunk_*.wasm; do
  [ -e "$f" ] || continue
  base="$(basename "$f" .wasm)"
  new="$base-$(hash16 <"$f").wasm"
  sed -i "s#\"\./$base\.wasm\"#\"./$new\"#" "$link"
  mv "$f" "$stage/$new"
  lazy=$((lazy + 1))
done

# Main JS glue and the loader import each other: one hash of both (with the plain names).
# (This script too: how it rewrites them is part of their content.)
h="$(cat "$work/$name.js" "$link" "${BASH_SOURCE[0]}" | hash16)"
# Only the import statements: the imports object keeps the wasm import module name "./__wasm_split.js".
sed -i "s#^\(import .* from \)\"\./__wasm_split\.js\"#\1\"./__wasm_split-$h.js\"#" "$work/$name.js"
sed -i "s#\"\./$name\.js\"#\"./$name-$h.js\"#" "$link"
if [ "$profile" = release ]; then
  # The glue is plain ESM text (~110 kB): minify it like Trunk minifies its own assets.
  for js in "$work/$name.js" "$link"; do
    esbuild "$js" --minify --format=esm --log-level=warning --outfile="$js.min" && mv "$js.min" "$js"
  done
fi
new_js="$name-$h.js"
new_link="__wasm_split-$h.js"
new_wasm="$name-$(hash16 <"$work/${name}_bg.wasm")_bg.wasm"
mv "$work/$name.js" "$stage/$new_js"
mv "$link" "$stage/$new_link"
mv "$work/${name}_bg.wasm" "$stage/$new_wasm"
if [ -d "$work/snippets" ]; then cp -r "$work/snippets" "$stage/"; fi

# Trunk's unsplit glue and wasm: swap their names in index.html, then delete them.
# Trunk prints its 64-bit hash without leading zeros: usually 16 hex digits, sometimes fewer.
old_js="$(grep -oE "$name-[0-9a-f]{1,16}\.js" "$html" | head -n1)"
old_wasm="$(grep -oE "$name-[0-9a-f]{1,16}_bg\.wasm" "$html" | head -n1)"
[ -n "$old_js" ] && [ -n "$old_wasm" ] || { echo "wasm-split: Trunk's loader not found in $html" >&2; exit 1; }
OLD_JS="$old_js" NEW_JS="$new_js" OLD_WASM="$old_wasm" NEW_WASM="$new_wasm" NEW_LINK="$new_link" \
  SRI_JS="$(sri "$stage/$new_js")" SRI_WASM="$(sri "$stage/$new_wasm")" SRI_LINK="$(sri "$stage/$new_link")" \
  perl -0pi -e '
    # Whole tags are rebuilt: Trunk may have minified the HTML (unquoted, reordered attributes).
    s{<link\b[^>]*\Q$ENV{OLD_JS}\E[^>]*>}
     {<link rel="modulepreload" href="/$ENV{NEW_JS}" crossorigin="anonymous" integrity="$ENV{SRI_JS}"><link rel="modulepreload" href="/$ENV{NEW_LINK}" crossorigin="anonymous" integrity="$ENV{SRI_LINK}">};
    s{<link\b[^>]*\Q$ENV{OLD_WASM}\E[^>]*>}
     {<link rel="preload" href="/$ENV{NEW_WASM}" as="fetch" type="application/wasm" crossorigin="anonymous" integrity="$ENV{SRI_WASM}">};
    s{\Q$ENV{OLD_JS}\E}{$ENV{NEW_JS}}g;
    s{\Q$ENV{OLD_WASM}\E}{$ENV{NEW_WASM}}g;
  ' "$html"
rm -f "$stage/$old_js" "$stage/$old_wasm"
if grep -q -e "$old_js" -e "$old_wasm" "$html"; then
  echo "wasm-split: $html still references Trunk's unsplit build" >&2
  exit 1
fi
echo "wasm-split: $new_js, $new_wasm, $new_link + $lazy lazy wasm modules"
