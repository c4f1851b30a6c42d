// Starts and stops the servers the e2e tests run against: the sandbox API and the project's nginx
// (./nginx.conf + nginx/ snippets rendered by docker/render-config.sh, via scripts/nginx-local.sh) serving dist/,
// so the browser sees the production CSP, headers and routing. Both stop by themselves after an
// hour even if the runner dies (--exit-after / SARK_EXIT_AFTER).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const SANDBOX_BIN = process.env.SANDBOX_BIN ?? path.join(ROOT, 'target', 'sandbox', 'sark-sandbox');
const LIFETIME_S = 3600;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForOk(url: string, proc: ChildProcess, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`${url}: process exited (${proc.exitCode ?? proc.signalCode}). Log:\n${readLog(logFile)}`);
    }
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last}). Log:\n${readLog(logFile)}`);
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface Stack {
  baseURL: string;
  sandboxURL: string;
  jwtSecret: string;
  sandboxBin: string;
  runDir: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra sandbox flags, e.g. ['--tier-s-only']. */
  sandboxArgs?: string[];
  /** Extra SARK_* variables for the render step, or a function of nginx's port that returns them. */
  nginxEnv?: Record<string, string> | ((webPort: number) => Record<string, string>);
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const webRoot = process.env.SARK_WEB_ROOT ?? path.join(ROOT, 'dist');
  for (const f of [SANDBOX_BIN, path.join(webRoot, 'index.html')]) {
    if (!existsSync(f)) throw new Error(`${f} missing: run \`make e2e\` (it builds dist/ and the sandbox)`);
  }
  const runDir = mkdtempSync(path.join(tmpdir(), 'sark-e2e-'));
  // Run as root, nginx-local.sh drops nginx to `nobody`, which must be able to reach its runtime dir.
  chmodSync(runDir, 0o755);
  const [sandboxPort, webPort] = [await freePort(), await freePort()];
  const jwtSecret = randomBytes(24).toString('hex');
  const procs: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(procs.map(stopProcess));
    // Logs and nginx's runtime files go with the servers, unless asked to keep them.
    if (process.env.E2E_KEEP_LOGS !== '1') rmSync(runDir, { recursive: true, force: true });
  };

  try {
    const sandboxLog = path.join(runDir, 'sandbox.log');
    const sandbox = spawn(
      SANDBOX_BIN,
      [
        '--addr', `127.0.0.1:${sandboxPort}`, '--db', ':memory:', '--seed', '--enable-test-admin',
        '--jwt-secret', jwtSecret, '--exit-after', String(LIFETIME_S), ...(opts.sandboxArgs ?? []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    procs.push(sandbox);
    const sandboxOut = createWriteStream(sandboxLog);
    sandbox.stdout!.pipe(sandboxOut);
    sandbox.stderr!.pipe(sandboxOut);
    const sandboxURL = `http://127.0.0.1:${sandboxPort}`;
    await waitForOk(`${sandboxURL}/health/`, sandbox, sandboxLog);

    const nginxLog = path.join(runDir, 'nginx.log');
    const nginx = spawn(path.join(ROOT, 'scripts', 'nginx-local.sh'), [], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SARK_API_UPSTREAM: sandboxURL,
        SARK_LISTEN: `127.0.0.1:${webPort}`,
        SARK_RUNTIME_DIR: path.join(runDir, 'nginx'),
        SARK_ENVIRONMENT: 'e2e',
        SARK_DEMO: 'true',
        SARK_ENABLE_WEBSOCKETS: 'true',
        SARK_EXIT_AFTER: String(LIFETIME_S),
        ...(typeof opts.nginxEnv === 'function' ? opts.nginxEnv(webPort) : (opts.nginxEnv ?? {})),
      },
    });
    procs.push(nginx);
    const nginxOut = createWriteStream(nginxLog);
    nginx.stdout!.pipe(nginxOut);
    nginx.stderr!.pipe(nginxOut);
    const baseURL = `http://127.0.0.1:${webPort}`;
    await waitForOk(`${baseURL}/healthz`, nginx, nginxLog);

    return { baseURL, sandboxURL, jwtSecret, sandboxBin: SANDBOX_BIN, runDir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** One request the envelope receiver got. */
export interface ReceivedEnvelope {
  /** Path and query, e.g. /api/1/envelope/?sentry_key=…&sentry_version=7 */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface EnvelopeReceiver {
  /** http://127.0.0.1:PORT, the origin the DSN names. */
  origin: string;
  received: ReceivedEnvelope[];
  stop(): Promise<void>;
}

/**
 * A stand-in for a Sentry-compatible tracker: records every POST on 127.0.0.1 and answers 200.
 * It stops with stop() or by itself after the harness lifetime.
 */
export async function startEnvelopeReceiver(): Promise<EnvelopeReceiver> {
  const received: ReceivedEnvelope[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') {
        received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (typeof addr !== 'object' || !addr) throw new Error('envelope receiver: no port');
  const timer = setTimeout(() => server.close(), LIFETIME_S * 1000);
  timer.unref();
  return {
    origin: `http://127.0.0.1:${addr.port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
