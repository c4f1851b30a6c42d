// Degraded mode (issue #6): against a SARK that serves only tier S (the sandbox in Tier-S-only
// mode answers tier D like SARK 2.0: 404/405), each page says in plain words what is missing and
// offers no broken controls; what tier S serves keeps working.
import { test, expect, login, mintToken, sandboxUrl, csrfHeaders, setTierSOnly, resetSandbox } from './fixtures';

test.beforeEach(async () => {
  await resetSandbox();
  await setTierSOnly(true);
});

test.afterEach(async () => {
  await setTierSOnly(false);
});

/** Signs in with a pasted token: SARK 2.0 has no login endpoint (tier S only). */
async function signIn(page: import('@playwright/test').Page): Promise<void> {
  const token = mintToken('admin');
  await page.goto('/login');
  // Without a login endpoint the token form is the only one (no tabs).
  await expect(page.getByRole('tab', { name: 'Access token' })).toHaveCount(0);
  await page.getByLabel('Access token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
}

test('policies: the read-only list, no upload, edit or delete; evaluate still works', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Policies' }).first().click();
  await expect(page.getByText('Policy management not provided by this SARK server')).toBeVisible();
  const links = page.getByTestId('policy-list').getByRole('link');
  await expect(links.first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'New policy' })).toHaveCount(0);
  await links.filter({ hasText: 'mcp.authorization' }).click();
  await expect(page).toHaveURL(/\/policies\/mcp\.authorization$/);
  const detail = page.getByTestId('policy-detail');
  await expect(detail).toContainText('Main authorization policy for MCP governance');
  await expect(detail).toContainText('Rego source not provided by this SARK server');
  await expect(detail.getByRole('button')).toHaveCount(0);

  // Basic checks stay available without saving.
  await page.getByRole('button', { name: 'Check Rego' }).click();
  const editor = page.getByTestId('policy-editor');
  await editor.getByTestId('rego-input').fill('default allow = true\n');
  await editor.getByRole('button', { name: 'Run basic checks' }).click();
  await expect(page.getByTestId('rego-problems')).toContainText('Line 1: Error: Policy must declare a package');
  await expect(editor.getByRole('button', { name: 'Save policy' })).toHaveCount(0);
  await editor.getByRole('button', { name: 'Close' }).click();

  const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Evaluate a request' }) });
  await panel.getByLabel('Action').fill('policy:evaluate');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(panel.getByTestId('eval-result')).toContainText('Allowed: admin role');
});

test('audit: says the log is not provided and still shows live events', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Audit log' }).first().click();
  await expect(page.getByText('Audit log not provided by this SARK server')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Live events' })).toBeVisible();
  // No filters, paging, export or metrics that could only fail.
  await expect(page.getByLabel('Event type')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next page' })).toHaveCount(0);
  await expect(page.getByTestId('audit-metrics')).toHaveCount(0);

  // Live frames still arrive (the sandbox keeps its WebSockets in this mode).
  const token = mintToken('admin');
  const tool = `e2e-degraded-${Date.now()}`;
  const r = await fetch(`${sandboxUrl()}/api/v1/policy/evaluate`, {
    method: 'POST',
    headers: { ...csrfHeaders(), Authorization: `Bearer ${token}` },
    body: JSON.stringify({ action: 'tool:invoke', tool, parameters: {} }),
  });
  expect(r.status).toBe(200);
  await expect(page.getByTestId('audit-rows')).toContainText(tool);
  await expect(page.getByTestId('live-state')).toHaveText('Live');
});

test('API keys: says key management is not provided and offers no actions', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'API keys' }).first().click();
  await expect(page.getByRole('heading', { name: 'API Keys' })).toBeVisible();
  await expect(page.getByText('API key management not provided by this SARK server')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create API key' })).toHaveCount(0);
  await expect(page.getByTestId('key-rows')).toHaveCount(0);
  await expect(page.getByLabel('Show revoked keys')).toHaveCount(0);
});

test('a feature that disappears at run time swaps to the not-provided state', async ({ page }) => {
  // Probed present at sign-in, then the server stops serving it (a 404 on the next call).
  await setTierSOnly(false);
  await login(page);
  await setTierSOnly(true);
  await page.getByRole('link', { name: 'API keys' }).first().click();
  await expect(page.getByText('API key management not provided by this SARK server')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create API key' })).toHaveCount(0);
});
