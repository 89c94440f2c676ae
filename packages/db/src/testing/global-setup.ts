import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../client.ts';
import { migrateDatabase } from '../migrate.ts';
import './provided.ts';
import { TEST_DB_ENV } from './provided.ts';

/**
 * Migrates one template database per test run; each test file then clones it, which takes
 * milliseconds where a fresh PGlite initdb plus migrations takes seconds.
 */
export default async function setup(project: TestProject) {
  const kind = project.config.env?.[TEST_DB_ENV] ?? 'pglite';
  if (kind === 'postgres') return setupPostgres(project);
  return setupPglite(project);
}

async function setupPglite(project: TestProject) {
  const database = await createDatabase({ inMemory: true });
  await migrateDatabase(database);
  const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } })
    .$client;
  const dump = await client.dumpDataDir('none');
  await database.close();
  const path = join(tmpdir(), `refinery-pglite-template-${process.pid}.tar`);
  await writeFile(path, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplatePath', path);
}

async function setupPostgres(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL must be set for the PostgreSQL test project');
  const name = `refinery_template_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const templateUrl = withDatabaseName(url, name);
  const database = await createDatabase({ url: templateUrl, maxConnections: 1 });
  await migrateDatabase(database);
  await database.close();
  project.provide('postgresTemplateName', name);
  return async () => {
    // Test files drop their own clones; sweep any a crashed worker left behind.
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`refinery_test_${process.pid}_%`}`;
    for (const { datname } of leftovers) {
      await admin.unsafe(`drop database if exists ${datname} with (force)`);
    }
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
