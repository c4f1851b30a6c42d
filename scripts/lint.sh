#!/usr/bin/env bash
# Lints of the packaging: shell scripts (shellcheck; POSIX sh for the scripts the Alpine image runs),
# the Dockerfile (hadolint), the Kubernetes manifests (kubernetes-validate, checkov) and the nginx
# config as rendered (gixy). The tools come from .venv (scripts/setup.sh installs them from PyPI).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv/bin"
K8S_VERSION="${K8S_VERSION:-1.33.0}"
status=0
run() { # NAME CMD...: runs every lint even after a failure, so one run shows all problems
  echo "[lint] $1"
  shift
  if ! "$@"; then
    echo "[lint] FAILED: $*" >&2
    status=1
  fi
}

run shellcheck "$VENV/shellcheck" -x scripts/*.sh docker/*.sh .ci/run
run hadolint "$VENV/hadolint" Dockerfile

mapfile -t manifests < <(find deploy/k8s -name '*.yaml' ! -name kustomization.yaml | sort)
run kubernetes-validate "$VENV/kubernetes-validate" --strict --kubernetes-version "$K8S_VERSION" "${manifests[@]}"
# Every manifest must be listed in the kustomization (kubectl apply -k only applies those).
for m in "${manifests[@]}"; do
  run "kustomization lists ${m##*/}" grep -q -- "- ${m##*/}" deploy/k8s/kustomization.yaml
done
# (Two runs: checkov ignores -f when -d is given.)
run "checkov kubernetes" "$VENV/checkov" --quiet --compact --framework kubernetes -d deploy/k8s --skip-download
run "checkov dockerfile" "$VENV/checkov" --quiet --compact --framework dockerfile -f Dockerfile --skip-download

# gixy on the config as render-config.sh writes it, with a stand-in web root (no build needed).
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/www"
printf '<!DOCTYPE html><html><head><script type="module">import init from "/app-0123456789abcdef.js"; await init();</script></head><body></body></html>\n' >"$tmp/www/index.html"
docker/csp-hashes.sh "$tmp/www/index.html" >"$tmp/hashes"
run render-config env -i PATH="$PATH" SARK_API_UPSTREAM=http://sark-api:8000 SARK_CONF_DIR="$ROOT/nginx" \
  SARK_NGINX_TEMPLATE="$ROOT/nginx.conf" SARK_WEB_ROOT="$tmp/www" SARK_RUNTIME_DIR="$tmp/run" SARK_CSP_HASHES="$tmp/hashes" \
  SARK_REAL_IP_FROM=10.0.0.0/8 sh docker/render-config.sh
# shellcheck disable=SC2329 # called through run()
gixy_clean() {
  local out
  # stale_dns_cache: a hostname upstream is resolved once at start, on purpose. In Kubernetes the
  # Service's ClusterIP never changes; start-up resolution honours resolv.conf search domains (the
  # short name `sark-api` works), which nginx's runtime resolver would not; and the upstream block
  # keeps connections alive. (The packaging tests run gixy with no skip on an IP upstream.)
  out="$("$VENV/gixy" --skips stale_dns_cache "$tmp/run/nginx.conf" 2>&1)" || { echo "$out"; return 1; }
  if grep -q '>> Problem' <<<"$out"; then echo "$out"; return 1; fi
  echo "gixy: no issues"
}
run gixy gixy_clean

if [ "$status" -ne 0 ]; then
  echo "[lint] some lints failed" >&2
fi
exit "$status"
