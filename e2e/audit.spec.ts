// Audit log (issue #6 points 5–9): filters and paging in the URL, newest first, the detail dialog,
// live merging with pause and the "N new events" pill, the polling fallback with de-duplication,
// export of the whole filtered range with progress and cancel, the windowed table and metrics.
import { test, expect, login, apiToken, sandboxUrl, csrfHeaders, resetSandbox, setFaults } from './fixtures';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

interface Ev {
  event_id: string;
  event_type: string;
  timestamp: string;
  user_email: string | null;
  tool_name: string | null;
  details?: unknown;
}

// One API token per test, taken before the page loads: every API login writes a user_login event
// of its own, which would shift the newest-first list under the page's feet.
let token = '';

async function events(query: Record<string, string | number>): Promise<{ events: Ev[]; total: number }> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const r = await fetch(`${sandboxUrl()}/api/v1/audit/events?${qs}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return r.json();
}

/** Writes one audit event (authorization_allowed for admin) whose tool name is `tool`. */
async function evaluate(tool: string): Promise<string> {
  const r = await fetch(`${sandboxUrl()}/api/v1/policy/evaluate`, {
    method: 'POST',
    headers: { ...csrfHeaders(), Authorization: `Bearer ${token}` },
    body: JSON.stringify({ action: 'tool:invoke', tool, parameters: {} }),
  });
  expect(r.status).toBe(200);
  return (await r.json()).audit_id;
}

/** `2026-11-22 15:13:26`: how the table shows a timestamp (UTC). */
function shown(ts: string): string {
  return new Date(ts).toISOString().slice(0, 19).replace('T', ' ');
}

const ALL = '/audit?period=custom&from=2000-01-01T00:00';
const rows = (page: Page) => page.getByTestId('audit-rows').locator('tr:not([aria-hidden])');
const count = (page: Page) => page.getByTestId('audit-count');

test.beforeEach(async () => {
  await resetSandbox();
  token = await apiToken('admin');
});

test.afterEach(async () => {
  await setFaults({});
});

test('events are newest first with server-side paging and a total', async ({ page }) => {
  await login(page);
  await page.goto(ALL);
  const api = await events({ limit: 50, start_time: '2000-01-01T00:00:00Z' });
  expect(api.total).toBeGreaterThan(5000);
  await expect(count(page)).toHaveText(`Showing 1–50 of ${api.total}`);
  await expect(rows(page).first()).toContainText(shown(api.events[0].timestamp));
  await page.getByTestId('audit-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(rows(page).last()).toContainText(shown(api.events[49].timestamp));

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/offset=50/);
  await expect(count(page)).toHaveText(`Showing 51–100 of ${api.total}`);
  const second = await events({ limit: 50, offset: 50, start_time: '2000-01-01T00:00:00Z' });
  await expect(rows(page).first()).toContainText(shown(second.events[0].timestamp));
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(count(page)).toHaveText(`Showing 1–50 of ${api.total}`);

  await page.getByLabel('Page size').selectOption('200');
  await expect(page).toHaveURL(/limit=200/);
  await expect(count(page)).toHaveText(`Showing 1–200 of ${api.total}`);
});

test('every filter lives in the URL and survives a reload', async ({ page }) => {
  await login(page);
  await page.goto('/audit');
  await expect(page.getByLabel('Time range')).toHaveValue('24h');
  // The real event types of the contract, not the React UI's invented ones.
  const types = await page.getByLabel('Event type').locator('option').allTextContents();
  expect(types).toEqual([
    'All types', 'Server registered', 'Server updated', 'Server decommissioned', 'Tool invoked',
    'Authorization allowed', 'Authorization denied', 'Policy created', 'Policy updated', 'Policy activated',
    'User login', 'User logout', 'Security violation', 'Configuration changed',
  ]);

  await page.getByLabel('Time range').selectOption('30d');
  await page.getByLabel('Event type').selectOption('authorization_denied');
  await page.getByLabel('Decision').selectOption('deny');
  await page.getByLabel('User').fill('viewer');
  await expect(page).toHaveURL(/period=30d/);
  await expect(page).toHaveURL(/type=authorization_denied/);
  await expect(page).toHaveURL(/decision=deny/);
  await expect(page).toHaveURL(/user=viewer/);
  const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const api = await events({ limit: 50, start_time: since, event_type: 'authorization_denied', decision: 'deny', user_email: 'viewer' });
  expect(api.total).toBeGreaterThan(0);
  await expect(count(page)).toContainText(`of ${api.total}`);
  for (const text of await rows(page).allInnerTexts()) {
    expect(text).toContain('Authorization denied');
    expect(text).toContain('viewer');
    expect(text).toContain('Deny');
  }

  await page.reload();
  await expect(page.getByLabel('Time range')).toHaveValue('30d');
  await expect(page.getByLabel('Event type')).toHaveValue('authorization_denied');
  await expect(page.getByLabel('Decision')).toHaveValue('deny');
  await expect(page.getByLabel('User')).toHaveValue('viewer');
  await expect(count(page)).toContainText(`of ${api.total}`);

  // Severity is filtered in the browser: the total is no longer claimed.
  await page.getByLabel('Severity').selectOption('critical');
  await expect(page).toHaveURL(/severity=critical/);
  await expect(page.getByText('No audit events match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/audit$/);

  // A custom range.
  await page.getByLabel('Time range').selectOption('custom');
  await page.getByLabel('From (UTC)').fill('2000-01-01T00:00');
  await page.getByLabel('To (UTC)').fill('2001-01-01T00:00');
  await expect(page).toHaveURL(/from=2000-01-01T00%3A00/);
  await expect(page.getByText('No audit events match these filters.')).toBeVisible();
});

test('a row opens a dialog with every field and the details as JSON', async ({ page }) => {
  await login(page);
  await page.goto(`${ALL}&type=server_updated`);
  const api = await events({ limit: 1, start_time: '2000-01-01T00:00:00Z', event_type: 'server_updated' });
  const ev = api.events[0];
  await rows(page).first().getByRole('button').click();
  const dialog = page.getByRole('dialog', { name: 'Audit event' });
  const detail = dialog.getByTestId('event-detail');
  await expect(detail).toContainText(ev.event_id);
  await expect(detail).toContainText('Server updated (server_updated)');
  await expect(detail).toContainText(`${shown(ev.timestamp)} UTC`);
  for (const label of ['Severity', 'Decision', 'Reason', 'User ID', 'Server ID', 'Tool', 'Duration', 'Parameters', 'Details']) {
    await expect(detail.getByText(label, { exact: true })).toBeVisible();
  }
  const pretty = JSON.stringify(ev.details, null, 2);
  expect(await detail.locator('pre').last().innerText()).toBe(pretty);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('live events merge at the top; paused they wait behind the "new events" pill', async ({ page }) => {
  await login(page);
  await page.goto('/audit');
  await expect(rows(page).first()).toBeVisible();
  const tool = `e2e-live-${Date.now()}`;
  await evaluate(tool);
  await expect(rows(page).first()).toContainText(tool);
  await expect(page.getByTestId('live-state')).toHaveText('Live');
  await expect(rows(page).filter({ hasText: tool })).toHaveCount(1);

  await page.getByRole('button', { name: 'Pause live updates' }).click();
  const paused = `e2e-paused-${Date.now()}`;
  await evaluate(paused);
  const pill = page.getByTestId('new-events');
  await expect(pill).toHaveText('1 new events');
  await expect(rows(page).filter({ hasText: paused })).toHaveCount(0);
  // Events outside the filters never count.
  await page.getByLabel('Event type').selectOption('user_logout');
  await expect(page.getByLabel('Event type')).toHaveValue('user_logout');
  await page.getByLabel('Event type').selectOption('');
  await expect(rows(page).filter({ hasText: paused })).toHaveCount(1);
  await evaluate(`${paused}-2`);
  await expect(pill).toHaveText('1 new events');
  await pill.click();
  await expect(pill).toHaveCount(0);
  await expect(rows(page).first()).toContainText(`${paused}-2`);
  await expect(page.getByRole('button', { name: 'Pause live updates' })).toBeVisible();
});

test('without live events the list polls every 30 s and never duplicates a row', async ({ page }) => {
  // The audit stream connects but stays silent (like SARK 2.0, B9): the page must poll.
  await page.routeWebSocket(/\/api\/v1\/ws\/audit\/stream/, () => {});
  await page.clock.install();
  await login(page);
  await page.goto('/audit');
  await expect(rows(page).first()).toBeVisible();
  await expect(page.getByTestId('live-state')).toHaveText('Connected (no live events yet)');
  await expect(page.getByText('Not live yet: the list refreshes every 30 s')).toBeVisible();
  const tool = `e2e-poll-${Date.now()}`;
  await evaluate(tool);
  await page.clock.runFor(5_000);
  await expect(rows(page).filter({ hasText: tool })).toHaveCount(0);
  await page.clock.runFor(30_000);
  await expect(rows(page).first()).toContainText(tool);
  await page.clock.runFor(31_000);
  await page.clock.runFor(31_000);
  await expect(rows(page).filter({ hasText: tool })).toHaveCount(1);
});

test('export writes the whole filtered range, page by page, as CSV and JSON', async ({ page }) => {
  await login(page);
  await page.goto(`${ALL}&decision=deny`);
  const api = await events({ limit: 1, start_time: '2000-01-01T00:00:00Z', decision: 'deny' });
  const all = await events({ limit: 1, start_time: '2000-01-01T00:00:00Z' });
  await expect(count(page)).toContainText(`of ${api.total}`);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^audit-logs-custom-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.csv$/);
  const lines = readFileSync(await csv.path(), 'utf8').split('\r\n').filter((l) => l !== '');
  expect(lines[0]).toBe('timestamp,event_type,user_email,server_name,tool_name,decision,reason');
  expect(lines.length).toBe(api.total + 1);
  expect(lines.slice(1).every((l) => l.includes(',deny,'))).toBe(true);
  await expect(page.getByText(`Exported ${api.total} events`)).toBeVisible();

  // Unfiltered: more than 5 pages of 1000.
  await page.goto(ALL);
  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const json = await jsonDownload;
  expect(json.suggestedFilename()).toMatch(/^audit-logs-custom-.*\.json$/);
  const text = readFileSync(await json.path(), 'utf8');
  const parsed = JSON.parse(text) as Ev[];
  expect(parsed.length).toBe(all.total);
  expect(new Set(parsed.map((e) => e.event_id)).size).toBe(all.total);
  expect(text.startsWith('[\n  {\n    "event_id"')).toBe(true);
});

test('a slow export shows progress and can be cancelled', async ({ page }) => {
  await login(page);
  await page.goto(ALL);
  await expect(rows(page).first()).toBeVisible();
  await setFaults({ latency_ms: 1500, paths: '/api/v1/audit/events' });
  let downloaded = false;
  page.on('download', () => {
    downloaded = true;
  });
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const progress = page.getByTestId('export-progress');
  await expect(progress).toContainText(/Exporting… 1000 of \d+ events/, { timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
  await progress.getByRole('button', { name: 'Cancel export' }).click();
  await expect(page.getByText('Export cancelled')).toBeVisible({ timeout: 10_000 });
  await expect(progress).toHaveCount(0);
  expect(downloaded).toBe(false);
});

test('thousands of loaded rows render as a window of the table', async ({ page }) => {
  await login(page);
  await page.goto(`${ALL}&limit=1000`);
  const api = await events({ limit: 1, start_time: '2000-01-01T00:00:00Z' });
  await expect(count(page)).toHaveText(`Showing 1–1000 of ${api.total}`);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(count(page)).toHaveText(`Showing 1–2000 of ${api.total}`);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(count(page)).toHaveText(`Showing 1–3000 of ${api.total}`);
  // Only the visible slice is in the DOM.
  expect(await rows(page).count()).toBeLessThan(80);
  const last = (await events({ limit: 1, offset: 2999, start_time: '2000-01-01T00:00:00Z' })).events[0];
  const scroller = page.getByTestId('audit-scroller');
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(rows(page).last()).toContainText(shown(last.timestamp));
  expect(await rows(page).count()).toBeLessThan(80);
  // The spacers keep the full height: 3000 rows of 40 px.
  expect(await scroller.evaluate((el) => el.scrollHeight)).toBeGreaterThan(3000 * 40);
});

test('metrics for the period as accessible charts', async ({ page }) => {
  await login(page);
  await page.goto('/audit?period=7d');
  await page.getByText('Metrics: last 7 days').click();
  const r = await fetch(`${sandboxUrl()}/api/v1/audit/metrics?period=7d`, { headers: { Authorization: `Bearer ${token}` } });
  const m = await r.json();
  const panel = page.getByTestId('audit-metrics');
  await expect(panel.getByTestId('metrics-total')).toHaveText(`${m.total_events} events in the last 7 days`);
  await expect(panel.locator('svg[role="img"]')).toHaveCount(4);
  await expect(panel.locator('svg[role="img"] title').first()).toHaveText('Events by type, last 7 days');
  await panel.getByRole('button', { name: /^Show table\s*: Decisions, last 7 days$/ }).click();
  const table = panel.locator('figure', { hasText: 'Decisions, last 7 days' }).locator('table');
  await expect(table.getByRole('row', { name: new RegExp(`deny ${m.by_decision.deny}`) })).toBeVisible();
  await expect(table.getByRole('row', { name: new RegExp(`allow ${m.by_decision.allow}`) })).toBeVisible();
  const topTool = m.top_tools[0];
  await panel.getByRole('button', { name: /^Show table\s*: Top tools$/ }).click();
  await expect(panel.locator('figure', { hasText: 'Top tools' }).locator('table')).toContainText(topTool.tool_name);
});
