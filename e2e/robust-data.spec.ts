// Hostile and awkward data, and roles (issue #12 items 8, 10–13): a right-to-left override cannot
// disguise a name in a confirmation, a 10 000-character description neither widens the table nor
// pushes the actions away, newlines survive, the Edit dialog validates like the wizard, and a
// viewer sees admin-only actions disabled with the reason.
import { test, expect, login, apiToken, sandboxUrl, csrfHeaders, resetSandbox } from './fixtures';

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const token = await apiToken('admin');
  return fetch(`${sandboxUrl()}${path}`, {
    ...init,
    headers: { ...csrfHeaders(), Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
}

async function register(name: string, description: string): Promise<string> {
  const r = await api('/api/v1/servers/', {
    method: 'POST',
    body: JSON.stringify({
      name,
      transport: 'http',
      endpoint: 'https://x.example/mcp',
      description,
      sensitivity_level: 'low',
      tools: [{ name: 'lookup', description: 'd'.repeat(10_000), parameters: {}, sensitivity_level: 'low' }],
      metadata: {},
    }),
  });
  expect(r.status).toBe(201);
  return (await r.json()).server_id;
}

test.afterEach(async () => {
  await resetSandbox();
});

test('a right-to-left override is shown, not obeyed, in confirmations', async ({ page }) => {
  const id = await register('invoice\u202Eexe.txt', 'line one\nline two');
  await login(page);
  await page.goto(`/servers/${id}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const message = page.getByRole('dialog', { name: 'Delete server' }).getByTestId('confirm-message');
  await expect(message).toContainText('invoice⟨U+202E⟩exe.txt');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Change server status' }).getByTestId('confirm-message')).toContainText(
    'invoice⟨U+202E⟩exe.txt',
  );
  await page.getByRole('button', { name: 'Cancel' }).click();
  // Newlines in descriptions survive.
  const description = page.locator('dt', { hasText: 'Description' }).locator('xpath=following-sibling::dd');
  expect(await description.innerText()).toBe('line one\nline two');
});

test('a 10 000-character description neither widens the page nor hides the actions', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  const id = await register('long-tools', 'x');
  const key = await api('/api/auth/api-keys', {
    method: 'POST',
    body: JSON.stringify({ name: 'long-key', description: 'w'.repeat(10_000), scopes: ['server:read'], rate_limit: 100 }),
  });
  expect(key.status).toBeLessThan(300);
  await login(page);
  await page.goto(`/servers/${id}`);
  const button = page.getByRole('button', { name: /Sensitivity… of lookup/ });
  await expect(button).toBeVisible();
  // Within the page's width (the tools section may be below the fold vertically).
  const box = await button.boundingBox();
  expect((box?.x ?? 1e9) + (box?.width ?? 0)).toBeLessThanOrEqual(1024);
  await expect(page.getByRole('button', { name: 'Show more' }).first()).toBeVisible();
  await page.goto('/api-keys');
  const revoke = page.getByRole('button', { name: 'Revoke long-key' });
  await expect(revoke).toBeInViewport();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1024);
});

test('the Edit dialog refuses a blank name like the wizard, without sending it', async ({ page }) => {
  const id = await register('editable', 'x');
  await login(page);
  await page.goto(`/servers/${id}`);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit server' });
  let patched = false;
  page.on('request', (r) => {
    if (r.method() === 'PATCH') patched = true;
  });
  await dialog.getByLabel('Name').fill('   ');
  await dialog.getByLabel('Endpoint URL').fill('not a url');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toContainText('Enter a name.');
  await expect(dialog).toContainText('Enter a valid http:// or https:// URL');
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  expect(patched).toBe(false);
});

test('a viewer sees admin-only actions disabled with the reason', async ({ page }) => {
  const id = await register('for-viewer', 'x');
  await login(page, 'viewer');
  await page.goto(`/servers/${id}`);
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Deactivate', exact: true })).toBeDisabled();
  await expect(page.getByTestId('admin-note').first()).toHaveText('Requires the admin role');
  await page.goto('/policies');
  await expect(page.getByRole('button', { name: 'New policy' })).toBeDisabled();
});
