import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowsOf } from '@refinery/db/queries';
import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { loadDemoCatalog, seedDemoConversations } from '@refinery/pipeline/demo';
import { seedReferenceData } from '@refinery/pipeline/seed';
import { createFsStorage, rawKey } from '@refinery/pipeline/storage';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { spawnTs } from './processes.ts';

export interface WorkerFleetOptions {
  /** The database to run on; a clone of the migrated template on TEST_DATABASE_URL by default. */
  openDatabase?: () => Promise<TestDatabase>;
  /** Where the files live; a new temporary directory by default. */
  storageRoot?: () => string;
}

/**
 * A PostgreSQL test database, shared storage and `refinery worker` processes against them,
 * for tests that crash and stop real workers. Registers its own hooks: every worker still
 * alive after a test is killed.
 */
export function useWorkerFleet(name: string, options: WorkerFleetOptions = {}) {
  let database: TestDatabase;
  let storageRoot: string;
  let ownerId: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await (options.openDatabase ?? makeTestDatabase)();
    storageRoot = options.storageRoot?.() ?? mkdtempSync(join(tmpdir(), `refinery-${name}-`));
    ({ demoOwnerId: ownerId } = await seedReferenceData(database.db));
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(async () => {
    await database?.close();
  });

  return {
    get database() {
      return database;
    },
    get storageRoot() {
      return storageRoot;
    },
    get ownerId() {
      return ownerId;
    },

    startWorker(env: Record<string, string> = {}, args: string[] = []) {
      const child = spawnTs('src/cli/main.ts', ['worker', ...args], {
        DATABASE_URL: database.url!,
        STORAGE_ROOT: storageRoot,
        LOG_LEVEL: 'warn',
        ...env,
      });
      children.push(child);
      // Worker logs, for a scenario that fails: REFINERY_TEST_WORKER_LOGS=1 shows them.
      if (process.env.REFINERY_TEST_WORKER_LOGS) {
        child.stdout?.pipe(process.stderr);
        child.stderr?.pipe(process.stderr);
      }
      return child;
    },

    async seed(count: number, runSeed: string) {
      const catalog = await loadDemoCatalog(database.db);
      return seedDemoConversations(database.db, createFsStorage(storageRoot), catalog, {
        ownerId,
        count,
        runSeed,
      });
    },

    /** Seeds demo conversations and keeps the bytes ingested, for the checker's (e). */
    async seedRemembering(count: number, runSeed: string) {
      const ids = await this.seed(count, runSeed);
      const ingested = new Map<string, Buffer>();
      for (const id of ids) ingested.set(id, readFileSync(join(storageRoot, rawKey(ownerId, id))));
      return ingested;
    },

    /** Every worker process started so far. */
    get children() {
      return children;
    },

    async statusCounts(ids: string[]): Promise<Record<string, number>> {
      const result = await database.db.execute(sql`
        select enrichment_status as status, count(*)::int as n from conversations
        where id = any(${`{${ids.join(',')}}`}::uuid[]) group by 1`);
      return Object.fromEntries(
        rowsOf<{ status: string; n: number }>(result).map((r) => [r.status, Number(r.n)]),
      );
    },

    async countIn(ids: string[], statuses: string[]) {
      const counts = await this.statusCounts(ids);
      return statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
    },
  };
}

/** Polls `check` until true; a check that throws (the database is down) counts as false. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function exited(child: ChildProcess) {
  return new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}
