// Starts one sandbox + nginx pair for the whole run and hands its coordinates to the tests through
// environment variables (workers start after global setup and inherit them):
//   BASE_URL     the console behind nginx (real CSP)      SANDBOX_URL  the sandbox directly
//   JWT_SECRET   the sandbox's signing secret             SANDBOX_BIN  the binary (mint-token)
import type { FullConfig } from '@playwright/test';
import { startStack } from './harness';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const stack = await startStack();
  process.env.BASE_URL = stack.baseURL;
  process.env.SANDBOX_URL = stack.sandboxURL;
  process.env.JWT_SECRET = stack.jwtSecret;
  process.env.SANDBOX_BIN = stack.sandboxBin;
  process.env.E2E_RUN_DIR = stack.runDir;
  console.log(`e2e: console ${stack.baseURL}, sandbox ${stack.sandboxURL}, logs in ${stack.runDir} (E2E_KEEP_LOGS=1 keeps them)`);
  // The returned function is Playwright's global teardown.
  return async () => {
    await stack.stop();
  };
}
