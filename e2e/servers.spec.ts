// Servers list and detail (issue #4): filters and paging in the URL (reload, back), bulk status
// change seen in the list and on the detail page, export of the whole filtered set, live status on
// an open detail page, per-tool sensitivity override with history, and the not-found states.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, login, apiToken, sandboxUrl, csrfHeaders, resetSandbox } from './fixtures';

interface Item {
  id: string;
  name: string;
  status: string;
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const token = await apiToken('admin');
  return fetch(`${sandboxUrl()}${path}`, {
    ...init,
    headers: { ...csrfHeaders(), Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
}

async function list(query: string): Promise<{ items: Item[]; next_cursor: string | null; has_more: boolean }> {
  const r = await api(`/api/v1/servers/?${query}`);
  expect(r.status).toBe(200);
  return r.json();
}

async function setStatus(ids: string[], status: string): Promise<void> {
  const r = await api('/api/v1/bulk/servers/status', {
    method: 'PATCH',
    body: JSON.stringify({ updates: ids.map((server_id) => ({ server_id, status })), fail_on_first_error: false }),
  });
  expect(r.status).toBe(200);
  expect((await r.json()).failed).toBe(0);
}

/** Server names of the table rows, in order. */
async function rowNames(page: Page): Promise<string[]> {
  return page.getByTestId('server-rows').getByRole('link').allTextContents();
}

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

test.afterEach(async () => {
  await resetSandbox();
});

test('filters survive reload and the way back from a detail page', async ({ page }) => {
  await login(page);
  await page.goto('/servers');
  await page.getByRole('button', { name: 'Active', exact: true }).click();
  await page.getByRole('button', { name: 'High', exact: true }).click();
  await page.getByLabel('Tags').fill('prod');
  await page.getByLabel('Tags').press('Enter');
  await expect(page).toHaveURL(/\/servers\?status=active&sensitivity=high&tags=prod$/);

  const expected = (await list('status=active&sensitivity=high&tags=prod&limit=200')).items.map((s) => s.name);
  expect(expected.length).toBeGreaterThan(0);
  await expect.poll(() => rowNames(page)).toEqual(expected);
  await expect(page.getByTestId('count')).toHaveText(`${expected.length} shown`);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Active', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('Tags')).toHaveValue('prod');
  await expect.poll(() => rowNames(page)).toEqual(expected);

  await page.getByTestId('server-rows').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/servers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: expected[0], level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/servers\?status=active&sensitivity=high&tags=prod$/);
  await expect.poll(() => rowNames(page)).toEqual(expected);
});

test('cursor paging: next, previous, reload and browser back', async ({ page }) => {
  const first = await list('limit=25&sort_order=desc');
  expect(first.has_more).toBe(true);
  const second = await list(`limit=25&sort_order=desc&cursor=${encodeURIComponent(first.next_cursor!)}`);

  await login(page);
  await page.goto('/servers?limit=25');
  await expect.poll(() => rowNames(page)).toEqual(first.items.map((s) => s.name));
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect.poll(() => rowNames(page)).toEqual(second.items.map((s) => s.name));

  await page.reload();
  await expect.poll(() => rowNames(page)).toEqual(second.items.map((s) => s.name));

  // Previous page after paging forward = the browser's Back.
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page).toHaveURL(/\/servers\?limit=25$/);
  await expect.poll(() => rowNames(page)).toEqual(first.items.map((s) => s.name));
  await page.goForward();
  await expect.poll(() => rowNames(page)).toEqual(second.items.map((s) => s.name));
  await page.goBack();
  await expect.poll(() => rowNames(page)).toEqual(first.items.map((s) => s.name));
});

test('a bulk status change is confirmed, reported per row and shown in the list and on the detail page', async ({ page }) => {
  const targets = (await list('search=github-connector&limit=200')).items;
  expect(targets.length).toBe(2);
  await setStatus(targets.map((t) => t.id), 'active');

  await login(page);
  await page.goto('/servers?q=github-connector');
  await expect.poll(() => rowNames(page)).toHaveLength(2);
  for (const t of targets) await page.getByLabel(`Select ${t.name}`, { exact: true }).check();
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected');
  await page.getByLabel('New status').selectOption('unhealthy');
  await page.getByRole('button', { name: 'Change status…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change server status' });
  await expect(dialog.getByTestId('confirm-message')).toHaveText('Change the status of 2 servers to Unhealthy?');
  await dialog.getByRole('button', { name: 'Change status' }).click();

  await expect(page.getByTestId('bulk-report')).toContainText('2 succeeded, 0 failed');
  for (const t of targets) await expect(page.getByTestId('bulk-report')).toContainText(`${t.name}: now Unhealthy`);
  const rows = page.getByTestId('server-rows').getByRole('row');
  await expect(rows.filter({ hasText: 'Unhealthy' })).toHaveCount(2);
  expect((await list('search=github-connector&status=unhealthy&limit=200')).items).toHaveLength(2);

  await page.getByRole('link', { name: targets[0].name, exact: true }).click();
  await expect(page.getByTestId('server-status')).toHaveText('Unhealthy');
});

test('export CSV holds exactly the filtered set, through the list API and through the export endpoint', async ({ page }) => {
  await login(page);
  // A sensitivity filter: the console pages through the list API.
  await page.goto('/servers?sensitivity=critical&limit=200');
  const expected = (await list('sensitivity=critical&limit=200')).items;
  await expect.poll(() => rowNames(page)).toEqual(expected.map((s) => s.name));
  let download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  let file = await download;
  // Every column comes from SARK's full export where it has the rows (its file name), else the
  // console's own name.
  expect(file.suggestedFilename()).toMatch(/^servers(-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d|_\d{8}_\d{6})\.csv$/);
  let rows = parseCsv(readFileSync((await file.path())!, 'utf8'));
  expect(rows[0]).toEqual(['id', 'name', 'description', 'transport', 'endpoint', 'status', 'sensitivity_level', 'created_at']);
  expect(rows.slice(1).map((r) => r[1])).toEqual(expected.map((s) => s.name));
  expect(new Set(rows.slice(1).map((r) => r[6]))).toEqual(new Set(['critical']));

  // Only a status filter: SARK's export endpoint, filtered in the console (B6).
  await page.goto('/servers?status=inactive&limit=200');
  const inactive = (await list('status=inactive&limit=200')).items;
  await expect.poll(() => rowNames(page)).toEqual(inactive.map((s) => s.name));
  download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  file = await download;
  expect(file.suggestedFilename()).toMatch(/^servers_\d{8}_\d{6}\.csv$/);
  rows = parseCsv(readFileSync((await file.path())!, 'utf8'));
  expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(inactive.map((s) => s.id).sort());
  expect(new Set(rows.slice(1).map((r) => r[5]))).toEqual(new Set(['inactive']));
});

test('an open detail page follows a status change made through the API', async ({ page }) => {
  const [s] = (await list('search=vault-secrets&limit=1')).items;
  await setStatus([s.id], 'active');
  await login(page);
  await page.goto(`/servers/${s.id}`);
  await expect(page.getByTestId('server-status')).toHaveText('Active');
  await expect(page.getByTestId('live-state')).toHaveText(/Connected \(no live events yet\)|Live/);
  await setStatus([s.id], 'inactive');
  await expect(page.getByTestId('server-status')).toHaveText('Inactive', { timeout: 10_000 });
  await expect(page.getByTestId('live-state')).toHaveText('Live');
});

test('detail: overview, tools by name, sensitivity override with history, status change', async ({ page }) => {
  const [s] = (await list('search=stripe-payments&limit=1')).items;
  const detail = await (await api(`/api/v1/servers/${s.id}`)).json();
  const names = detail.tools.map((t: { name: string }) => t.name).sort((a: string, b: string) => a.localeCompare(b));
  await login(page);
  await page.goto(`/servers/${s.id}`);
  await expect(page.getByRole('heading', { name: s.name, level: 1 })).toBeVisible();
  await expect(page.getByTestId('metadata')).toContainText('"team"');
  await expect(page.getByTestId('tool-rows').getByRole('rowheader')).toHaveText(names);
  // Tier D on the sandbox: parameters and the approval column, Edit and Delete.
  await expect(page.getByRole('columnheader', { name: 'Approval' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeVisible();

  const tool = names[0];
  await page.getByRole('button', { name: `Sensitivity… of ${tool}` }).click();
  const dlg = page.getByRole('dialog', { name: 'Tool sensitivity' });
  await dlg.getByLabel('New sensitivity level').selectOption('critical');
  await dlg.getByLabel('Reason (optional)').fill('moves money');
  await dlg.getByRole('button', { name: 'Save override' }).click();
  await expect(dlg).toBeHidden();
  await expect(page.getByTestId('tool-rows').getByRole('row', { name: new RegExp(tool) })).toContainText('Critical');
  await page.getByRole('button', { name: `Sensitivity… of ${tool}` }).click();
  await expect(dlg.getByTestId('tool-history')).toContainText('to Critical — “moves money”');
  await dlg.getByRole('button', { name: 'Close dialog' }).click();

  await page.getByRole('button', { name: 'Deactivate' }).click();
  const confirm = page.getByRole('dialog', { name: 'Change server status' });
  await expect(confirm.getByTestId('confirm-message')).toHaveText(`Change the status of “\u2068${s.name}\u2069” to Inactive?`);
  await confirm.getByRole('button', { name: 'Change status' }).click();
  await expect(page.getByTestId('server-status')).toHaveText('Inactive');
});

test('unknown and malformed server ids get a not-found page with a way back', async ({ page }) => {
  await login(page);
  await page.goto('/servers/00000000-0000-4000-8000-000000000000');
  await expect(page.getByTestId('server-not-found')).toContainText('Server not found');
  await page.goto('/servers/not-a-uuid');
  await expect(page.getByTestId('server-not-found')).toContainText('not-a-uuid');
  await page.getByRole('link', { name: 'Back to servers' }).click();
  await expect(page).toHaveURL(/\/servers$/);
});
