#!/bin/sh
# Renders the console's runtime configuration from environment variables, then runs its arguments.
#
#   SARK_API_UPSTREAM=http://sark-api:8000 render-config.sh nginx -g 'daemon off;'
#   (`nginx` as the first argument gets -p/-c/-e for the runtime dir; any other command runs as is)
#
# Writes into SARK_RUNTIME_DIR (the only writable place; everything else stays read-only):
#   nginx.conf + includes   from the template SARK_NGINX_TEMPLATE (./nginx.conf in the repository,
#                           SARK_CONF_DIR/nginx.conf in the image) and the snippets in SARK_CONF_DIR
#                           (nginx/ in the repository)
#   www/config.json         what the app fetches at start
#   www/index.html          the app shell, its asset URLs pointed at SARK_ASSET_BASE when that is set
#   tmp/                    nginx's temp files; nginx.pid
# The same script serves the container entrypoint, `make run`, and the e2e and packaging tests.
# POSIX sh (Alpine's busybox): no bash-isms, no envsubst.
set -eu

die() {
  printf 'render-config: error: %s\n' "$*" >&2
  exit 1
}
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)

# matches VALUE ERE: the whole value must match (grep -x), so nothing can smuggle nginx syntax in.
nl='
'
matches() {
  case $1 in *"$nl"*) return 1 ;; esac # grep -x checks line by line: refuse newlines outright
  printf '%s\n' "$1" | grep -Eqx -- "$2"
}
is_abs_path() { matches "$1" '/[A-Za-z0-9._/-]*'; }
parse_bool() { # NAME VALUE -> true|false
  case $(printf '%s' "$2" | tr '[:upper:]' '[:lower:]') in
    1 | true | yes | on) echo true ;;
    0 | false | no | off) echo false ;;
    *) die "$1 must be true or false, got '$2'" ;;
  esac
}

# --- inputs ----------------------------------------------------------------------------------
[ -n "${SARK_API_UPSTREAM:-}" ] ||
  die "SARK_API_UPSTREAM is not set. Set it to the SARK API base URL as this server reaches it, e.g. SARK_API_UPSTREAM=http://sark-api:8000"

conf_dir=${SARK_CONF_DIR:-/etc/sark-console}
web_root=${SARK_WEB_ROOT:-/usr/share/sark-console/html}
run_dir=${SARK_RUNTIME_DIR:-/tmp/sark-console}
hashes_file=${SARK_CSP_HASHES:-$conf_dir/csp-script-hashes.txt}
main_template=${SARK_NGINX_TEMPLATE:-$conf_dir/nginx.conf}
listen=${SARK_LISTEN:-8080}
environment=${SARK_ENVIRONMENT:-}
enable_ws=$(parse_bool SARK_ENABLE_WEBSOCKETS "${SARK_ENABLE_WEBSOCKETS:-true}")
demo=$(parse_bool SARK_DEMO "${SARK_DEMO:-false}")
asset_base=${SARK_ASSET_BASE:-}
access_log=${SARK_ACCESS_LOG:-/dev/stdout}
error_log=${SARK_ERROR_LOG:-stderr}
workers=${SARK_WORKER_PROCESSES:-1}
api_rate=${SARK_API_RATE:-50r/s}
api_burst=${SARK_API_BURST:-100}
body_size=${SARK_CLIENT_MAX_BODY_SIZE:-10m}
real_ip_from=${SARK_REAL_IP_FROM:-}
sentry_dsn=${SARK_SENTRY_DSN:-}
sentry_rate=${SARK_SENTRY_SAMPLE_RATE:-1.0}
release=${SARK_RELEASE:-}

for pair in "SARK_CONF_DIR=$conf_dir" "SARK_WEB_ROOT=$web_root" "SARK_RUNTIME_DIR=$run_dir" \
  "SARK_CSP_HASHES=$hashes_file" "SARK_NGINX_TEMPLATE=$main_template"; do
  is_abs_path "${pair#*=}" || die "${pair%%=*} must be an absolute path of [A-Za-z0-9._/-], got '${pair#*=}'"
done
[ -f "$web_root/index.html" ] || die "no index.html in SARK_WEB_ROOT=$web_root (run 'make dist' first)"
[ -f "$main_template" ] || die "no nginx.conf template at SARK_NGINX_TEMPLATE=$main_template"
matches "$listen" '(([0-9]{1,3}\.){3}[0-9]{1,3}:|\[[0-9A-Fa-f:]+\]:)?[0-9]{1,5}' ||
  die "SARK_LISTEN must be PORT, IPv4:PORT or [IPv6]:PORT, got '$listen'"
matches "$workers" '[1-9][0-9]{0,2}|auto' || die "SARK_WORKER_PROCESSES must be a number or auto, got '$workers'"
matches "$api_rate" '[1-9][0-9]{0,5}r/[sm]' || die "SARK_API_RATE must look like 50r/s, got '$api_rate'"
matches "$api_burst" '[0-9]{1,6}' || die "SARK_API_BURST must be a number, got '$api_burst'"
matches "$body_size" '[1-9][0-9]{0,5}[kKmM]?' || die "SARK_CLIENT_MAX_BODY_SIZE must look like 10m, got '$body_size'"
{ [ "$access_log" = off ] || is_abs_path "$access_log"; } || die "SARK_ACCESS_LOG must be off or an absolute path, got '$access_log'"
{ [ "$error_log" = stderr ] || is_abs_path "$error_log"; } || die "SARK_ERROR_LOG must be stderr or an absolute path, got '$error_log'"
# Control characters would break config.json; quotes and backslashes are escaped below.
[ -z "$(printf '%s' "$environment" | LC_ALL=C tr -d '\040-\176\200-\377')" ] ||
  die "SARK_ENVIRONMENT must not contain control characters"
[ "${#environment}" -le 64 ] || die "SARK_ENVIRONMENT is longer than 64 characters"

# SARK_API_UPSTREAM: scheme://host[:port] (a trailing slash is dropped; a path is refused, since
# nginx would then rewrite the request paths the UI relies on).
upstream=${SARK_API_UPSTREAM%/}
matches "$upstream" 'https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:[0-9]{1,5})?' ||
  die "SARK_API_UPSTREAM must be http(s)://host[:port] with no path, got '$SARK_API_UPSTREAM'"
up_scheme=${upstream%%://*}
up_authority=${upstream#*://}
up_hostname=$(printf '%s' "$up_authority" | sed -e 's/^\[\(.*\)\].*$/\1/' -e 't' -e 's/:[0-9]*$//')
if matches "$up_authority" '.*:[0-9]{1,5}'; then
  up_server=$up_authority
elif [ "$up_scheme" = https ]; then
  up_server="$up_authority:443"
else
  up_server="$up_authority:80"
fi

# SARK_ASSET_BASE: where the hashed assets live (a CDN), e.g. https://cdn.example.com/sark/1.2.0
asset_origin=""
if [ -n "$asset_base" ]; then
  asset_base=${asset_base%/}
  matches "$asset_base" 'https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?' ||
    die "SARK_ASSET_BASE must be an http(s) URL without query or spaces, got '$SARK_ASSET_BASE'"
  asset_origin=$(printf '%s' "$asset_base" | sed -E 's#^(https?://[^/]+).*$#\1#')
fi

# SARK_SENTRY_DSN: https://<public key>@host[:port][/path]/<project id>. A DSN with a secret key
# is refused: config.json is public. Its origin (and nothing else) joins connect-src.
sentry_origin=""
if [ -n "$sentry_dsn" ]; then
  matches "$sentry_dsn" 'https?://[A-Za-z0-9]+@([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*/[0-9]+/?' ||
    die "SARK_SENTRY_DSN must look like https://<public key>@host/<project id> (no secret key, query or spaces), got '$SARK_SENTRY_DSN'"
  sentry_origin=$(printf '%s' "$sentry_dsn" | sed -E 's#^(https?://)[^@]*@([^/]+).*$#\1\2#')
fi
matches "$sentry_rate" '0|1|0?\.[0-9]{1,6}|1\.0{1,6}' ||
  die "SARK_SENTRY_SAMPLE_RATE must be a number from 0 to 1, got '$sentry_rate'"
case $sentry_rate in .*) sentry_rate="0$sentry_rate" ;; esac
matches "$release" '[A-Za-z0-9._+@-]{0,200}' ||
  die "SARK_RELEASE may only hold letters, digits and . _ + @ - (at most 200), got '$release'"

real_ip_lines=""
if [ -n "$real_ip_from" ]; then
  set -f # split on commas only, never glob
  for cidr in $(printf '%s' "$real_ip_from" | tr ',' ' '); do
    matches "$cidr" '[0-9A-Fa-f.:]+(/[0-9]{1,3})?' || die "SARK_REAL_IP_FROM: not an address or CIDR: '$cidr'"
    real_ip_lines="${real_ip_lines}set_real_ip_from $cidr;
"
  done
  set +f
  real_ip_lines="${real_ip_lines}real_ip_header X-Forwarded-For;
real_ip_recursive on;
"
fi

# --- runtime dir -----------------------------------------------------------------------------
for d in "$run_dir" "$run_dir/www" "$run_dir/tmp/client_body" "$run_dir/tmp/proxy" \
  "$run_dir/tmp/fastcgi" "$run_dir/tmp/uwsgi" "$run_dir/tmp/scgi"; do
  mkdir -p "$d" 2>/dev/null || die "cannot create $d (SARK_RUNTIME_DIR must be writable)"
done
[ -w "$run_dir" ] || die "SARK_RUNTIME_DIR=$run_dir is not writable"

# --- index.html (and the hashes of its inline loader) ------------------------------------------
index="$run_dir/www/index.html"
rm -f "$index" "$index.gz" "$index.br"
if [ -z "$asset_base" ]; then
  cp "$web_root/index.html" "$index"
  for ext in gz br; do
    if [ -f "$web_root/index.html.$ext" ]; then cp "$web_root/index.html.$ext" "$index.$ext"; fi
  done
  [ -f "$hashes_file" ] || die "no CSP hash file $hashes_file (written by 'make dist')"
  built=$(tr '\n' ' ' <"$hashes_file")
  served=$("$here/csp-hashes.sh" "$index" | tr '\n' ' ')
  # A stale hash file would make the browser refuse the loader: say so now, not in the browser.
  [ "$built" = "$served" ] ||
    die "$hashes_file does not match $web_root/index.html (rebuild with 'make dist', not plain trunk)"
  script_hashes=$built
else
  # Point every hashed asset at the CDN: "/name-<hash>.ext" -> "<base>/name-<hash>.ext", in
  # attributes and in Trunk's inline loader alike. Cross-origin scripts and stylesheets carry
  # integrity= from Trunk, which only works with CORS, so they get crossorigin="anonymous".
  sed_script="$run_dir/cdn.sed"
  : >"$sed_script"
  base_esc=$(printf '%s' "$asset_base" | sed 's/[\\&|]/\\&/g')
  for f in "$web_root"/*; do
    name=${f##*/}
    matches "$name" '[A-Za-z0-9_.-]+-[0-9a-f]{12,16}(_bg)?\.[a-z0-9]+' || continue
    name_re=$(printf '%s' "$name" | sed 's/\./\\./g')
    printf 's|\\(["'\'']\\)/%s|\\1%s/%s|g\n' "$name_re" "$base_esc" "$name" >>"$sed_script"
  done
  printf 's|<link rel="stylesheet" href="%s/|<link rel="stylesheet" crossorigin="anonymous" href="%s/|g\n' \
    "$base_esc" "$base_esc" >>"$sed_script"
  printf 's|<script src="%s/|<script crossorigin="anonymous" src="%s/|g\n' "$base_esc" "$base_esc" >>"$sed_script"
  sed -f "$sed_script" "$web_root/index.html" >"$index"
  rm -f "$sed_script"
  gzip -9 -n -c "$index" >"$index.gz"
  script_hashes=$("$here/csp-hashes.sh" "$index" | tr '\n' ' ')
fi
script_hashes=$(printf '%s' "$script_hashes" | sed 's/ *$//')

# --- CSP ---------------------------------------------------------------------------------------
# 'wasm-unsafe-eval' lets the page compile WebAssembly and nothing else; no unsafe-inline/-eval.
# connect-src 'self' covers same-origin ws:/wss: in current browsers (CSP 3).
cdn=""
[ -z "$asset_origin" ] || cdn=" $asset_origin"
csp="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'${script_hashes:+ $script_hashes}$cdn; style-src 'self'$cdn; connect-src 'self'$cdn${sentry_origin:+ $sentry_origin}; img-src 'self' data:$cdn; font-src 'self'$cdn; manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
if [ -n "$asset_origin" ]; then
  asset_corp=cross-origin
  asset_cors='add_header Access-Control-Allow-Origin "*";'
else
  asset_corp=same-origin
  asset_cors='# SARK_ASSET_BASE unset: assets are same-origin only, no CORS header.'
fi

# --- config.json -------------------------------------------------------------------------------
env_json=$(printf '%s' "$environment" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')
# DSN and release passed the patterns above: nothing in them needs JSON escaping.
printf '{"api_base": "", "environment": "%s", "enable_websockets": %s, "demo": %s, "sentry_dsn": "%s", "sentry_sample_rate": %s, "release": "%s"}\n' \
  "$env_json" "$enable_ws" "$demo" "$sentry_dsn" "$sentry_rate" "$release" >"$run_dir/www/config.json.tmp"
mv "$run_dir/www/config.json.tmp" "$run_dir/www/config.json"

# --- nginx config ------------------------------------------------------------------------------
esc() { printf '%s' "$1" | sed 's/[\\&|]/\\&/g'; }
render() { # template path, name in the runtime dir
  sed -e "s|@RUNTIME_DIR@|$(esc "$run_dir")|g" \
    -e "s|@WEB_ROOT@|$(esc "$web_root")|g" \
    -e "s|@LISTEN@|$(esc "$listen")|g" \
    -e "s|@WORKER_PROCESSES@|$(esc "$workers")|g" \
    -e "s|@ACCESS_LOG@|$(esc "$access_log")|g" \
    -e "s|@ERROR_LOG@|$(esc "$error_log")|g" \
    -e "s|@API_RATE@|$(esc "$api_rate")|g" \
    -e "s|@API_BURST@|$(esc "$api_burst")|g" \
    -e "s|@CLIENT_MAX_BODY_SIZE@|$(esc "$body_size")|g" \
    -e "s|@UPSTREAM_SCHEME@|$(esc "$up_scheme")|g" \
    -e "s|@UPSTREAM_SERVER@|$(esc "$up_server")|g" \
    -e "s|@UPSTREAM_HOST@|$(esc "$up_authority")|g" \
    -e "s|@UPSTREAM_HOSTNAME@|$(esc "$up_hostname")|g" \
    -e "s|@ASSET_CORP@|$(esc "$asset_corp")|g" \
    -e "s|@ASSET_CORS@|$(esc "$asset_cors")|g" \
    -e "s|@CSP@|$(esc "$csp")|g" \
    "$1" >"$run_dir/$2.tmp"
  if grep -q '@[A-Z_]*@' "$run_dir/$2.tmp"; then
    die "unrendered placeholder in $2: $(grep -o '@[A-Z_]*@' "$run_dir/$2.tmp" | head -n 1)"
  fi
  mv "$run_dir/$2.tmp" "$run_dir/$2"
}
render "$main_template" nginx.conf
for t in security-headers.conf asset-headers.conf precompressed.conf proxy.conf upstream.conf; do
  render "$conf_dir/$t" "$t"
done
cp "$conf_dir/mime.types" "$run_dir/mime.types"
printf '# Rendered from SARK_REAL_IP_FROM.\n%s' "$real_ip_lines" >"$run_dir/realip.conf"

printf 'render-config: %s -> %s (listen %s, environment "%s", websockets %s, demo %s%s%s)\n' \
  "$run_dir/nginx.conf" "$upstream" "$listen" "$environment" "$enable_ws" "$demo" \
  "${asset_base:+, assets from $asset_base}" "${sentry_origin:+, errors to $sentry_origin}" >&2

# `render-config.sh nginx ARGS...` starts nginx on the rendered config (prefix, config and the
# start-up error log all in the runtime dir / stderr); any other command runs as given.
if [ "${1:-}" = nginx ]; then
  shift
  exec nginx -p "$run_dir/" -c "$run_dir/nginx.conf" -e stderr "$@"
fi
[ "$#" -eq 0 ] || exec "$@"
