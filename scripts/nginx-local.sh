#!/usr/bin/env bash
# Runs the project's nginx (./nginx.conf with the snippets in nginx/, rendered by docker/render-config.sh) in the foreground
# for this checkout, exactly as the container does, as an unprivileged user:
#   - when started as root (CI), it drops to `nobody` with setpriv, so file permissions behave like
#     the container's read-only root filesystem (web root and templates are only read);
#   - SARK_EXIT_AFTER=N makes it stop by itself after N seconds (test servers must not linger).
# Used by `make run` (scripts/run.sh), the e2e global setup and the packaging tests.
#
# Environment: SARK_API_UPSTREAM (required) and any other SARK_* variable of render-config.sh.
# Defaults here: SARK_LISTEN=127.0.0.1:${PORT:-8080}, web root dist/, template ./nginx.conf, snippets nginx/,
# runtime dir .run/nginx, CSP hashes build/csp-script-hashes.txt, access log in the runtime dir.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

export SARK_LISTEN="${SARK_LISTEN:-127.0.0.1:${PORT:-8080}}"
export SARK_CONF_DIR="${SARK_CONF_DIR:-$ROOT/nginx}"
# A conf dir laid out like the image's (nginx.conf beside the snippets) brings its own template.
if [ -z "${SARK_NGINX_TEMPLATE:-}" ] && [ ! -f "$SARK_CONF_DIR/nginx.conf" ]; then
  export SARK_NGINX_TEMPLATE="$ROOT/nginx.conf"
fi
export SARK_WEB_ROOT="${SARK_WEB_ROOT:-$ROOT/dist}"
export SARK_RUNTIME_DIR="${SARK_RUNTIME_DIR:-$ROOT/.run/nginx}"
export SARK_CSP_HASHES="${SARK_CSP_HASHES:-$ROOT/build/csp-script-hashes.txt}"
export SARK_ACCESS_LOG="${SARK_ACCESS_LOG:-$SARK_RUNTIME_DIR/access.log}"

cmd=(sh "$ROOT/docker/render-config.sh" nginx -g 'daemon off;')
if [ -n "${SARK_EXIT_AFTER:-}" ]; then
  # timeout forwards TERM/INT to nginx, so stopping this script stops nginx too.
  cmd=(timeout --signal=TERM "$SARK_EXIT_AFTER" "${cmd[@]}")
fi

mkdir -p "$SARK_RUNTIME_DIR"
if [ "$(id -u)" -eq 0 ]; then
  user="${SARK_NGINX_USER:-nobody}"
  group="$(id -gn "$user")"
  # Only the runtime dir is handed over; the web root and templates stay root-owned, read-only to nginx.
  chown -R "$user:$group" "$SARK_RUNTIME_DIR"
  exec setpriv --reuid="$user" --regid="$group" --clear-groups --inh-caps=-all --bounding-set=-all \
    --no-new-privs "${cmd[@]}"
fi
exec "${cmd[@]}"
