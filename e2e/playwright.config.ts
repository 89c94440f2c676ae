import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Workers inherit the main process's environment, so this runs once per test run.
process.env.REFINERY_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'refinery-e2e-'));
// The admin the browser tests sign in as: created by the server at first start, from here.
process.env.E2E_ADMIN_EMAIL ??= 'e2e-admin@refinery.local';
process.env.E2E_ADMIN_PASSWORD ??= randomBytes(12).toString('base64url');
export const authStatePath = join(process.env.REFINERY_E2E_DATA_DIR, 'signed-in.json');
process.env.REFINERY_E2E_LARGE_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'refinery-e2e-large-'));
const port = Number(process.env.E2E_PORT ?? 3199);
export const baseURL = `http://127.0.0.1:${port}`;

/**
 * With TEST_DATABASE_URL, a second server runs on PostgreSQL for the 100,000-conversation
 * test (no workers, no demo: the test fills the table itself).
 */
const pgBase = process.env.TEST_DATABASE_URL;
const largePort = port - 1;
export const largeURL = `http://127.0.0.1:${largePort}`;
export const largeDatabaseUrl = pgBase ? withDatabase(pgBase, 'refinery_e2e_large') : undefined;

function withDatabase(url: string, name: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  // Files run in name order (01-, 02-, …): later ones change data the earlier ones look at.
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromium,
  },
  projects: [
    // Signs in through the real login page once; the other projects reuse that session.
    { name: 'sign-in', testMatch: /sign-in\.setup\.ts/, use: { baseURL } },
    {
      name: 'embedded',
      testIgnore: /large\.spec\.ts|sign-in/,
      dependencies: ['sign-in'],
      use: { baseURL, storageState: authStatePath },
    },
    ...(largeDatabaseUrl
      ? [{ name: 'postgres-100k', testMatch: /large\.spec\.ts/, use: { baseURL: largeURL } }]
      : []),
  ],
  webServer: [
    {
      // The real server on a fresh embedded database, exactly as `pnpm start` runs it.
      command: 'pnpm --dir .. --filter @refinery/api start',
      url: `${baseURL}/trpc/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: process.env.REFINERY_E2E_DATA_DIR,
        REFINERY_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
        REFINERY_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
        DATABASE_URL: '',
        LOG_LEVEL: 'warn',
      },
    },
    ...(largeDatabaseUrl
      ? [
          {
            command: 'node create-database.mjs && pnpm --dir .. --filter @refinery/api start',
            url: `${largeURL}/trpc/health`,
            timeout: 120_000,
            reuseExistingServer: false,
            stdout: 'ignore' as const,
            stderr: 'pipe' as const,
            env: {
              PORT: String(largePort),
              HOST: '127.0.0.1',
              DATA_DIR: process.env.REFINERY_E2E_LARGE_DATA_DIR,
              DATABASE_URL: largeDatabaseUrl,
              DEMO_COUNT: '0',
              WORKER_CONCURRENCY: '0',
              LOG_LEVEL: 'warn',
              REFINERY_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
              REFINERY_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
            },
          },
        ]
      : []),
  ],
});
