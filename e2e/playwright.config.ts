// Playwright for the SARK Console. Debian's chromium (never `npx playwright install`: nothing but the
// package registries is reachable). The servers come from global-setup.ts; specs import `test` and
// helpers from ./fixtures, which also fails a test on any CSP violation, console error or page error.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: './test-results',
  // One sandbox is shared and the test admin API (faults, mode, reset) changes it for everyone:
  // run one test at a time. Two cores are shared with the browser and both servers anyway.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Flags that work on these machines (shared/reference/toolchain.md): no sandbox as root, no
      // GPU, and no background traffic to hosts the closed network refuses.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
