// What a visitor downloads and how long the main thread is blocked (issue #10 point 5). Prints
// `BENCH key value` lines that scripts/bench.sh turns into its summary; asserts nothing about timing.
//
// Bytes are Resource Timing's `encodedBodySize` (what came over the wire, brotli, headers
// excluded), so the page never reloads between steps: sign-in and every page are reached by
// clicking, as a user does.
import type { Page } from '@playwright/test';
import { test, expect, PASSWORDS } from '../e2e/fixtures';

interface Loaded {
  name: string;
  bytes: number;
}

/** Every resource (and the document) fetched by this page so far. */
async function loaded(page: Page): Promise<Loaded[]> {
  return page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
      name: e.name,
      bytes: (e as PerformanceResourceTiming).encodedBodySize,
    })),
  );
}

const isCode = (l: Loaded): boolean => /\.(wasm|js)(\?|$)/.test(l.name);
const sum = (ls: Loaded[]): number => ls.reduce((n, l) => n + l.bytes, 0);

/** Waits until no new resource has arrived for `quietMs` (lazy chunks, prefetches, data). */
async function settle(page: Page, quietMs = 1500): Promise<void> {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const n = await page.evaluate(() => performance.getEntriesByType('resource').length);
    if (n === last) return;
    last = n;
    await page.waitForTimeout(quietMs);
  }
}

function print(key: string, value: string | number): void {
  console.log(`BENCH ${key} ${value}`);
}

/** Bytes and requests, all and code only, of what `ls` holds. */
function printLoad(key: string, ls: Loaded[]): void {
  print(`${key}_bytes`, sum(ls));
  print(`${key}_code_bytes`, sum(ls.filter(isCode)));
  print(`${key}_requests`, ls.length);
  print(`${key}_code_requests`, ls.filter(isCode).length);
}

test.beforeEach(async ({ page }) => {
  // Room for every request of a full tour (Chrome keeps 250 by default).
  await page.addInitScript(() => performance.setResourceTimingBufferSize(5000));
});

test('first visit, sign-in, every page', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: /^sign in/i })).toBeVisible({ timeout: 30_000 });
  await settle(page);
  const first = await loaded(page);
  printLoad('first_load', first);
  // The sandbox's OpenAPI document (bench.sh sets SARK 2.0's, much larger, beside it).
  const doc = first.find((l) => new URL(l.name).pathname === '/openapi.json');
  print('openapi_bytes', doc ? doc.bytes : 0);

  // The sandbox offers username + password (tier D): the same form the e2e tests use.
  await page.getByLabel(/user ?name/i).fill('admin');
  await page.getByLabel(/password/i).fill(PASSWORDS.admin);
  await page.getByRole('button', { name: /^sign in$/i }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
  await settle(page);
  const dash = await loaded(page);
  printLoad('signin_dashboard', dash);

  const nav = page.getByRole('navigation', { name: 'Main' }).first();
  for (const name of ['Servers', 'Policies', 'Audit log', 'API keys']) {
    await nav.getByRole('link', { name }).click();
    await settle(page);
  }
  // The pages behind a list: a server's detail, the registration wizard, a policy.
  const visit = async (list: string, selector: string): Promise<void> => {
    await nav.getByRole('link', { name: list }).click();
    const link = page.locator(selector).first();
    try {
      await link.waitFor({ timeout: 10_000 });
    } catch {
      console.log(`BENCH note no ${selector} on ${list}`);
      return;
    }
    await link.click();
    await settle(page);
  };
  await visit('Servers', 'main a[href^="/servers/"]:not([href="/servers/register"])');
  await visit('Servers', 'main a[href="/servers/register"]');
  await visit('Policies', 'main a[href^="/policies/"]');
  await page.keyboard.press('?');
  await settle(page);
  const all = await loaded(page);
  printLoad('every_page', all);
  // Where the non-code bytes go: the largest responses of the whole tour.
  const data = all.filter((l) => !isCode(l)).sort((a, b) => b.bytes - a.bytes);
  for (const l of data.slice(0, 12)) print('largest_data', `${l.bytes} ${new URL(l.name).pathname}`);
});

test('longest start-up task, 4x CPU throttling', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const runs: { longest: number; total: number; blocking: number }[] = [];
  for (let i = 0; i < 3; i++) {
    await page.goto('/');
    await expect(page.getByRole('button', { name: /^sign in/i })).toBeVisible({ timeout: 60_000 });
    await page.waitForTimeout(2000);
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    runs.push({
      longest: Math.max(0, ...tasks),
      total: tasks.length,
      // Total blocking time as Lighthouse defines it: the part of each long task above 50 ms.
      blocking: tasks.reduce((n, d) => n + Math.max(0, d - 50), 0),
    });
  }
  runs.sort((a, b) => a.longest - b.longest);
  const median = runs[1];
  print('longest_task_ms', Math.round(median.longest));
  print('long_tasks', median.total);
  print('blocking_ms', Math.round(median.blocking));
});
