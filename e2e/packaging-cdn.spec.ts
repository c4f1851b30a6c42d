// SARK_ASSET_BASE (CDN hosting) in a real browser: index.html is served by the console's origin
// (http://127.0.0.1:PORT) while the wasm, JS and CSS come from another origin (http://localhost:PORT,
// the same nginx standing in for a CDN that pulls from it). The app must start with no CSP, CORS,
// CORP or integrity error — the fixture fails the test on any of them.
import { startStack, type Stack } from './harness';
import { test, expect } from './fixtures';

let cdn: Stack;

test.beforeAll(async () => {
  cdn = await startStack({ nginxEnv: (port) => ({ SARK_ASSET_BASE: `http://localhost:${port}/` }) });
});

test.afterAll(async () => {
  await cdn?.stop();
});

test('the app starts with its assets on another origin', async ({ page }) => {
  const assetOrigins = new Set<string>();
  page.on('requestfinished', (req) => {
    if (/\.(wasm|js|css)$/.test(new URL(req.url()).pathname)) assetOrigins.add(new URL(req.url()).origin);
  });
  const response = await page.goto(cdn.baseURL + '/');
  expect(response?.status()).toBe(200);
  const port = new URL(cdn.baseURL).port;
  expect(response?.headers()['content-security-policy']).toContain(`script-src 'self' 'wasm-unsafe-eval'`);
  expect(response?.headers()['content-security-policy']).toContain(`http://localhost:${port}`);
  // index.html's static boot shell is removed by the app when it mounts.
  await expect(page.locator('#boot')).toHaveCount(0, { timeout: 15_000 });
  expect([...assetOrigins]).toEqual([`http://localhost:${port}`]);
});
