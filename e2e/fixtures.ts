// Shared test fixture and helpers for the e2e specs. Import from here, not from '@playwright/test':
//
//   import { test, expect, login, apiToken, mintToken } from './fixtures';
//
// Every test fails if the page reported a CSP violation, a console error or an uncaught exception
// (recorded from before the first script runs). A spec that provokes an expected error lists it:
//   test.use({ allowedConsoleErrors: [/WebSocket connection to .* failed/] });
import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export { expect };

export type User = 'admin' | 'viewer';

/** Demo passwords of the sandbox's directory users. */
export const PASSWORDS: Record<User, string> = { admin: 'admin', viewer: 'viewer' };

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the specs through playwright.config.ts (global-setup.ts)`);
  return v;
}

/** The console behind nginx, e.g. http://127.0.0.1:43817 */
export const baseUrl = (): string => env('BASE_URL');
/** The sandbox API directly (test admin API, asserting API values). */
export const sandboxUrl = (): string => env('SANDBOX_URL');

interface Problem {
  kind: 'csp' | 'console' | 'pageerror';
  text: string;
}

type Fixtures = {
  /** Console errors matching one of these are not counted as problems. */
  allowedConsoleErrors: RegExp[];
  /** What the page reported so far; checked after each test. */
  pageProblems: Problem[];
};

// Chromium logs every HTTP error answer as "Failed to load resource"; for the API that is the
// app's business (401 before sign-in, 404 for a Tier D probe), for anything else it is a bug.
const API_RESOURCE_ERROR = /^Failed to load resource: the server responded with a status of \d+/;
const isApiUrl = (url: string): boolean => /^https?:\/\/[^/]+\/(api\/|health\/?)/.test(url);

export const test = base.extend<Fixtures>({
  // BASE_URL is only known after global setup (free ports), so it cannot sit in the config.
  baseURL: async ({}, use) => {
    await use(process.env.BASE_URL);
  },
  allowedConsoleErrors: [[], { option: true }],
  pageProblems: [
    async ({ page, allowedConsoleErrors }, use) => {
      const problems: Problem[] = [];
      await page.exposeBinding('__sarkReportCspViolation', (_source, text: string) => {
        problems.push({ kind: 'csp', text });
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __sarkReportCspViolation?: (t: string) => void })
            .__sarkReportCspViolation;
          report?.(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
        });
      });
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        if (API_RESOURCE_ERROR.test(text) && isApiUrl(msg.location().url)) return;
        if (allowedConsoleErrors.some((re) => re.test(text))) return;
        problems.push({ kind: 'console', text: `${text} (${msg.location().url})` });
      });
      page.on('pageerror', (err) => problems.push({ kind: 'pageerror', text: String(err.stack ?? err) }));
      await use(problems);
      expect(problems, 'CSP violations, console errors or page errors during the test').toEqual([]);
    },
    { auto: true },
  ],
});

/** Signs in through the login page and waits until the app has left it. */
export async function login(page: Page, user: User = 'admin'): Promise<void> {
  await page.goto('/login');
  await signIn(page, user);
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

/** Fills and submits the username + password form the page is showing. */
export async function signIn(page: Page, user: User = 'admin'): Promise<void> {
  await page.getByLabel(/user ?name/i).fill(user);
  await page.getByLabel(/password/i).fill(PASSWORDS[user]);
  await page.getByRole('button', { name: /^(sign in|log in)$/i }).click();
}

/** A fresh CSRF token as the app makes it: 32 random bytes, base64url (43 characters). */
export function csrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Headers for a mutating request to the sandbox (double-submit cookie + header, CONTRACT §1.4). */
export function csrfHeaders(token = csrfToken()): Record<string, string> {
  return { Cookie: `csrf_token=${token}`, 'X-CSRF-Token': token, 'Content-Type': 'application/json' };
}

/** Full login answer from the sandbox API (POST /api/v1/auth/login/ldap), not through the UI. */
export async function apiLogin(user: User = 'admin'): Promise<{ access_token: string; refresh_token: string; user: unknown }> {
  const r = await fetch(`${sandboxUrl()}/api/v1/auth/login/ldap`, {
    method: 'POST',
    headers: csrfHeaders(),
    body: JSON.stringify({ username: user, password: PASSWORDS[user] }),
  });
  if (!r.ok) throw new Error(`login as ${user}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

/** An access token for `user`, from the sandbox's login API. */
export async function apiToken(user: User = 'admin'): Promise<string> {
  return (await apiLogin(user)).access_token;
}

export interface MintOptions {
  /** Lifetime in seconds. */
  ttl?: number;
  /** Already expired. */
  expired?: boolean;
}

/** A token signed out of band by `sark-sandbox mint-token` (for the paste-a-token flow). */
export function mintToken(user: User = 'admin', opts: MintOptions = {}): string {
  const args = ['mint-token', '--jwt-secret', env('JWT_SECRET'), '--user', user];
  if (opts.ttl !== undefined) args.push('--ttl', String(opts.ttl));
  if (opts.expired) args.push('--expired');
  return execFileSync(env('SANDBOX_BIN'), args, { encoding: 'utf8', timeout: 30_000 }).trim();
}

/** Calls the sandbox's test-only admin API (mounted by --enable-test-admin). */
async function sandboxAdmin(method: 'PUT' | 'POST', path: string, body?: unknown): Promise<void> {
  const r = await fetch(`${sandboxUrl()}/__sandbox/${path}`, {
    method,
    headers: csrfHeaders(),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} /__sandbox/${path}: HTTP ${r.status} ${await r.text()}`);
}

/** PUT /__sandbox/faults, e.g. { latency_ms: 500 }. */
export const setFaults = (faults: Record<string, unknown>): Promise<void> => sandboxAdmin('PUT', 'faults', faults);
/** PUT /__sandbox/mode: answer Tier D endpoints like SARK 2.0 (404/405). */
export const setTierSOnly = (on: boolean): Promise<void> => sandboxAdmin('PUT', 'mode', { tier_s_only: on });
/** POST /__sandbox/reset: back to the seeded state. */
export const resetSandbox = (): Promise<void> => sandboxAdmin('POST', 'reset');
