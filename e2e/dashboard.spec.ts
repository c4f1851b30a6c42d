// Dashboard (issue #4): cards equal the API's numbers and follow live updates without a reload,
// accessible charts with a table alternative, the time series controls, recent activity, and the
// connection indicator through a dropped socket and back.
import { test, expect, login, apiToken, sandboxUrl, csrfHeaders, setFaults, resetSandbox } from './fixtures';

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const token = await apiToken('admin');
  return fetch(`${sandboxUrl()}${path}`, {
    ...init,
    headers: { ...csrfHeaders(), Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
}

async function summary(): Promise<Record<string, number>> {
  const r = await api('/api/v1/metrics/summary');
  expect(r.status).toBe(200);
  return r.json();
}

test.afterEach(async () => {
  await setFaults({});
  await resetSandbox();
});

test('cards and charts show the API numbers, each chart with a table alternative', async ({ page }) => {
  const s = await summary();
  await login(page);
  await expect(page.getByTestId('total-servers').locator('[data-value]')).toHaveText(String(s.total_servers));
  await expect(page.getByTestId('active-servers').locator('[data-value]')).toHaveText(String(s.active_servers));

  for (const title of ['Servers by status', 'Servers by sensitivity', 'Servers by transport', 'Tools by sensitivity']) {
    await expect(page.getByRole('img', { name: title })).toBeVisible();
  }
  const status = page.getByTestId('chart-status');
  await status.getByRole('button', { name: /Show table/ }).click();
  const table = status.getByRole('table');
  await expect(table.getByRole('row', { name: /Active/ })).toContainText(String(s.active_servers));
  const other = s.total_servers - s.active_servers - s.inactive_servers - s.unhealthy_servers;
  await expect(table.getByRole('row', { name: /Other \(registered\/decommissioned\)/ })).toContainText(String(other));
  await status.getByRole('button', { name: /Show chart/ }).click();
  await expect(status.getByRole('img', { name: 'Servers by status' })).toBeVisible();

  // Zero buckets are filled: every transport has a row.
  const transport = page.getByTestId('chart-transport');
  await transport.getByRole('button', { name: /Show table/ }).click();
  await expect(transport.getByRole('rowheader')).toHaveText(['HTTP', 'stdio', 'SSE']);

  // Recent activity (the sandbox serves the audit log).
  await expect(page.getByTestId('recent-activity').getByRole('listitem')).toHaveCount(10);
});

test('time series offers only interval combinations within the point budget', async ({ page }) => {
  await login(page);
  await expect(page.getByRole('img', { name: /Servers over the last 24h/ })).toBeVisible();
  await page.getByLabel('Range').selectOption('7d');
  await expect(page.getByLabel('Interval').locator('option')).toHaveText(['1h', '6h', '1d']);
  await page.getByLabel('Metric').selectOption('active_servers');
  await expect(page.getByRole('img', { name: /Active servers over the last 7d/ })).toBeVisible();
  // The sandbox records real history: no placeholder caveat.
  await expect(page.getByTestId('placeholder-caveat')).toHaveCount(0);
  await page.getByTestId('chart-series').getByRole('button', { name: /Show table/ }).click();
  expect(await page.getByTestId('chart-series').getByRole('row').count()).toBeGreaterThan(20);
});

test('a status change made through the API reaches the cards without a reload', async ({ page }) => {
  const r = await api('/api/v1/servers/?status=inactive&limit=1');
  const [server] = (await r.json()).items;
  await login(page);
  const active = page.getByTestId('active-servers').locator('[data-value]');
  const before = (await summary()).active_servers;
  await expect(active).toHaveText(String(before));
  await expect(page.getByTestId('live-state')).toHaveText('Live');

  const change = await api('/api/v1/bulk/servers/status', {
    method: 'PATCH',
    body: JSON.stringify({ updates: [{ server_id: server.id, status: 'active' }] }),
  });
  expect((await change.json()).succeeded).toBe(1);
  await expect(active).toHaveText(String(before + 1), { timeout: 12_000 });
});

test.describe('connection indicator', () => {
  // A socket the server drops is reported by Chromium only as a closed connection; allow the
  // handshake message should a reconnect race the drop.
  test.use({ allowedConsoleErrors: [/WebSocket connection to .* failed/] });

  test('shows reconnecting while the sandbox drops the socket, then recovers', async ({ page }) => {
    test.setTimeout(90_000);
    await setFaults({ ws_drop_every_secs: 2 });
    await login(page);
    const state = page.getByTestId('live-state');
    // Full jitter can make a reconnect wait very short: watch every frame, not every poll.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="live-state"]')?.textContent?.includes('Reconnecting'),
      undefined,
      { polling: 'raf', timeout: 20_000 },
    );
    await setFaults({});
    await expect(state).toHaveText('Live', { timeout: 45_000 });
  });
});
