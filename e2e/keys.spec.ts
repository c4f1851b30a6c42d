// API keys (issue #6 points 10–12): list with state badges and revoked keys on demand; create with
// validation and a one-time secret that copies exactly; edit, rotate and revoke behind dialogs.
import { test, expect, login, apiToken, sandboxUrl, csrfHeaders, resetSandbox } from './fixtures';
import type { Page } from '@playwright/test';

interface Key {
  id: string;
  name: string;
  is_active: boolean;
  scopes: string[];
  rate_limit: number;
  expires_at: string | null;
  revoked_at: string | null;
  description: string | null;
}

async function keys(): Promise<Key[]> {
  const token = await apiToken('admin');
  const r = await fetch(`${sandboxUrl()}/api/auth/api-keys?include_revoked=true`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(r.status).toBe(200);
  return r.json();
}

/** Whether `secret` authenticates against the sandbox (it accepts X-API-Key). */
async function works(secret: string): Promise<boolean> {
  const r = await fetch(`${sandboxUrl()}/api/v1/servers/?limit=1`, { headers: { 'X-API-Key': secret } });
  return r.status === 200;
}

const row = (page: Page, name: string) => page.getByTestId('key-rows').locator(`tr[data-key="${name}"]`);

test.beforeEach(async ({ context }) => {
  await resetSandbox();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('the list shows state badges and details; revoked keys only on demand', async ({ page }) => {
  await login(page);
  await page.goto('/api-keys');
  await expect(page.getByRole('heading', { name: 'API Keys' })).toBeVisible();
  await expect(row(page, 'ci-pipeline')).toContainText('Active');
  await expect(row(page, 'legacy-sync')).toContainText('Disabled');
  await expect(row(page, 'incident-debug')).toContainText('Expired');
  await expect(row(page, 'ci-pipeline')).toContainText('server:read, server:write');
  await expect(row(page, 'ci-pipeline')).toContainText('1000/min');
  await expect(row(page, 'ci-pipeline')).toContainText(/ago|just now/);
  const seeded = (await keys()).find((k) => k.name === 'ci-pipeline');
  expect(seeded).toBeDefined();
  await expect(row(page, 'old-deploy-bot')).toHaveCount(0);

  await page.getByLabel('Show revoked keys').check();
  await expect(row(page, 'old-deploy-bot')).toContainText('Revoked');
  // Revoked keys offer no actions.
  await expect(row(page, 'old-deploy-bot').getByRole('button')).toHaveCount(0);
  await expect(row(page, 'ci-pipeline').getByRole('button', { name: 'Revoke ci-pipeline' })).toBeVisible();
});

test('create validates, then shows the secret once and copies it exactly', async ({ page }) => {
  await login(page);
  await page.goto('/api-keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel('Rate limit (requests per minute)').fill('0');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.locator('#key-name-err')).toHaveText('Enter a name.');
  await expect(dialog.locator('#key-scopes-err')).toHaveText('Choose at least one scope.');
  await expect(dialog.locator('#key-rate-err')).toHaveText('Enter a whole number from 1 to 10000.');
  await expect(dialog.getByLabel('Expires in')).toHaveValue('30');

  await dialog.getByLabel('Name').fill('e2e-key');
  await dialog.getByLabel('Description (optional)').fill('made by e2e');
  await dialog.getByLabel('audit:read').check();
  await dialog.getByLabel('policy:read').check();
  await dialog.getByLabel('Rate limit (requests per minute)').fill('42');
  await dialog.getByLabel('Expires in').selectOption({ label: '90 days' });
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const secret = page.getByRole('dialog', { name: 'Your new API key' });
  await expect(secret).toContainText('It will not be shown again.');
  const value = await secret.getByTestId('secret-value').inputValue();
  expect(value).toMatch(/^sark_sk_live_[A-Za-z0-9_-]+$/);
  expect(await works(value)).toBe(true);

  // Closing before copying asks first.
  await secret.getByRole('button', { name: 'Done' }).click();
  await expect(secret.getByRole('alert')).toContainText('You have not copied the key');
  await secret.getByRole('button', { name: 'Keep it open' }).click();
  await secret.getByRole('button', { name: 'Copy key' }).click();
  await expect(page.getByText('Copied to the clipboard')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
  await secret.getByRole('button', { name: 'Done' }).click();
  await expect(secret).toHaveCount(0);

  const created = (await keys()).find((k) => k.name === 'e2e-key');
  expect(created?.scopes.sort()).toEqual(['audit:read', 'policy:read']);
  expect(created?.rate_limit).toBe(42);
  const days = (Date.parse(created?.expires_at ?? '') - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(89);
  expect(days).toBeLessThan(91);
  await expect(row(page, 'e2e-key')).toContainText('Active');
  await expect(row(page, 'e2e-key')).toContainText('42/min');
  await expect(row(page, 'e2e-key')).toContainText('made by e2e');
  // The secret is gone from the page.
  await expect(page.getByText(value)).toHaveCount(0);
  expect(await page.content()).not.toContain(value);
});

test('closing the secret without copying, after confirming, drops it', async ({ page }) => {
  await login(page);
  await page.goto('/api-keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel('Name').fill('never-copied');
  await dialog.getByLabel('server:read').check();
  await dialog.getByLabel('Expires in').selectOption({ label: 'Never' });
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const secret = page.getByRole('dialog', { name: 'Your new API key' });
  const value = await secret.getByTestId('secret-value').inputValue();
  await page.keyboard.press('Escape');
  await expect(secret.getByRole('alert')).toBeVisible();
  await secret.getByRole('button', { name: 'Close without copying' }).click();
  await expect(secret).toHaveCount(0);
  expect(await page.content()).not.toContain(value);
  expect((await keys()).find((k) => k.name === 'never-copied')?.expires_at).toBeNull();
  await expect(row(page, 'never-copied')).toContainText('Never');
});

test('edit renames and disables; rotate reveals a new secret; revoke names the key', async ({ page }) => {
  await login(page);
  await page.goto('/api-keys');
  await row(page, 'grafana-exporter').getByRole('button', { name: 'Edit grafana-exporter' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit API key' });
  await expect(edit.getByLabel('Name')).toHaveValue('grafana-exporter');
  await expect(edit.getByLabel('audit:read')).toBeChecked();
  await edit.getByLabel('Name').fill('grafana-renamed');
  await edit.getByLabel('Enabled').uncheck();
  await edit.getByLabel('Rate limit (requests per minute)').fill('10001');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.locator('#key-rate-err')).toBeVisible();
  await edit.getByLabel('Rate limit (requests per minute)').fill('500');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('API key “\u2068grafana-renamed\u2069” updated')).toBeVisible();
  await expect(row(page, 'grafana-renamed')).toContainText('Disabled');
  await expect(row(page, 'grafana-renamed')).toContainText('500/min');
  const edited = (await keys()).find((k) => k.name === 'grafana-renamed');
  expect(edited?.is_active).toBe(false);

  // Rotate: a key whose secret we know first.
  await page.getByRole('button', { name: 'Create API key' }).click();
  const create = page.getByRole('dialog', { name: 'Create API key' });
  await create.getByLabel('Name').fill('to-rotate');
  await create.getByLabel('server:read').check();
  await create.getByRole('button', { name: 'Create key' }).click();
  const secret = page.getByRole('dialog', { name: 'Your new API key' });
  const first = await secret.getByTestId('secret-value').inputValue();
  await secret.getByRole('button', { name: 'Copy key' }).click();
  await secret.getByRole('button', { name: 'Done' }).click();

  await row(page, 'to-rotate').getByRole('button', { name: 'Rotate to-rotate' }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate API key' });
  await expect(rotate.getByTestId('confirm-message')).toContainText('Rotate “\u2068to-rotate\u2069”?');
  await rotate.getByRole('button', { name: 'Rotate key' }).click();
  await expect(secret).toContainText('The secret of to-rotate:');
  const second = await secret.getByTestId('secret-value').inputValue();
  expect(second).not.toBe(first);
  expect(await works(second)).toBe(true);
  expect(await works(first)).toBe(false);
  await secret.getByRole('button', { name: 'Copy key' }).click();
  await secret.getByRole('button', { name: 'Done' }).click();

  await row(page, 'to-rotate').getByRole('button', { name: 'Revoke to-rotate' }).click();
  const revoke = page.getByRole('dialog', { name: 'Revoke API key' });
  await expect(revoke.getByTestId('confirm-message')).toContainText('Revoke “\u2068to-rotate\u2069”? Anything using it loses access at once. This cannot be undone.');
  await revoke.getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByText('API key “\u2068to-rotate\u2069” revoked')).toBeVisible();
  await expect(row(page, 'to-rotate')).toHaveCount(0);
  expect(await works(second)).toBe(false);
  expect((await keys()).find((k) => k.name === 'to-rotate')?.revoked_at).not.toBeNull();
  await page.getByLabel('Show revoked keys').check();
  await expect(row(page, 'to-rotate')).toContainText('Revoked');
});

test('server-side refusals stay in the form (403 for a viewer managing an admin key)', async ({ page }) => {
  // A viewer sees only their own keys; the sandbox refuses a forged edit of someone else's key.
  await login(page, 'viewer');
  await page.goto('/api-keys');
  await expect(row(page, 'viewer-dashboard')).toContainText('Active');
  await expect(row(page, 'ci-pipeline')).toHaveCount(0);
  const adminKey = (await keys()).find((k) => k.name === 'ci-pipeline');
  await page.route('**/api/auth/api-keys/*', (route) => {
    const url = route.request().url().replace(/api-keys\/[^/?]+/, `api-keys/${adminKey?.id}`);
    return route.continue({ url });
  });
  await row(page, 'viewer-dashboard').getByRole('button', { name: 'Edit viewer-dashboard' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit API key' });
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByRole('alert')).toContainText('Not permitted: Access denied');
  await expect(edit.getByLabel('Name')).toHaveValue('viewer-dashboard');
});
