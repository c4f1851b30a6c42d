#!/bin/sh
# Prints the CSP source ('sha256-<base64>') of every inline <script> in an HTML file, one per line.
#
#   csp-hashes.sh dist/index.html
#
# Used at build time (`make dist`, which saves the result for the render step) and at container
# start (docker/render-config.sh, after pointing index.html at a CDN changes the loader's text).
# POSIX sh + awk + sha256sum + base64, so it runs on Alpine's busybox as well as on Debian.
set -eu

[ "$#" -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 FILE.html" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT HUP INT TERM

# Byte semantics: the hash is over the exact bytes between <script ...> and </script>.
# RS is a byte that never occurs in HTML, so awk sees the whole file as one record.
LC_ALL=C awk -v dir="$work" 'BEGIN { RS = "\001" }
{
  # Search a lower-cased copy (same length under LC_ALL=C) so <SCRIPT> counts too; cut the original.
  rest = $0; low = tolower($0); n = 0
  while ((start = index(low, "<script")) > 0) {
    rest = substr(rest, start); low = substr(low, start)
    close_tag = index(low, ">")
    if (close_tag == 0) break
    tag = substr(low, 1, close_tag)
    rest = substr(rest, close_tag + 1); low = substr(low, close_tag + 1)
    end = index(low, "</script")
    if (end == 0) break
    body = substr(rest, 1, end - 1)
    rest = substr(rest, end + 8); low = substr(low, end + 8)
    # External scripts (src=...) are allowed by the script-src origin list; only inline bodies need hashes.
    if (tag ~ /[ \t\n\/]src[ \t\n]*=/) continue
    n++
    file = dir "/" n
    printf "%s", body > file
    close(file)
  }
}
END { print n + 0 > (dir "/count") }' "$1"

hex_to_octal_escapes() {
  # "0a1b..." -> "\012\033...": POSIX printf understands octal escapes, not \x.
  awk '{ for (i = 1; i <= length($0); i += 2) {
           h = tolower(substr($0, i, 2))
           d = (index("0123456789abcdef", substr(h, 1, 1)) - 1) * 16 + index("0123456789abcdef", substr(h, 2, 1)) - 1
           printf "\\%03o", d } }'
}

count=$(cat "$work/count")
i=1
while [ "$i" -le "$count" ]; do
  hex=$(sha256sum "$work/$i" | cut -c1-64)
  # shellcheck disable=SC2059 # the format is the escape string itself
  b64=$(printf "$(printf '%s' "$hex" | hex_to_octal_escapes)" | base64 | tr -d '\n')
  printf "'sha256-%s'\n" "$b64"
  i=$((i + 1))
done
