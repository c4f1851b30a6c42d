// Audit table with 10 000 loaded rows (issue #6 point 8): how long loading and rendering take and
// how smooth scrolling is, in Chromium. Prints numbers; asserts nothing about timing.
//
// The audit API is answered here with generated events (10 000 rows, ten pages of 1000), so the
// numbers do not depend on what the sandbox holds; everything else is the real console.
import { test, expect, login } from '../e2e/fixtures';

const TOTAL = 10_000;
const TYPES = ['tool_invoked', 'authorization_allowed', 'authorization_denied', 'server_updated', 'user_login'];

function event(i: number): Record<string, unknown> {
  const deny = i % 7 === 0;
  return {
    event_id: `bench-${i}`,
    event_type: TYPES[i % TYPES.length],
    timestamp: new Date(Date.UTC(2026, 10, 22, 12) - i * 60_000).toISOString(),
    severity: ['low', 'medium', 'high', 'critical'][i % 4],
    user_id: null,
    user_email: `user${i % 50}@example.com`,
    server_id: null,
    server_name: `server-${i % 40}`,
    tool_name: `tool_${i % 90}`,
    decision: deny ? 'deny' : 'allow',
    parameters: { path: `/data/${i}` },
    reason: deny ? 'Denied: tool requires approval' : 'Allowed by sandbox policy',
    duration_ms: (i % 100) + 0.5,
    details: { bench: true, i },
  };
}

const ms = (v: number): string => `${v.toFixed(1)} ms`;

test('audit table: 10 000 rows', async ({ page }) => {
  await login(page);
  await page.route('**/api/v1/audit/events?*', (route) => {
    const q = new URL(route.request().url()).searchParams;
    const limit = Number(q.get('limit') ?? 50);
    const offset = Number(q.get('offset') ?? 0);
    const events = [];
    for (let i = offset; i < Math.min(offset + limit, TOTAL); i++) events.push(event(i));
    return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ events, total: TOTAL, limit, offset }) });
  });

  const t0 = Date.now();
  await page.goto('/audit?period=custom&from=2000-01-01T00:00&limit=1000');
  const count = page.getByTestId('audit-count');
  await expect(count).toHaveText(`Showing 1–1000 of ${TOTAL}`, { timeout: 30_000 });
  const firstPage = Date.now() - t0;

  const more: number[] = [];
  for (let n = 2000; n <= TOTAL; n += 1000) {
    const t = Date.now();
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect(count).toHaveText(`Showing 1–${n} of ${TOTAL}`, { timeout: 30_000 });
    more.push(Date.now() - t);
  }
  const domRows = await page.getByTestId('audit-rows').locator('tr:not([aria-hidden])').count();

  // Scroll the whole table in 400 steps, one step per animation frame, and time the frames.
  const scroll = await page.getByTestId('audit-scroller').evaluate(async (el) => {
    const steps = 400;
    const frames: number[] = [];
    const max = el.scrollHeight - el.clientHeight;
    let last = performance.now();
    const start = last;
    for (let i = 1; i <= steps; i++) {
      el.scrollTop = Math.round((max * i) / steps);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    frames.sort((a, b) => a - b);
    return {
      total: performance.now() - start,
      median: frames[Math.floor(frames.length / 2)],
      p95: frames[Math.floor(frames.length * 0.95)],
      max: frames[frames.length - 1],
      height: el.scrollHeight,
    };
  });
  // Jump to the end and back to the top: time until the right rows are on screen.
  const scroller = page.getByTestId('audit-scroller');
  let t = Date.now();
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId('audit-rows').locator('tr:not([aria-hidden])').last()).toContainText('user49@example.com');
  const jumpEnd = Date.now() - t;
  t = Date.now();
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  await expect(page.getByTestId('audit-rows').locator('tr:not([aria-hidden])').first()).toContainText('user0@example.com');
  const jumpTop = Date.now() - t;

  const lines = [
    `first page (1000 rows) rendered     ${ms(firstPage)}`,
    `load more, 9 × 1000 rows            median ${ms(more.sort((a, b) => a - b)[4])}, max ${ms(more[more.length - 1])}`,
    `rows in the DOM with 10 000 loaded  ${domRows}`,
    `scroll through (400 frames)         ${ms(scroll.total)}; frame median ${ms(scroll.median)}, p95 ${ms(scroll.p95)}, max ${ms(scroll.max)}`,
    `jump to the last row                ${ms(jumpEnd)}`,
    `jump back to the first row          ${ms(jumpTop)}`,
    `table height                        ${scroll.height} px`,
  ];
  console.log(`\n== audit table, ${TOTAL} rows (Chromium, headless)\n${lines.join('\n')}`);
});
