// Error reporting (SARK_SENTRY_DSN) in a real browser: a console whose DSN points at a local
// envelope receiver (e2e/harness.ts) on another origin. Each kind of report is provoked for real
// — a panic, an unhandled rejection, API 5xx and undecodable answers, a WebSocket that stays down —
// and the envelope that arrives is checked: header, item header, event fields, and that no token,
// cookie, query string, body, user name or e-mail is inside. The CSP must allow exactly that origin.
//
// Plain @playwright/test rather than ./fixtures: these tests cause page errors on purpose (a panic
// aborts the wasm; an unhandled rejection is one). CSP violations are still collected and fail.
import { test, expect, type Page } from '@playwright/test';
import { csrfHeaders, PASSWORDS } from './fixtures';
import { startEnvelopeReceiver, startStack, type EnvelopeReceiver, type ReceivedEnvelope, type Stack } from './harness';

const KEY = 'e2epublickey';
const PROJECT = '4242';
const VERSION = '0.1.0'; // Cargo.toml's package version: the default release

let stack: Stack;
let rx: EnvelopeReceiver;
let dsn: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  rx = await startEnvelopeReceiver();
  dsn = `http://${KEY}@${rx.origin.replace('http://', '')}/${PROJECT}`;
  stack = await startStack({ nginxEnv: { SARK_SENTRY_DSN: dsn } });
});

test.afterAll(async () => {
  await stack?.stop();
  await rx?.stop();
});

async function admin(method: 'PUT' | 'POST', path: string, body?: unknown): Promise<void> {
  const r = await fetch(`${stack.sandboxURL}/__sandbox/${path}`, {
    method,
    headers: csrfHeaders(),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} /__sandbox/${path}: HTTP ${r.status}`);
}

test.beforeEach(async () => {
  rx.received.length = 0;
  await admin('PUT', 'faults', {});
  await admin('POST', 'reset');
});

interface Parsed {
  raw: ReceivedEnvelope;
  header: Record<string, unknown>;
  item: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  event: any;
}

function parse(e: ReceivedEnvelope): Parsed {
  const [header, item, event] = e.body.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  return { raw: e, header, item, event };
}

/** The first envelope whose event matches, waiting for it to arrive. */
async function envelopeWhere(pred: (p: Parsed) => boolean, timeout = 15_000): Promise<Parsed> {
  let found: Parsed | undefined;
  await expect
    .poll(
      () => {
        found = rx.received.map(parse).find(pred);
        return found !== undefined;
      },
      { timeout, intervals: [250] },
    )
    .toBe(true);
  return found!;
}

/** Records CSP violations from before the first script runs. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeBinding('__opsCsp', (_s, text: string) => {
    violations.push(text);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __opsCsp: (t: string) => void }).__opsCsp(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

/** Signs in through the login page; returns the access token the browser received. */
async function signIn(page: Page): Promise<string> {
  const login = page.waitForResponse((r) => r.url().includes('/api/v1/auth/login/ldap') && r.status() === 200);
  await page.goto(`${stack.baseURL}/login`);
  await page.getByLabel(/user ?name/i).fill('admin');
  await page.getByLabel(/password/i).fill(PASSWORDS.admin);
  await page.getByRole('button', { name: /^(sign in|log in)$/i }).click();
  const token = ((await (await login).json()) as { access_token: string }).access_token;
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  return token;
}

/** Checks what every envelope must and must not carry. */
function assertWellFormed(p: Parsed, secrets: string[]): void {
  expect(p.raw.url).toBe(`/api/${PROJECT}/envelope/?sentry_key=${KEY}&sentry_version=7&sentry_client=sark-console`);
  expect(p.raw.headers['content-type']).toMatch(/^text\/plain/);
  expect(p.raw.headers.cookie, 'no cookie goes to the tracker').toBeUndefined();
  expect(p.raw.headers.referer, 'no page URL in a Referer').toBeUndefined();
  expect(p.header.event_id).toMatch(/^[0-9a-f]{32}$/);
  expect(p.header.dsn).toBe(dsn);
  expect(Date.parse(String(p.header.sent_at))).toBeGreaterThan(Date.now() - 300_000);
  expect(p.item.type).toBe('event');
  expect(p.event.event_id).toBe(p.header.event_id);
  expect(p.event.environment).toBe('e2e');
  expect(p.event.release).toBe(`sark-console@${VERSION}`);
  expect(p.event.user).toBeUndefined();
  expect(p.event.request).toBeUndefined();
  const body = p.raw.body;
  for (const s of ['eyJ', 'Bearer', 'csrf', 'token=', 'admin', 'password', ...secrets]) {
    expect(body, `envelope must not contain ${s}`).not.toContain(s);
  }
}

test('the CSP allows exactly the DSN origin, and config.json carries the DSN', async ({ page }) => {
  const violations = await watchCsp(page);
  const res = await page.goto(`${stack.baseURL}/login`);
  const csp = res?.headers()['content-security-policy'] ?? '';
  const connect = csp.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0] === 'connect-src');
  expect(connect?.slice(1)).toEqual(["'self'", rx.origin]);
  expect(csp).not.toContain('unsafe-inline');
  const cfg = await (await fetch(`${stack.baseURL}/config.json`)).json();
  expect(cfg.sentry_dsn).toBe(dsn);
  // Nothing is reported on a healthy start.
  await page.getByLabel(/password/i).waitFor();
  await page.waitForTimeout(1_000);
  expect(rx.received).toEqual([]);
  expect(violations).toEqual([]);
});

test('an API 5xx is reported once, with variant, method, path template and status', async ({ page }) => {
  const violations = await watchCsp(page);
  const token = await signIn(page);
  await admin('PUT', 'faults', { failure_rate: 1, failure_statuses: [500], paths: '/api/v1/servers' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Servers/ }).first().click();
  const p = await envelopeWhere((e) => e.event.tags?.kind === 'api' && e.event.tags['api.path'] === '/api/v1/servers/');
  assertWellFormed(p, [token]);
  expect(p.event.level).toBe('error');
  expect(p.event.transaction).toBe('/servers');
  expect(p.event.tags.route).toBe('/servers');
  expect(p.event.tags['api.method']).toBe('GET');
  expect(p.event.tags['api.status']).toBe('500');
  expect(['Internal', 'Server']).toContain(p.event.exception.values[0].type);
  expect(p.raw.body).not.toContain('?');
  // The page retries the read: identical failures within a minute are one report.
  await page.waitForTimeout(3_000);
  const same = rx.received.map(parse).filter((e) => e.event.tags?.['api.path'] === '/api/v1/servers/');
  expect(same).toHaveLength(1);
  expect(violations).toEqual([]);
});

test('an undecodable API answer is reported as Unexpected', async ({ page }) => {
  const violations = await watchCsp(page);
  const token = await signIn(page);
  await admin('PUT', 'faults', { malformed_json_rate: 1, paths: '/api/v1/servers' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Servers/ }).first().click();
  const p = await envelopeWhere((e) => e.event.exception?.values?.[0]?.type === 'Unexpected');
  assertWellFormed(p, [token]);
  expect(p.event.tags['api.path']).toMatch(/^\/api\/v1\/servers\//);
  expect(p.event.tags['api.status']).toBe('200');
  expect(violations).toEqual([]);
});

test('an unhandled promise rejection is reported, scrubbed', async ({ page }) => {
  const violations = await watchCsp(page);
  const token = await signIn(page);
  await page.evaluate(() => {
    void Promise.reject(new Error('boom for alice@example.com with eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'));
  });
  const p = await envelopeWhere((e) => e.event.tags?.kind === 'unhandled_rejection');
  assertWellFormed(p, [token, 'alice', 'example.com']);
  const ex = p.event.exception.values[0];
  expect(ex.type).toBe('UnhandledRejection');
  expect(ex.value).toContain('Error: boom for [email] with [redacted]');
  expect(ex.mechanism).toEqual({ type: 'onunhandledrejection', handled: false });
  expect(p.event.transaction).toBe('/');
  expect(violations).toEqual([]);
});

test('a panic is reported before the wasm stops', async ({ page }) => {
  const violations = await watchCsp(page);
  const token = await signIn(page);
  // Make the DOM refuse to create elements: the renderer unwraps that result, so the next view
  // the console builds panics (panic = "abort" in release).
  await page.evaluate(() => {
    Document.prototype.createElement = function () {
      throw new Error('createElement refused by the test');
    };
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^API keys/ }).first().click();
  const p = await envelopeWhere((e) => e.event.tags?.kind === 'panic');
  assertWellFormed(p, [token]);
  expect(p.event.level).toBe('fatal');
  const ex = p.event.exception.values[0];
  expect(ex.type).toBe('panic');
  expect(ex.mechanism).toEqual({ type: 'panic', handled: false });
  expect(String(p.event.tags.location)).toMatch(/\.rs:\d+$/);
  expect(['/', '/api-keys']).toContain(p.event.transaction);
  expect(violations).toEqual([]);
});

// The sandbox drops open sockets once the fault is set and refuses new handshakes, so the
// channel stays down until the reporter's one-minute threshold.
test('a WebSocket channel down for over a minute is reported once', async ({ page }) => {
  test.setTimeout(150_000);
  const violations = await watchCsp(page);
  const token = await signIn(page);
  // The dashboard subscribes to live metrics. Drop every socket and refuse new handshakes.
  await expect(page.getByText(/Connected|Live/).first()).toBeVisible({ timeout: 15_000 });
  await admin('PUT', 'faults', { failure_rate: 1, failure_statuses: [503], paths: '/api/v1/ws/', ws_drop_every_secs: 1 });
  const p = await envelopeWhere((e) => e.event.tags?.kind === 'websocket', 100_000);
  assertWellFormed(p, [token]);
  expect(p.event.tags['ws.channel']).toMatch(/^\/api\/v1\/ws\/[a-z/]+$/);
  expect(p.event.contexts.websocket.down_secs).toBeGreaterThanOrEqual(60);
  expect(p.event.level).toBe('warning');
  expect(p.raw.body).not.toContain('?');
  expect(violations).toEqual([]);
});
