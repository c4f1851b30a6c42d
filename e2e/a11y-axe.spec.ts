// axe-core on every page and state of issue #11, in both themes, at desktop and phone widths.
// axe is injected by the test runner (Runtime.evaluate over CDP), which the served CSP does not
// govern: the page keeps its strict policy. Any violation of a WCAG 2.0/2.1/2.2 A or AA rule fails.
import { readFileSync } from 'node:fs';
import { test, expect, login, resetSandbox } from './fixtures';
import type { Page } from '@playwright/test';

// The specs run as CommonJS under Playwright, so `require.resolve` finds the npm package.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

interface Found {
  state: string;
  rule: string;
  impact: string | null;
  nodes: string[];
}

async function axe(page: Page, state: string): Promise<Found[]> {
  // Let transitions and lazy chunks settle so axe sees what the user sees.
  // (networkidle never comes with live updates polling; a short pause is enough here.)
  await page.waitForTimeout(400);
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> };
    };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.slice(0, 300)),
    }));
  }, TAGS);
  return violations.map((v) => ({ state, rule: v.id, impact: v.impact, nodes: v.nodes }));
}

/** The page scrolls sideways (WCAG 1.4.10): reported like an axe finding. */
async function reflow(page: Page, state: string): Promise<Found[]> {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  return wide > 0 ? [{ state, rule: 'reflow-horizontal-scroll', impact: 'serious', nodes: [`scrolls ${wide}px sideways`] }] : [];
}

type Step = [string, (page: Page) => Promise<void>];

const STEPS: Step[] = [
  ['dashboard', async (page) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }],
  ['keyboard help', async (page) => {
    await page.locator('body').press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  }],
  ['command palette', async (page) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('combobox').fill('serv');
    await expect(dialog.getByRole('option').first()).toBeVisible();
  }],
  ['servers list', async (page) => {
    await page.goto('/servers');
    await expect(page.getByTestId('server-rows').getByRole('link').first()).toBeVisible();
  }],
  ['server detail', async (page) => {
    await page.getByTestId('server-rows').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/servers\/[0-9a-f-]{36}/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }],
  ['register wizard with errors', async (page) => {
    await page.goto('/servers/register');
    await page.getByRole('button', { name: 'Next: Tools →' }).click();
    await expect(page.getByLabel('Server name')).toHaveAttribute('aria-invalid', 'true');
  }],
  ['policies list', async (page) => {
    await page.goto('/policies');
    await expect(page.getByTestId('policy-list').getByRole('link').first()).toBeVisible();
  }],
  ['policy detail', async (page) => {
    await page.goto('/policies/mcp.authorization');
    await expect(page.getByTestId('rego-code')).toBeVisible();
  }],
  ['evaluation result', async (page) => {
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Evaluate a request' }) });
    await panel.getByLabel('Action').fill('policy:evaluate');
    await panel.getByRole('button', { name: 'Evaluate' }).click();
    await expect(panel.getByTestId('eval-result')).toBeVisible();
  }],
  ['policy editor', async (page) => {
    await page.goto('/policies');
    await page.getByRole('button', { name: 'New policy' }).click();
    await expect(page.getByTestId('policy-editor')).toBeVisible();
  }],
  ['audit event detail', async (page) => {
    await page.goto('/audit?period=custom&from=2000-01-01T00:00');
    await page.getByTestId('audit-rows').locator('tr:not([aria-hidden])').first().getByRole('button').click();
    await expect(page.getByRole('dialog', { name: 'Audit event' })).toBeVisible();
  }],
  ['api keys', async (page) => {
    await page.goto('/api-keys');
    await expect(page.getByRole('heading', { name: 'API Keys' })).toBeVisible();
  }],
  ['create api key with errors', async (page) => {
    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  }],
  ['one-time secret', async (page) => {
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Name').fill('axe-key');
    await dialog.getByLabel('audit:read').check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByRole('dialog', { name: 'Your new API key' })).toBeVisible();
  }],
  ['404', async (page) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  }],
];

const MOBILE_STEPS: Step[] = [
  ['navigation drawer', async (page) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await expect(page.getByRole('dialog', { name: 'Navigation' })).toBeVisible();
  }],
];

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
  { name: 'narrow', width: 320, height: 640 },
];

test.afterEach(async () => {
  await resetSandbox();
});

for (const theme of ['light', 'dark'] as const) {
  for (const vp of VIEWPORTS) {
    test(`axe: every page and state, ${theme}, ${vp.name} ${vp.width}px`, async ({ page }) => {
      test.setTimeout(240_000);
      await page.setViewportSize({ width: vp.width, height: vp.height });
      await page.addInitScript((t) => localStorage.setItem('sark-theme', t), theme);
      const found: Found[] = [];
      const unreachable: string[] = [];
      const check = async (state: string) => {
        found.push(...(await axe(page, state)), ...(await reflow(page, state)));
      };

      await page.goto('/login');
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      await check('login');
      await login(page);

      const steps = vp.width < 768 ? [...STEPS, ...MOBILE_STEPS] : STEPS;
      for (const [state, go] of steps) {
        try {
          await go(page);
        } catch (e) {
          unreachable.push(`${state}: ${String(e).split('\n')[0]}`);
          continue;
        }
        await check(state);
      }

      const nodes = found.reduce((n, f) => n + f.nodes.length, 0);
      console.log(
        `[axe ${theme} ${vp.width}px] ${found.length} violations (${nodes} nodes) in ${steps.length + 1} states; unreachable: ${unreachable.length}`,
      );
      for (const f of found) console.log(`  ${f.state}: ${f.rule} (${f.impact}) ×${f.nodes.length} ${f.nodes[0] ?? ''}`);
      for (const u of unreachable) console.log(`  unreachable ${u}`);
      expect(unreachable, 'states the test could not reach').toEqual([]);
      expect(found.map((f) => `${f.state}: ${f.rule} ${f.nodes.join(' | ')}`)).toEqual([]);
    });
  }
}
