// Lists and exports that stay usable when a SARK fails part of them (issue #12 items 5–7):
// failed cursor pages and filters name what failed and offer a way back, a stale cursor in the
// URL falls back to page 1, "Load more" waits for Retry, a filtered export keeps every column,
// and pasted giant inputs are capped instead of ending in HTTP 414.
import { readFileSync } from 'node:fs';
import { test, expect, login, apiToken, sandboxUrl, csrfHeaders, setFaults, resetSandbox } from './fixtures';

async function api(path: string): Promise<Response> {
  const token = await apiToken('admin');
  return fetch(`${sandboxUrl()}${path}`, { headers: { ...csrfHeaders(), Authorization: `Bearer ${token}` } });
}

test.afterEach(async () => {
  await setFaults({});
  await resetSandbox();
});

test('a failing next page names itself and offers the first page back', async ({ page }) => {
  await login(page);
  await page.goto('/servers?limit=25');
  await expect(page.getByTestId('server-rows').getByRole('row')).toHaveCount(25);
  await setFaults({ fail_cursor_pages: true });
  await page.getByRole('button', { name: 'Next page' }).click();
  const panel = page.getByTestId('error-panel');
  await expect(panel).toContainText('Could not load servers — a later page');
  await expect(panel.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
  await panel.getByRole('button', { name: 'First page' }).click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page.getByTestId('server-rows').getByRole('row')).toHaveCount(25);
});

test('a failing filter names the filter and offers to clear it', async ({ page }) => {
  await setFaults({ fail_filters: ['tags'] });
  await login(page);
  await page.goto('/servers');
  await page.getByTestId('tags-filter').fill('pci');
  await page.getByTestId('tags-filter').press('Tab');
  const panel = page.getByTestId('error-panel');
  await expect(panel).toContainText('tag filter pci');
  await panel.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/tags=/);
  await expect(page.getByTestId('server-rows').getByRole('row').first()).toBeVisible();
});

test('an invalid cursor in the URL goes back to page 1 with a notice', async ({ page }) => {
  await login(page);
  await page.goto('/servers?cursor=not-a-cursor');
  await expect(page.getByTestId('list-notice')).toContainText('no longer valid');
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page.getByTestId('server-rows').getByRole('row').first()).toBeVisible();
});

test('"Load more" stays disabled after an error until Retry', async ({ page }) => {
  await login(page);
  await page.goto('/servers?limit=25');
  await expect(page.getByTestId('server-rows').getByRole('row')).toHaveCount(25);
  await setFaults({ fail_cursor_pages: true });
  const more = page.getByRole('button', { name: 'Load more' });
  await more.click();
  const error = page.getByTestId('more-error');
  await expect(error).toContainText('Could not load more servers');
  await expect(more).toBeDisabled();
  await setFaults({});
  await error.getByRole('button', { name: 'Retry' }).click();
  // The next page arrived (the seed has fewer than 50 servers: the second page is partial).
  await expect.poll(() => page.getByTestId('server-rows').getByRole('row').count()).toBeGreaterThan(25);
  await expect(error).toHaveCount(0);
});

test('a 100 000-character paste is capped with a message, not an HTTP 414', async ({ page }) => {
  await login(page);
  await page.goto('/servers');
  const search = page.getByLabel('Search');
  await search.fill('x'.repeat(100_000));
  await expect(page.getByTestId('search-note')).toHaveText('Shortened to 255 characters, the longest this search accepts.');
  await expect(search).toHaveValue('x'.repeat(255));
  await expect(page).toHaveURL(new RegExp(`q=${'x'.repeat(255)}(&|$)`));
  await expect(page.getByTestId('no-match')).toBeVisible();
});

test('a filtered export keeps every column of every row', async ({ page }) => {
  await login(page);
  await page.goto('/servers?sensitivity=high');
  await expect(page.getByTestId('server-rows').getByRole('row').first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const full = await (await api('/api/v1/export/servers.json')).json();
  const expected = full.servers.filter((s: { sensitivity_level: string }) => s.sensitivity_level === 'high');
  expect(doc.servers.length).toBe(expected.length);
  for (const s of doc.servers) {
    const want = expected.find((e: { id: string }) => e.id === s.id);
    expect(want, s.name).toBeTruthy();
    // Every column the list endpoint lacks is filled in.
    expect(s.endpoint ?? null).toEqual(want.endpoint ?? null);
    expect(s.description ?? null).toEqual(want.description ?? null);
    expect(s.updated_at).toEqual(want.updated_at);
    expect(s.metadata).toEqual(want.metadata);
  }
});
