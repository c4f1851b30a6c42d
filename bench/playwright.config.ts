// Playwright config for the render benchmarks of `make bench` (not tests: they print numbers and
// never assert on timing). Same servers as the e2e tests: e2e/global-setup.ts starts the sandbox
// and nginx serving dist/ with the production CSP.
import { defineConfig } from '@playwright/test';
import base from '../e2e/playwright.config';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.bench.ts',
  globalSetup: '../e2e/global-setup.ts',
  outputDir: '../e2e/test-results/bench',
  retries: 0,
  timeout: 180_000,
  reporter: 'line',
});
