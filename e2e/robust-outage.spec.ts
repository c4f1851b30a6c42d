// Slow and failing SARKs (issue #12 items 2–4): the shell paints at once whatever the API does,
// the dashboard keeps its last numbers marked stale instead of empty charts, and a 429 counts
// down from Retry-After with the action disabled meanwhile.
import { test, expect, login, setFaults, resetSandbox } from './fixtures';

test.afterEach(async () => {
  await setFaults({});
  await resetSandbox();
});

test('with 5 s API latency the shell and a skeleton paint at once', async ({ page }) => {
  test.setTimeout(60_000);
  await login(page);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.locator('nav a[href="/servers"]').first().click();
  await expect(page.getByRole('heading', { name: 'Servers', exact: true })).toBeVisible();
  await setFaults({ latency_ms: 5000 });
  // Back to the dashboard: its data takes 5 s; the page around it must not wait.
  await page.locator('nav a[href="/"]').first().click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible({ timeout: 2_000 });
  await expect(page.getByRole('navigation').first()).toBeVisible({ timeout: 2_000 });
  await expect(page.locator('main [aria-busy="true"]').first()).toBeVisible({ timeout: 2_000 });
  await expect(page.getByTestId('total-servers')).toBeVisible({ timeout: 15_000 });
});

test.describe('outage', () => {
  // The sandbox drops the socket to force reconnects (and with them refetches).
  test.use({ allowedConsoleErrors: [/WebSocket connection to .* failed/] });

  test('the dashboard keeps its last data marked stale, never empty axes', async ({ page }) => {
    test.setTimeout(90_000);
    await login(page);
    const total = page.getByTestId('total-servers').locator('[data-value]');
    await expect(total).not.toHaveText('');
    const before = await total.textContent();
    await expect(page.getByRole('img', { name: 'Servers by status' })).toBeVisible();
    // The summary fails from now on; dropped sockets make the page refetch on each reconnect.
    await setFaults({ failure_rate: 1, failure_statuses: [503], paths: '/api/v1/metrics/summary', ws_drop_every_secs: 2 });
    await expect(page.getByTestId('stale-note').first()).toContainText(/Stale since \d\d:\d\d UTC/, { timeout: 45_000 });
    await expect(total).toHaveText(before ?? '');
    await expect(page.getByRole('img', { name: 'Servers by status' })).toBeVisible();
    await expect(page.getByTestId('chart-status-unknown')).toHaveCount(0);
    await setFaults({});
    await expect(page.getByTestId('stale-note')).toHaveCount(0, { timeout: 45_000 });
  });
});

test('429 counts down from Retry-After and keeps Retry disabled until then', async ({ page }) => {
  await login(page);
  await setFaults({ failure_rate: 1, failure_statuses: [429], retry_after_secs: 4, paths: '/api/v1/servers' });
  await page.goto('/servers');
  const panel = page.getByTestId('error-panel');
  const message = panel.getByTestId('error-message');
  await expect(message).toHaveText(/Try again in [34] s\./);
  const retry = panel.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeDisabled();
  await expect(message).toHaveText(/Try again in [12] s\./, { timeout: 4_000 });
  await setFaults({});
  await expect(retry).toBeEnabled({ timeout: 6_000 });
  await retry.click();
  await expect(page.getByTestId('server-rows').getByRole('row').first()).toBeVisible();
});

test('Evaluate waits out a 429 with a countdown', async ({ page }) => {
  await login(page);
  await page.goto('/policies');
  await setFaults({ failure_rate: 1, failure_statuses: [429], retry_after_secs: 3, paths: '/api/v1/policy/evaluate' });
  const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Evaluate a request' }) });
  await panel.getByLabel('Action').fill('policy:evaluate');
  const evaluate = panel.getByRole('button', { name: 'Evaluate' });
  await evaluate.click();
  await expect(panel.getByTestId('eval-result')).toContainText(/Try again in [23] s\./);
  await expect(evaluate).toBeDisabled();
  await setFaults({});
  await expect(evaluate).toBeEnabled({ timeout: 5_000 });
  await evaluate.click();
  await expect(panel.getByTestId('eval-result')).toContainText('Allowed: admin role');
});
