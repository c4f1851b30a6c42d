// Register wizard (issue #4): each step is validated before moving on, a server 422 lands on its
// field and step, a policy denial is shown, the draft survives leaving the page, and a successful
// registration opens the new server.
import { test, expect, login, apiToken, sandboxUrl, resetSandbox } from './fixtures';

test.afterEach(async () => {
  await resetSandbox();
});

test('blocks a bad step, then registers with a tool and opens the new server', async ({ page }) => {
  await login(page);
  await page.goto('/servers/register');
  await expect(page.getByRole('heading', { name: 'Step 1 of 3: Basics' })).toBeVisible();

  await page.getByRole('button', { name: 'Next: Tools →' }).click();
  const name = page.getByLabel('Server name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#reg-name-err')).toHaveText('Enter a name.');
  await expect(name).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Step 1 of 3: Basics' })).toBeVisible();

  await name.fill('e2e-wizard-server');
  await page.getByLabel('Endpoint URL').fill('mcp.example.com');
  await page.getByRole('button', { name: 'Next: Tools →' }).click();
  await expect(page.getByLabel('Endpoint URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: 'Step 1 of 3: Basics' })).toBeVisible();
  await page.getByLabel('Endpoint URL').fill('https://mcp.example.com/mcp');
  await page.getByLabel('Sensitivity level').selectOption('high');
  await page.getByRole('button', { name: 'Next: Tools →' }).click();

  await expect(page.getByRole('heading', { name: 'Step 2 of 3: Tools' })).toBeVisible();
  await page.getByRole('button', { name: '+ Add tool' }).click();
  await page.getByLabel('Parameters (JSON Schema)').fill('[1, 2]');
  await page.getByRole('button', { name: 'Next: Review →' }).click();
  await expect(page.locator('#reg-tools-0--name-err')).toHaveText('Enter the tool name.');
  await expect(page.locator('#reg-tools-0--parameters-err')).toContainText('must be a JSON object');
  await page.getByLabel('Tool name').fill('query_orders');
  await page.getByLabel('Tool description').fill('Reads orders');
  await page.getByLabel('Requires approval').check();
  await page.getByLabel('Parameters (JSON Schema)').fill('{"type": "object", "properties": {"id": {"type": "string"}}}');
  await page.getByRole('button', { name: 'Next: Review →' }).click();

  await expect(page.getByRole('heading', { name: 'Step 3 of 3: Review' })).toBeVisible();
  await expect(page.getByText('query_orders (Medium), requires approval')).toBeVisible();
  await page.getByRole('button', { name: 'Register server' }).click();
  await expect(page).toHaveURL(/\/servers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'e2e-wizard-server', level: 1 })).toBeVisible();

  const id = page.url().split('/').pop()!;
  const token = await apiToken('admin');
  const detail = await (await fetch(`${sandboxUrl()}/api/v1/servers/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  expect(detail).toMatchObject({ name: 'e2e-wizard-server', endpoint: 'https://mcp.example.com/mcp', sensitivity_level: 'high' });
  expect(detail.tools.map((t: { name: string }) => t.name)).toEqual(['query_orders']);
  const tools = await (await fetch(`${sandboxUrl()}/api/v1/servers/${id}/tools`, { headers: { Authorization: `Bearer ${token}` } })).json();
  expect(tools.tools[0]).toMatchObject({ requires_approval: true, parameters: { type: 'object' } });
});

test("the server's 422 lands on its field and step, with everything typed kept", async ({ page }) => {
  await login(page);
  await page.goto('/servers/register');
  // The console does not enforce SARK's 500-character endpoint limit; the server does.
  const endpoint = `https://mcp.example.com/${'a'.repeat(600)}`;
  await page.getByLabel('Server name').fill('e2e-too-long');
  await page.getByLabel('Endpoint URL').fill(endpoint);
  await page.getByRole('button', { name: 'Next: Tools →' }).click();
  await page.getByRole('button', { name: '+ Add tool' }).click();
  await page.getByLabel('Tool name').fill('kept_tool');
  await page.getByRole('button', { name: 'Next: Review →' }).click();
  await page.getByRole('button', { name: 'Register server' }).click();

  await expect(page.getByRole('heading', { name: 'Step 1 of 3: Basics' })).toBeVisible();
  const field = page.getByLabel('Endpoint URL');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#reg-endpoint-err')).toContainText('500');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(endpoint);
  await expect(page.getByLabel('Server name')).toHaveValue('e2e-too-long');
  await page.getByRole('button', { name: 'Next: Tools →' }).click();
  await expect(page.getByLabel('Tool name')).toHaveValue('kept_tool');
});

test('the draft survives leaving the page; a policy denial is shown without losing it', async ({ page }) => {
  await login(page, 'viewer');
  await page.goto('/servers/register');
  await page.getByLabel('Server name').fill('e2e-critical');
  await page.getByLabel('Transport').selectOption('stdio');
  await page.getByLabel('Command').fill('/usr/bin/node server.js');
  await page.getByLabel('Sensitivity level').selectOption('critical');

  await page.getByRole('link', { name: '← Back to servers' }).click();
  await expect(page).toHaveURL(/\/servers$/);
  await page.getByRole('link', { name: 'Register server' }).click();
  await expect(page.getByLabel('Server name')).toHaveValue('e2e-critical');
  await expect(page.getByLabel('Command')).toHaveValue('/usr/bin/node server.js');

  await page.getByRole('button', { name: 'Next: Tools →' }).click();
  await page.getByRole('button', { name: 'Next: Review →' }).click();
  await page.getByRole('button', { name: 'Register server' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not permitted' })).toHaveText(
    'Not permitted: Server registration denied by policy',
  );
  await expect(page).toHaveURL(/\/servers\/register$/);
  await page.getByRole('button', { name: '← Back' }).click();
  await page.getByRole('button', { name: '← Back' }).click();
  await expect(page.getByLabel('Server name')).toHaveValue('e2e-critical');
});
