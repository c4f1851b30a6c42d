// Start-up and capabilities (issue 10 item 4, issue 12 items 1 and 9): the normal path costs no console error
// and no 4xx/5xx; an unreachable SARK at load says so, counts down and recovers by itself;
// sign-out in one tab signs out the others.
import type { Page, Request, Response } from '@playwright/test';
import { test, expect, login, signIn, setFaults, resetSandbox } from './fixtures';

/** Every console error, every HTTP error answer and every request, from before the first script. */
function record(page: Page) {
  const log = {
    consoleErrors: [] as string[],
    httpErrors: [] as string[],
    requests: [] as string[],
  };
  page.on('console', (m) => {
    if (m.type() === 'error') log.consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('request', (r: Request) => log.requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  page.on('response', (r: Response) => {
    if (r.status() >= 400) log.httpErrors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return log;
}

test.afterEach(async () => {
  await setFaults({});
});

test('the normal path has no console error and no 4xx/5xx answer', async ({ page }) => {
  await resetSandbox();
  const log = record(page);

  // Signed-out first visit.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel('Username')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const signedOut = log.requests.length;
  console.log(`signed-out first visit: ${signedOut} requests: ${log.requests.join(', ')}`);
  expect(log.requests).toContain('GET /openapi.json');
  expect(log.requests).not.toContain('POST /api/v1/auth/refresh');
  expect(log.requests).not.toContain('POST /api/v1/auth/login/ldap');

  // Sign-in → dashboard.
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const toDashboard = log.requests.slice(signedOut);
  console.log(`sign-in -> dashboard: ${toDashboard.length} requests: ${toDashboard.join(', ')}`);
  // No capability probes: the document answered them; `me` at most once.
  expect(toDashboard.filter((r) => r === 'GET /api/v1/auth/me').length).toBeLessThanOrEqual(1);
  for (const probe of ['GET /api/v1/sessions', 'GET /api/auth/api-keys', 'GET /api/v1/policies']) {
    expect(toDashboard).not.toContain(probe);
  }

  // Every page.
  for (const [link, heading] of [
    ['Servers', 'Servers'],
    ['Policies', 'Policies'],
    ['Audit log', 'Audit log'],
    ['API keys', 'API Keys'],
  ]) {
    await page.getByRole('link', { name: link }).first().click();
    await expect(page.getByRole('heading', { name: heading, exact: true }).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  await page.getByRole('link', { name: 'Policies' }).first().click();
  await page.getByTestId('policy-list').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/policies\/.+/);
  await expect(page.getByTestId('policy-detail')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByRole('link', { name: 'Servers' }).first().click();
  await page.getByTestId('server-rows').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/servers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  // The detail page never writes to find out whether editing exists.
  expect(log.requests.filter((r) => r.startsWith('PATCH /api/v1/servers/'))).toEqual([]);
  await page.goto('/servers/register');
  await expect(page.getByRole('heading', { name: /Register/ }).first()).toBeVisible();
  await page.waitForLoadState('networkidle');

  console.log(`console errors: ${log.consoleErrors.length}, 4xx/5xx: ${log.httpErrors.length}`);
  expect(log.consoleErrors, 'console errors on the normal path').toEqual([]);
  expect(log.httpErrors, '4xx/5xx answers on the normal path').toEqual([]);
});

test('a signed-out visit downloads only the sign-in code; the shell comes while the visitor types', async ({ page }) => {
  const code: string[] = [];
  page.on('request', (r: Request) => {
    const p = new URL(r.url()).pathname;
    if (/\.(wasm|js)$/.test(p)) code.push(p);
  });
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel('Username')).toBeVisible();
  await page.waitForLoadState('networkidle');
  // One wasm module: no router, shell, dashboard or page code before anyone signs in.
  expect(code.filter((p) => p.endsWith('.wasm'))).toEqual([expect.stringMatching(/^\/sark-console-[0-9a-f]+_bg\.wasm$/)]);

  const shell = page.waitForRequest((r) => /\/split_shell-[0-9a-f]+\.wasm$/.test(r.url()));
  await page.getByLabel('Username').fill('admin');
  await shell;
  await page.getByLabel('Password').fill('admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  console.log(`code requests to the dashboard: ${code.length}: ${code.join(', ')}`);
  expect(code.length, 'code requests from the first visit to the dashboard').toBeLessThanOrEqual(12);
});

test('a signed-out deep link goes to sign-in and, signed in, to the page asked for', async ({ page }) => {
  // Before the router exists (the sign-in form is the whole first load), the start-up view
  // does what the router's gate does.
  await page.goto('/servers?status=active');
  await expect(page).toHaveURL(/\/login\?next=%2Fservers%3Fstatus%3Dactive$/);
  await signIn(page);
  await expect(page).toHaveURL(/\/servers\?status=active$/);
  await expect(page.getByRole('heading', { name: 'Servers', exact: true })).toBeVisible();
});

test('a page\'s first read starts while its code downloads, and is sent once', async ({ page }) => {
  // Room for every resource of the session in the timeline (the default keeps 250).
  await page.addInitScript(() => performance.setResourceTimingBufferSize(5000));
  await login(page);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const lists: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/api/v1/servers/') lists.push(u.search);
  });
  await page.getByRole('link', { name: 'Servers' }).first().click();
  await expect(page.getByTestId('server-rows').getByRole('row').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  // The route started it; the page took that answer instead of asking again.
  expect(lists).toHaveLength(1);
  const t = await page.evaluate(() => {
    const all = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const path = (e: PerformanceResourceTiming) => new URL(e.name).pathname;
    const api = all.filter((e) => path(e) === '/api/v1/servers/').pop();
    const code = all.filter((e) => /\/split_pages-[0-9a-f]+\.wasm$/.test(path(e))).pop();
    return { apiStart: api?.startTime ?? -1, codeEnd: code?.responseEnd ?? -1 };
  });
  expect(t.codeEnd, 'the pages code was downloaded on this navigation').toBeGreaterThan(0);
  expect(t.apiStart).toBeGreaterThan(0);
  // Without the route's prefetch the list is requested only after the code has arrived.
  expect(t.apiStart).toBeLessThan(t.codeEnd);
});

test.describe('SARK unreachable at load', () => {
  // The browser logs each failed request; the test is about what the user sees.
  test.use({ allowedConsoleErrors: [/Failed to load resource/] });

  test('a signed-in reload while /api answers 503 says so, counts down and recovers', async ({ page }) => {
    await login(page);
    await setFaults({ failure_rate: 1, failure_statuses: [503] });
    await page.reload();
    const panel = page.getByTestId('outage');
    await expect(panel.getByRole('heading', { name: 'Cannot reach the SARK server' })).toBeVisible();
    await expect(panel).toContainText('POST /api/v1/auth/refresh');
    await expect(page.getByTestId('outage-countdown')).toHaveText(/Retrying in \d+ s|Retrying…/);
    // Not the token-only sign-in form of before.
    await expect(page.getByLabel('Access token', { exact: true })).toHaveCount(0);
    await setFaults({});
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible({ timeout: 20_000 });
    await expect(panel).toHaveCount(0);
  });

  test('a signed-out visit while SARK answers 429 says so and recovers to the full sign-in form', async ({ page }) => {
    await setFaults({ failure_rate: 1, failure_statuses: [429], retry_after_secs: 3, paths: '/' });
    await page.goto('/login');
    const panel = page.getByTestId('outage');
    await expect(panel.getByRole('heading', { name: 'Cannot reach the SARK server' })).toBeVisible();
    await expect(panel).toContainText('GET /openapi.json');
    await expect(page.getByTestId('outage-countdown')).toHaveText(/Retrying in \d+ s|Retrying…/);
    await setFaults({});
    await expect(page.getByLabel('Username')).toBeVisible({ timeout: 20_000 });
    await expect(panel).toHaveCount(0);
  });
});

test('signing out in one tab signs out the others', async ({ page, context }) => {
  await login(page);
  const other = await context.newPage();
  await other.goto('/servers');
  await expect(other.getByRole('heading', { name: 'Servers', exact: true })).toBeVisible();
  await page.getByTestId('user-menu').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(other).toHaveURL(/\/login\?next=%2Fservers/);
  await expect(other.getByTestId('login-notice')).toHaveText('You signed out in another tab.');
  await other.close();
});
