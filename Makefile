# SARK Console — build, run and test. Every target installs what it needs first (scripts/setup.sh,
# seconds when all is present). Two commands cover a fresh machine: `make run` and `make test`.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# npm's wasm-opt/tailwindcss before anything else on PATH (Debian's wasm-opt breaks the app).
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080
export PORT

.PHONY: help setup dist sandbox run test e2e bench lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: ## install the toolchain pieces (Trunk, wasm-bindgen, npm, apt, .venv) that are missing
	scripts/setup.sh

dist: setup ## release build into dist/ (precompressed, CSP hashes in build/)
	scripts/dist.sh

sandbox: setup ## build the sandbox API server (target/sandbox/sark-sandbox)
	cargo build --profile sandbox -p sark-sandbox

# The first run on a fresh machine installs only what running needs (no browser, no lint tools) and
# prints one line per step; each step's output is in .run/logs/. The sandbox builds beside the
# release build (own profile and target dir, so no lock), at a lower priority: it fills the core
# the release build leaves idle while it links and optimises, without slowing it down.
run: ## the console at http://127.0.0.1:$(PORT) on the sandbox (or SARK_API_URL); Ctrl-C stops
	scripts/setup.sh --run
	nice -n 10 scripts/step.sh sandbox-build "about 2 min" cargo build --profile sandbox -p sark-sandbox & \
	  pid=$$!; scripts/step.sh release-build "1-5 min" scripts/dist.sh && wait $$pid
	scripts/run.sh

test: ## everything CI runs: fmt, clippy, tests, wasm tests, dist, size budget, packaging, lints, e2e
	scripts/test.sh

e2e: dist sandbox ## Playwright end-to-end tests against nginx + sandbox
	scripts/e2e.sh

bench: dist sandbox ## dist size report (raw/gzip/brotli, first-load total) and Lighthouse if available
	scripts/bench.sh

lint: setup ## shellcheck, hadolint, kubernetes-validate, checkov, gixy
	scripts/lint.sh

clean: ## remove build output and runtime state (keeps target/, node_modules/, .venv/)
	rm -rf dist build .run e2e/test-results e2e/playwright-report
