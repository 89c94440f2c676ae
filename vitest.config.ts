import { defineConfig } from 'vitest/config';

const dbSetup = './packages/db/src/testing/global-setup.ts';
const integration = ['**/*.int.test.ts'];
const ignored = ['**/node_modules/**', 'e2e/**', '**/dist/**', '**/*.reliability.test.ts'];

/**
 * Unit tests run once; integration tests (`*.int.test.ts`) run on embedded PGlite and, when
 * TEST_DATABASE_URL is set, again on PostgreSQL: the project name in the output says which.
 * `*.pg.int.test.ts` run several processes against one database, so only on PostgreSQL.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...ignored, ...integration],
        },
      },
      {
        test: {
          name: 'int:pglite',
          include: integration,
          // Multi-process tests need a server several processes can share.
          exclude: [...ignored, '**/*.pg.int.test.ts'],
          globalSetup: [dbSetup],
          env: { REFINERY_TEST_DB: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              test: {
                name: 'int:postgres',
                include: integration,
                exclude: ignored,
                globalSetup: [dbSetup],
                env: { REFINERY_TEST_DB: 'postgres' },
                testTimeout: 120_000,
                hookTimeout: 120_000,
              },
            },
            {
              // The reliability suite's short version: every scenario kind, fewer
              // conversations (`pnpm test:reliability` runs it in full).
              test: {
                name: 'reliability:short',
                include: ['**/*.reliability.test.ts'],
                exclude: ignored.filter((pattern) => !pattern.includes('reliability')),
                globalSetup: [dbSetup],
                env: { REFINERY_TEST_DB: 'postgres', REFINERY_RELIABILITY: 'short' },
                testTimeout: 240_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
    ],
  },
});
