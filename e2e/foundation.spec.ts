// Foundation behaviour (issue #2 item 9): sign-in both ways, session end → login → back, theme
// persistence without a flash, deep links, 404, dashboard numbers = API numbers, sign out.
// The fixture fails any test that saw a CSP violation, console error or page error.
import { test, expect, login, apiToken, mintToken, sandboxUrl, csrfHeaders } from './fixtures';

async function summary(): Promise<Record<string, number>> {
  const token = await apiToken('admin');
  const r = await fetch(`${sandboxUrl()}/api/v1/metrics/summary`, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return r.json();
}

test.describe('sign-in', () => {
  test('username and password land on the dashboard with the user shown', async ({ page }) => {
    await login(page, 'admin');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await expect(page.getByTestId('user-name')).toHaveText('Ada Admin');
    await expect(page.getByTestId('user-role')).toHaveText('admin');
  });

  test('wrong password shows the server message and keeps the username', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('nope');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('login-error')).toHaveText('Invalid username or password');
    await expect(page.getByLabel('Username')).toHaveValue('admin');
  });

  test('a pasted access token signs in; refresh and expired tokens are refused', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('tab', { name: 'Access token' }).click();
    const field = page.getByLabel('Access token', { exact: true });

    await field.fill(mintToken('viewer', { expired: true }));
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await expect(page.getByTestId('login-error')).toHaveText('This token has expired.');

    await field.fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await expect(page.getByTestId('login-error')).toContainText('three dot-separated parts');

    await field.fill(`Bearer ${mintToken('viewer')}`);
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await expect(page.getByTestId('user-name')).toHaveText('Victor Viewer');
  });

  test('the demo hint follows config.json', async ({ page }) => {
    await page.route('**/config.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ demo: true, environment: 'e2e' }) }),
    );
    await page.goto('/login');
    await expect(page.getByTestId('demo-hint')).toContainText('admin / admin');
    await page.unroute('**/config.json');
    await page.route('**/config.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ demo: false }) }),
    );
    await page.reload();
    await expect(page.getByLabel('Username')).toBeVisible();
    await expect(page.getByTestId('demo-hint')).toHaveCount(0);
  });
});

test('an ended session returns to login, then back to the page the user was on', async ({ page }) => {
  // A short-lived pasted token cannot be refreshed: when it dies the console must send the user
  // to sign in and afterwards return to the same URL, filters included.
  await page.goto('/login');
  await page.getByRole('tab', { name: 'Access token' }).click();
  await page.getByLabel('Access token', { exact: true }).fill(mintToken('admin', { ttl: 4 }));
  await page.getByRole('button', { name: 'Sign in with token' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  // Navigate inside the app (a full reload would drop the in-memory token at once).
  await page.getByRole('link', { name: 'Servers' }).first().click();
  await page.getByRole('button', { name: 'Active', exact: true }).click();
  await expect(page).toHaveURL(/\/servers\?status=active$/);
  await expect(page).toHaveURL(/\/login\?next=/, { timeout: 15_000 });
  await expect(page.getByTestId('login-notice')).toHaveText('Your access token expired. Sign in again.');
  await page.getByRole('tab', { name: 'Username' }).click();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/servers\?status=active$/);
  await expect(page.getByRole('button', { name: 'Active', pressed: true })).toBeVisible();
});

test('a deep link survives a reload through the refresh cookie', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/servers?sensitivity=critical');
  await expect(page.getByRole('heading', { name: 'Servers' })).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(/\/servers\?sensitivity=critical$/);
  await expect(page.getByRole('heading', { name: 'Servers' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Critical', pressed: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Servers' }).first()).toHaveAttribute('aria-current', 'page');
});

test('dark theme persists across reload and is applied before the body paints', async ({ page }) => {
  await login(page, 'admin');
  const toggle = page.getByTestId('theme-toggle');
  // The cycle is light → dark → system: click until the label says Dark.
  for (let i = 0; i < 3 && !(await toggle.getAttribute('aria-label'))?.startsWith('Theme: Dark'); i++) {
    await toggle.click();
  }
  await expect(toggle).toHaveAttribute('aria-label', /^Theme: Dark/);
  await expect(page.locator('html')).toHaveClass(/dark/);
  // Record <html>'s class at the moment <body> is inserted, i.e. before anything can paint and
  // long before the wasm runs: theme.js in <head> must already have set it.
  await page.addInitScript(() => {
    const w = window as unknown as { __classAtBody?: string };
    new MutationObserver((_m, obs) => {
      if (document.body) {
        w.__classAtBody = document.documentElement.className;
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  const atBody = await page.evaluate(() => (window as unknown as { __classAtBody?: string }).__classAtBody);
  expect(atBody).toContain('dark');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-label', /^Theme: Dark/);
});

test('unknown routes show the 404 page', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/definitely/not/here');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
});

test('dashboard numbers equal the API and follow changes', async ({ page }) => {
  await login(page, 'admin');
  const before = await summary();
  await expect(page.getByTestId('total-servers')).toContainText(String(before.total_servers));
  await expect(page.getByTestId('active-servers')).toContainText(String(before.active_servers));
  await expect(page.getByTestId('unhealthy-servers')).toContainText(String(before.unhealthy_servers));
  await expect(page.getByTestId('total-tools')).toContainText(String(before.total_tools));

  const token = await apiToken('admin');
  const r = await fetch(`${sandboxUrl()}/api/v1/servers/`, {
    method: 'POST',
    headers: { ...csrfHeaders(), Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      name: `e2e-dash-${Date.now()}`,
      transport: 'http',
      endpoint: 'http://e2e.internal/mcp',
      tools: [{ name: 'read_thing' }, { name: 'write_thing' }],
    }),
  });
  expect(r.status).toBe(201);
  const after = await summary();
  expect(after.total_servers).toBe(before.total_servers + 1);
  await page.reload();
  await expect(page.getByTestId('total-servers')).toContainText(String(after.total_servers));
  await expect(page.getByTestId('total-tools')).toContainText(String(after.total_tools));
});

test('sign out ends the session and protects pages', async ({ page }) => {
  await login(page, 'admin');
  await page.getByTestId('user-menu').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId('login-notice')).toHaveText('You have signed out.');
  // The refresh cookie is gone too: a reload stays signed out.
  await page.goto('/servers');
  await expect(page).toHaveURL(/\/login\?next=%2Fservers/);
  await expect(page.getByLabel('Username')).toBeVisible();
});

test('keyboard shortcuts navigate with g-sequences and open the help', async ({ page }) => {
  await login(page, 'admin');
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page).toHaveURL(/\/servers$/);
  await page.keyboard.press('s'); // a lone letter does nothing
  await expect(page).toHaveURL(/\/servers$/);
  await page.keyboard.press('Control+/');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
});
