import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../client.ts';
import { TEST_DB_ENV } from './provided.ts';

export { withDatabaseName } from './global-setup.ts';

export interface TestDatabase extends Database {
  /** Connection URL of the clone (PostgreSQL only): for worker processes a test spawns. */
  url: string | undefined;
}

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env[TEST_DB_ENV] === 'postgres' ? 'postgres' : 'pglite';
}

/**
 * A fresh, migrated database for one test file: a clone of the run's template on the
 * database this project targets. `close()` drops a PostgreSQL clone.
 */
export async function makeTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === 'postgres') return makePostgresClone();
  const dump = await readFile(inject('pgliteTemplatePath'));
  const database = await createDatabase({ inMemory: true, loadDataDir: new Blob([dump]) });
  return { ...database, url: undefined };
}

async function makePostgresClone(): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL!;
  const template = inject('postgresTemplateName');
  const name = `refinery_test_${template.split('_').at(-1)}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const { withDatabaseName } = await import('./global-setup.ts');
  const url = withDatabaseName(baseUrl, name);
  const database = await createDatabase({ url, maxConnections: 5 });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export * from './explain.ts';
