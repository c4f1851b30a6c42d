// Policies (issue #6 points 1–4): the list from /api/v1/policies with search and deep links, the
// Rego viewer (highlighting, line numbers, copy), create / edit / delete with basic checks, server
// errors on the right field or line, the unsaved-changes guard, and the Evaluate panel.
import { test, expect, login, apiToken, sandboxUrl, csrfHeaders, resetSandbox } from './fixtures';
import type { Page } from '@playwright/test';

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const token = await apiToken('admin');
  return fetch(`${sandboxUrl()}${path}`, {
    ...init,
    headers: { ...csrfHeaders(), Authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
  });
}

async function policy(id: string): Promise<{ status: number; body: { content?: string; version?: string } }> {
  const r = await api(`/api/v1/policies/${id}`);
  return { status: r.status, body: r.status === 200 ? await r.json() : {} };
}

const list = (page: Page) => page.getByTestId('policy-list');

test.beforeEach(async () => {
  await resetSandbox();
});

test('the list shows every policy with package and version, searches, and opens a deep link', async ({ page }) => {
  await login(page);
  await page.goto('/policies');
  await expect(page.getByRole('heading', { name: 'Policies', exact: true })).toBeVisible();
  const links = list(page).getByRole('link');
  await expect(links).toHaveCount(5);
  await expect(links.filter({ hasText: 'mcp.rate_limiting' })).toContainText('package mcp.rate_limiting · version 1.0.0');
  await expect(links.filter({ hasText: 'mcp.rate_limiting' })).toContainText('Active');

  await page.getByLabel('Search policies').fill('residency');
  await expect(links).toHaveCount(1);
  await expect(links.first()).toContainText('mcp.data_residency');
  // Descriptions are searched too.
  await page.getByLabel('Search policies').fill('business hours');
  await expect(links).toHaveCount(1);
  await page.getByLabel('Search policies').fill('no such policy');
  await expect(list(page)).toHaveCount(0);
  await expect(page.getByText('No policies match.')).toBeVisible();
  await page.getByLabel('Search policies').fill('');

  await links.filter({ hasText: 'mcp.rate_limiting' }).click();
  await expect(page).toHaveURL(/\/policies\/mcp\.rate_limiting$/);
  await expect(page.getByTestId('policy-detail').getByRole('heading', { name: 'mcp.rate_limiting' })).toBeVisible();
  await expect(links.filter({ hasText: 'mcp.rate_limiting' })).toHaveAttribute('aria-current', 'page');

  // A deep link opens the policy directly.
  await page.goto('/policies/mcp.business_hours');
  await expect(page.getByTestId('policy-detail').getByRole('heading', { name: 'mcp.business_hours' })).toBeVisible();
  await expect(page.getByTestId('policy-detail')).toContainText('Restricts destructive tools');
  // A missing one says so.
  await page.goto('/policies/not.there');
  await expect(page.getByText('Policy not found')).toBeVisible();
});

test('the Rego viewer highlights tokens, numbers lines and copies the exact source', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const source = (await policy('mcp.authorization')).body.content ?? '';
  expect(source).toContain('package mcp.authorization');
  await login(page);
  await page.goto('/policies/mcp.authorization');
  const code = page.getByTestId('rego-code');
  await expect(code).toContainText('package mcp.authorization');
  // The text is the source, token by token (text nodes, not markup).
  expect(await code.innerText()).toBe(source.endsWith('\n') ? `${source} ` : source);
  // Token classes: keyword, rule head, string, comment, operator.
  await expect(code.locator('span', { hasText: /^package$/ })).toHaveClass(/text-purple-700/);
  await expect(code.locator('span', { hasText: /^allow$/ }).first()).toHaveClass(/text-blue-700/);
  await expect(code.locator('span', { hasText: /^"admin"$/ }).first()).toHaveClass(/text-green-700/);
  await expect(code.locator('span', { hasText: /^# Administrators may do anything\.$/ })).toHaveClass(/italic/);
  await expect(code.locator('span', { hasText: /^:=$/ }).first()).toHaveClass(/text-sky-700/);
  // Dark theme colours exist for every class used.
  await expect(code.locator('span', { hasText: /^package$/ })).toHaveClass(/dark:text-purple-300/);
  // One line number per line.
  const lines = source.split('\n').length;
  await expect(page.getByTestId('rego-gutter').locator('div')).toHaveCount(lines);
  await expect(page.getByTestId('rego-gutter').locator('div').last()).toHaveText(String(lines));

  await page.getByRole('button', { name: 'Copy Rego' }).click();
  await expect(page.getByText('Copied to the clipboard')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(source);
});

test('create runs the basic checks, shows problems on their line and saves a valid policy', async ({ page }) => {
  await login(page);
  await page.goto('/policies');
  await page.getByRole('button', { name: 'New policy' }).click();
  const editor = page.getByTestId('policy-editor');
  await expect(editor.getByRole('heading', { name: 'New policy' })).toBeVisible();

  // A bad ID is refused before anything is sent.
  await editor.getByLabel('Policy ID').fill('bad id!');
  await editor.getByRole('button', { name: 'Save policy' }).click();
  await expect(editor.getByLabel('Policy ID')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#policy-id-err')).toContainText("letters, digits, '.', '_' or '-'");

  // No package: the basic checks point at line 1 and nothing is saved.
  await editor.getByLabel('Policy ID').fill('e2e.created');
  const input = editor.getByTestId('rego-input');
  await input.fill('# no package here\ndefault allow = true\n');
  await editor.getByRole('button', { name: 'Save policy' }).click();
  const problems = page.getByTestId('rego-problems');
  await expect(problems).toContainText('Basic checks found problems.');
  await expect(problems).toContainText('Line 1: Error: Policy must declare a package');
  await expect(problems).toContainText("Line 2: Warning: Policy has 'default allow = true'");
  await expect(problems).toContainText('they do not compile the Rego');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('rego-gutter').locator('div').first()).toHaveClass(/bg-red-200/);
  await expect(page.getByText('Not saved: fix the problems the basic checks found.')).toBeVisible();
  expect((await policy('e2e.created')).status).toBe(404);

  // The editor highlights what is typed.
  await input.fill('package e2e.created\n\ndefault allow := false\n');
  await expect(editor.getByTestId('rego-code').locator('span', { hasText: /^package$/ })).toHaveClass(/text-purple-700/);
  await editor.getByRole('button', { name: 'Run basic checks' }).click();
  await expect(problems).toContainText('Basic checks passed.');
  await expect(input).toHaveAttribute('aria-invalid', 'false');

  await editor.getByRole('button', { name: 'Save policy' }).click();
  await expect(page).toHaveURL(/\/policies\/e2e\.created$/);
  await expect(page.getByTestId('policy-detail').getByRole('heading', { name: 'e2e.created' })).toBeVisible();
  await expect(list(page).getByRole('link', { name: /e2e\.created/ })).toBeVisible();
  const saved = await policy('e2e.created');
  expect(saved.status).toBe(200);
  expect(saved.body.content).toBe('package e2e.created\n\ndefault allow := false\n');
});

test('a duplicate ID lands on the ID field (409)', async ({ page }) => {
  await login(page);
  await page.goto('/policies');
  await page.getByRole('button', { name: 'New policy' }).click();
  const editor = page.getByTestId('policy-editor');
  await editor.getByLabel('Policy ID').fill('mcp.authorization');
  await editor.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.locator('#policy-id-err')).toHaveText('Policy already exists');
  await expect(editor.getByLabel('Policy ID')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor).toBeVisible();
});

test('edit saves a new version; leaving with unsaved changes asks first', async ({ page }) => {
  await login(page);
  await page.goto('/policies/mcp.rate_limiting');
  await page.getByTestId('policy-detail').getByRole('button', { name: 'Edit' }).click();
  const editor = page.getByTestId('policy-editor');
  const input = editor.getByTestId('rego-input');
  const original = await input.inputValue();
  await input.fill(`${original}\n# edited by e2e\n`);

  // A link away is held back by the guard.
  await page.getByRole('link', { name: 'Servers' }).first().click();
  const guard = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
  await expect(guard).toBeVisible();
  await guard.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/policies\/mcp\.rate_limiting$/);
  await expect(input).toHaveValue(`${original}\n# edited by e2e\n`);
  // So is another policy in the list.
  await list(page).getByRole('link', { name: /mcp\.authorization/ }).click();
  await expect(guard).toBeVisible();
  await guard.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/policies\/mcp\.rate_limiting$/);

  await editor.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByText('Policy mcp.rate_limiting saved')).toBeVisible();
  const detail = page.getByTestId('policy-detail');
  await expect(detail).toContainText('1.0.1');
  await expect(detail.getByTestId('rego-code')).toContainText('# edited by e2e');
  expect((await policy('mcp.rate_limiting')).body.version).toBe('1.0.1');

  // Saved: leaving no longer asks. Unsaved again, then discarded.
  await detail.getByRole('button', { name: 'Edit' }).click();
  await editor.getByTestId('rego-input').fill('package changed\n');
  await page.getByRole('link', { name: 'Audit log' }).first().click();
  await guard.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page).toHaveURL(/\/audit/);
  expect((await policy('mcp.rate_limiting')).body.content).toContain('# edited by e2e');
});

test('delete asks in a dialog that names the policy', async ({ page }) => {
  await login(page);
  await page.goto('/policies/mcp.business_hours');
  await page.getByTestId('policy-detail').getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete policy' });
  await expect(dialog.getByTestId('confirm-message')).toContainText('Delete the policy mcp.business_hours?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect((await policy('mcp.business_hours')).status).toBe(200);

  await page.getByTestId('policy-detail').getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete policy' }).click();
  await expect(page.getByText('Policy mcp.business_hours deleted')).toBeVisible();
  await expect(page).toHaveURL(/\/policies$/);
  await expect(list(page).getByRole('link')).toHaveCount(4);
  expect((await policy('mcp.business_hours')).status).toBe(404);
});

test('evaluate validates the JSON, shows the decision and keeps a history', async ({ page }) => {
  const servers = await (await api('/api/v1/servers/?limit=200&sensitivity=critical')).json();
  const critical = servers.items[0] as { id: string; name: string };
  await login(page, 'viewer');
  await page.goto('/policies');
  const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Evaluate a request' }) });
  await panel.getByLabel('Action').fill('server:update');
  await panel.getByLabel('Server').selectOption({ label: critical.name });
  await panel.getByLabel('Parameters (JSON object)').fill('{"a": }');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(panel.getByLabel('Parameters (JSON object)')).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.locator('#eval-params-err')).toContainText('Not valid JSON');
  await expect(panel.getByTestId('eval-history')).toHaveCount(0);
  await panel.getByLabel('Parameters (JSON object)').fill('[1, 2]');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(panel.locator('#eval-params-err')).toContainText('must be a JSON object');

  await panel.getByLabel('Parameters (JSON object)').fill('{"reason": "e2e"}');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  const result = panel.getByTestId('eval-result');
  await expect(result).toContainText('Deny');
  await expect(result).toContainText('Denied: critical sensitivity requires admin role');
  await expect(result).toContainText('Audit ID');
  await expect(result).toContainText(/[0-9a-f]{8}-[0-9a-f]{4}/);
  await expect(panel.getByTestId('eval-history').locator('tr')).toHaveCount(1);
  await expect(panel.getByTestId('eval-history')).toContainText(critical.name);

  await panel.getByLabel('Server').selectOption({ label: 'None' });
  await panel.getByLabel('Action').fill('policy:evaluate');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(result).toContainText('Allowed by sandbox policy');
  await expect(result).toContainText('Requires approval');
  const rows = panel.getByTestId('eval-history').locator('tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('policy:evaluate');
  await expect(rows.nth(1)).toContainText('server:update');
});
