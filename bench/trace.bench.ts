// What the long start-up tasks are (issue #10 point 3): a Chrome trace of a signed-out first
// visit under 4× CPU throttling, each main-thread task over 50 ms printed with the events that
// took most of it (script evaluation, wasm compile/instantiate, style, layout). Numbers only.
import { test, expect } from '../e2e/fixtures';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; functionName?: string; frame?: string } };
}

test('start-up trace, 4x CPU throttling', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: TraceEvent[] }) => events.push(...e.value));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.wasm,v8.execute,blink,loading',
    transferMode: 'ReportEvents',
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: /^sign in/i })).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await cdp.send('Tracing.end');
  await done;

  // The renderer main thread: where the RunTask events with the most script time live.
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && (e.dur ?? 0) > 50_000);
  const byThread = new Map<string, number>();
  for (const t of tasks) byThread.set(`${t.pid}:${t.tid}`, (byThread.get(`${t.pid}:${t.tid}`) ?? 0) + (t.dur ?? 0));
  const main = [...byThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const long = tasks.filter((t) => `${t.pid}:${t.tid}` === main).sort((a, b) => a.ts - b.ts);
  const t0 = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  console.log(`== long main-thread tasks (> 50 ms, 4x CPU): ${long.length}`);
  console.log(`BENCH trace_longest_task_ms ${Math.round(Math.max(0, ...long.map((t) => (t.dur ?? 0) / 1000)))}`);
  for (const t of long) {
    const end = t.ts + (t.dur ?? 0);
    const inner = events.filter(
      (e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end && (e.dur ?? 0) > 5_000,
    );
    const top = inner
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 6)
      .map((e) => {
        const d = e.args?.data;
        const what = d?.url ? ` ${d.url.split('/').pop()}` : d?.functionName ? ` ${d.functionName}` : '';
        return `${e.name}${what} ${((e.dur ?? 0) / 1000).toFixed(0)} ms`;
      });
    console.log(`BENCH task_at_${((t.ts - t0) / 1000).toFixed(0)}ms ${((t.dur ?? 0) / 1000).toFixed(0)}ms: ${top.join('; ')}`);
  }
});
