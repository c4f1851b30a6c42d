// Smoke: the app shell loads through nginx with the production CSP and starts the wasm app without
// any CSP violation, console error or page error (checked by the fixture); the front door answers.
import { test, expect } from './fixtures';

test('the app loads at / under the real CSP', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("'wasm-unsafe-eval'");
  await expect(page).toHaveTitle(/SARK/);
  // The wasm app renders into <body>.
  // index.html's static boot shell is removed by the app when it mounts.
  await expect(page.locator('#boot')).toHaveCount(0, { timeout: 15_000 });
});

test('/healthz answers 200', async ({ request }) => {
  const r = await request.get('/healthz');
  expect(r.status()).toBe(200);
  expect(await r.text()).toBe('ok\n');
});

test('a deep link gets the app shell and a missing asset a real 404', async ({ request }) => {
  const deep = await request.get('/servers/does-not-exist');
  expect(deep.status()).toBe(200);
  expect(deep.headers()['content-type']).toContain('text/html');
  const missing = await request.get('/no-such-file.js');
  expect(missing.status()).toBe(404);
});
