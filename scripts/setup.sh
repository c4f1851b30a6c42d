#!/usr/bin/env bash
# Installs what building, running and testing the console needs, and skips what is already there.
#
#   scripts/setup.sh            everything (`make run`, `make test`)
#   scripts/setup.sh --build    only what `make dist` needs (the Dockerfile's build stage uses this)
#   scripts/setup.sh --run      what `make run` needs: the build tools and nginx (no browser, no lint venv)
#
# Every Makefile target calls it, so it must be idempotent and take seconds when all is present.
# Only crates.io, npm, PyPI and Debian apt are reachable here: nothing may download a prebuilt tool
# from elsewhere (see shared/reference/toolchain.md for why each step is done the way it is).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PROFILE="${SETUP_PROFILE:-full}"
case "${1:-}" in
  --build) PROFILE=build ;;
  --run) PROFILE=run ;;
  --full | "") ;;
  *) echo "usage: $0 [--build|--run|--full]" >&2; exit 2 ;;
esac

TRUNK_VERSION=0.21.14
WASM_OPT_VERSION=132
# npm's binaryen first, so Trunk never sees Debian's wasm-opt 108 (it breaks the app at start-up).
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# @playwright/test must never fetch a browser: the tests use Debian's chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DEBIAN_FRONTEND=noninteractive

START=$SECONDS
# Compiler and package-manager output goes here; the terminal gets one line per step.
LOGS="$ROOT/.run/setup"
mkdir -p "$LOGS"
say() { printf '[setup] %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif have sudo && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    echo "setup: need root to run: $*" >&2
    exit 1
  fi
}

APT_UPDATED=0
apt_install() {
  [ "$#" -gt 0 ] || return 0
  if ! have apt-get; then
    echo "setup: missing $* and no apt-get here; install them by hand" >&2
    exit 1
  fi
  say "apt-get install $* (about 1-2 min; log: .run/setup/apt.log)"
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root apt-get update -qq >>"$LOGS/apt.log" 2>&1
    APT_UPDATED=1
  fi
  # The very first install on a new machine once died inside dpkg; fixing and retrying once works.
  if ! as_root apt-get install -y -qq --no-install-recommends "$@" >>"$LOGS/apt.log" 2>&1; then
    say "apt-get install failed; running --fix-broken and retrying once"
    as_root apt-get --fix-broken install -y -qq >>"$LOGS/apt.log" 2>&1
    as_root apt-get install -y -qq --no-install-recommends "$@" >>"$LOGS/apt.log" 2>&1 ||
      { tail -n 30 "$LOGS/apt.log" >&2; exit 1; }
  fi
}

# --- Rust build tools (started first: the longest step, it runs beside everything else) ----------
# The three build tools compile from crates.io (no prebuilt binaries can be fetched here). Their own
# speed hardly matters, so they build with a cheap profile (no LTO, many codegen units, opt-level 1,
# no TLS or update check in Trunk): about a third of the time of their default release profile.
# They build in the background, side by side, while apt, npm, pip and `cargo fetch` run; each one's
# compiler output goes to .run/setup/<tool>.log and only one line per step is printed.
# Trunk only orchestrates (its run time is the tools it calls), so it gets opt-level 0; wasm-bindgen
# and wasm-split-cli rewrite the wasm on every build, so they keep opt-level 1.
cheap_install() { # NAME LOG OPT-LEVEL cargo-install-args...
  local name="$1" log="$2" opt="$3"
  shift 3
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=64 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_PROFILE_RELEASE_INCREMENTAL=false CARGO_TERM_COLOR=never \
    cargo install "$@" >"$log" 2>&1 || { echo "setup: $name failed; see $log:" >&2; tail -n 30 "$log" >&2; return 1; }
}
bg_pids=()
bg_names=()
bg() { # NAME ESTIMATE OPT-LEVEL cargo-install-args...
  local name="$1" est="$2"
  shift 2
  say "building $name in the background (about $est; log: .run/setup/$name.log)"
  local t0=$SECONDS
  (cheap_install "$name" "$LOGS/$name.log" "$@" && say "built $name in $((SECONDS - t0)) s") &
  bg_pids+=("$!")
  bg_names+=("$name")
}

if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
  say "ok: trunk $TRUNK_VERSION"
else
  # --locked and the exact version: without them cargo picks 0.22.x, which needs a newer rustc.
  # No default features: they are TLS for downloads (offline here) and the update check.
  bg trunk "5-7 min" 0 trunk --locked --version "$TRUNK_VERSION" --no-default-features
fi

if [ ! -f Cargo.lock ]; then
  say "no Cargo.lock yet; generating one"
  cargo generate-lockfile
fi
WB_VERSION="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$WB_VERSION" ]; then
  echo "setup: wasm-bindgen not found in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WB_VERSION" ]; then
  say "ok: wasm-bindgen-cli $WB_VERSION"
else
  # Without --locked: the CLI's own lockfile pins a webpki-roots version the registry lacks.
  # Trunk insists on exactly the version in Cargo.lock (and would otherwise try to download it).
  bg wasm-bindgen-cli "3-4 min" 1 wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# wasm-split-cli cuts the wasm at the lazy routes (scripts/wasm-split.sh, Trunk's post_build hook).
# It has no --version: `cargo install --list` tells which crate version put it there.
WS_VERSION=0.2.4
if command -v wasm-split-cli >/dev/null &&
  cargo install --list 2>/dev/null | grep -qxF "wasm_split_cli_support v$WS_VERSION:"; then
  say "ok: wasm-split-cli (wasm_split_cli_support $WS_VERSION)"
else
  bg wasm-split-cli "2 min" 1 wasm_split_cli_support --locked --version "$WS_VERSION" --features build-binary --force
fi

# --- Debian packages -------------------------------------------------------------------------
missing=()
have node || missing+=(nodejs)
have npm || missing+=(npm)
have brotli || missing+=(brotli)
# scripts/merge-chunks.py (the release build's chunk merge).
have python3 || missing+=(python3)
if [ "$PROFILE" != build ]; then
  have nginx || missing+=(nginx-light)
fi
if [ "$PROFILE" = full ]; then
  have chromium || missing+=(chromium)
  have chromedriver || missing+=(chromium-driver)
  # runuser/setpriv (util-linux) run nginx unprivileged in the packaging tests; python3-venv for .venv.
  have setpriv || missing+=(util-linux)
  # Alpine's userland for the packaging test that runs the render script as the image would.
  have busybox || missing+=(busybox)
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
else
  say "ok: Debian packages present (node, npm, brotli$([ "$PROFILE" = full ] && echo ', nginx, chromium, chromedriver, busybox'))"
fi
if [ -x /usr/bin/wasm-opt ]; then
  say "warning: /usr/bin/wasm-opt (Debian binaryen) is installed; Trunk is pinned to wasm-opt $WASM_OPT_VERSION and uses npm's"
fi

# --- Rust toolchain pieces -------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "ok: rust target wasm32-unknown-unknown"
else
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if [ "$PROFILE" = full ]; then
  for comp in rustfmt clippy; do
    if rustup component list --installed 2>/dev/null | grep -q "^$comp"; then
      say "ok: rustup component $comp"
    else
      say "rustup component add $comp"
      rustup component add "$comp"
    fi
  done
fi

# --- npm: Tailwind CLI, binaryen's wasm-opt, Playwright ---------------------------------------
lock_sum() { sha256sum package-lock.json package.json | sha256sum | cut -c1-64; }
if [ -f node_modules/.sark-setup-stamp ] && [ "$(cat node_modules/.sark-setup-stamp)" = "$(lock_sum)" ]; then
  say "ok: node_modules matches package-lock.json"
else
  # Never `npm ci`: the registry only has Linux builds of Tailwind's native packages, so npm ci
  # thinks the lock is out of sync. `npm install` with the committed lock leaves it unchanged.
  say "npm install --no-audit --no-fund (about 30 s; log: .run/setup/npm.log)"
  npm install --no-audit --no-fund --loglevel=error >"$LOGS/npm.log" 2>&1 || { tail -n 30 "$LOGS/npm.log" >&2; exit 1; }
  lock_sum >node_modules/.sark-setup-stamp
fi
if ! wasm-opt --version 2>/dev/null | grep -q "version $WASM_OPT_VERSION"; then
  echo "setup: expected wasm-opt version $WASM_OPT_VERSION from npm binaryen, got: $(wasm-opt --version 2>&1 || true)" >&2
  exit 1
fi
say "ok: $(wasm-opt --version) from $(command -v wasm-opt)"

# --- Python tools for lints and packaging tests ----------------------------------------------
if [ "$PROFILE" = full ]; then
  req=tests/packaging/requirements.txt
  req_sum="$(sha256sum "$req" | cut -c1-64)"
  if [ -x .venv/bin/python ] && [ "$(cat .venv/.sark-setup-stamp 2>/dev/null || true)" = "$req_sum" ]; then
    say "ok: .venv matches $req"
  else
    say "python venv .venv from $req"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r "$req"
    echo "$req_sum" >.venv/.sark-setup-stamp
  fi
fi

# --- crates ------------------------------------------------------------------------------------
# Trunk builds offline (Trunk.toml), so every crate must be in the local registry first.
# (The Dockerfile's tool layer has only Cargo.lock, not the sources: it skips this.)
if [ "${SARK_SETUP_SKIP_FETCH:-}" = 1 ]; then
  say "skipped: cargo fetch (SARK_SETUP_SKIP_FETCH=1)"
else
  say "cargo fetch --locked"
  cargo fetch --locked -q
fi

if [ "${#bg_pids[@]}" -gt 0 ]; then
  say "waiting for ${bg_names[*]}"
  failed=0
  for pid in "${bg_pids[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" -eq 0 ] || exit 1
fi

say "done in $((SECONDS - START)) s (profile: $PROFILE)"
