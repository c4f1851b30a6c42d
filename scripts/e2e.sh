#!/usr/bin/env bash
# Playwright e2e tests (e2e/): global setup starts the sandbox and nginx on free loopback ports.
# Needs dist/ and target/sandbox/sark-sandbox (`make e2e` builds both). Extra args go to Playwright,
# e.g. scripts/e2e.sh smoke.spec.ts --headed
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec node_modules/.bin/playwright test -c e2e/playwright.config.ts "$@"
