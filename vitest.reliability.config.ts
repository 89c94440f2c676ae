import { defineConfig } from 'vitest/config';

/**
 * `pnpm test:reliability`: crash, restart and fault scenarios with real worker processes on
 * PostgreSQL (TEST_DATABASE_URL). Slow by nature, so not part of `pnpm test`.
 */
export default defineConfig({
  test: {
    name: 'reliability',
    include: ['**/*.reliability.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['./packages/db/src/testing/global-setup.ts'],
    env: { REFINERY_TEST_DB: 'postgres' },
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
