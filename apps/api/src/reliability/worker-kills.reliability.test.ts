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
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnTs } from '../testing/processes.ts';
import { checkNothingLost } from './nothing-lost.ts';

/**
 * Reliability scenarios on PostgreSQL with real worker processes (`pnpm test:reliability`).
 * Each ends with the "nothing lost" checker; the figures are printed for docs/RELIABILITY.md.
 */
let database: TestDatabase;
let storageRoot: string;
let ownerId: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await makeTestDatabase();
  storageRoot = mkdtempSync(join(tmpdir(), 'refinery-reliability-'));
  ({ demoOwnerId: ownerId } = await seedReferenceData(database.db));
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await database?.close();
});

function startWorker(env: Record<string, string> = {}) {
  const child = spawnTs('src/cli/main.ts', ['worker'], {
    DATABASE_URL: database.url!,
    STORAGE_ROOT: storageRoot,
    LOG_LEVEL: 'warn',
    ...env,
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcess) {
  return new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function seed(count: number, runSeed: string) {
  const storage = createFsStorage(storageRoot);
  const catalog = await loadDemoCatalog(database.db);
  const ids = await seedDemoConversations(database.db, storage, catalog, {
    ownerId,
    count,
    runSeed,
  });
  const ingested = new Map<string, Buffer>();
  for (const id of ids) ingested.set(id, readFileSync(join(storageRoot, rawKey(ownerId, id))));
  return ingested;
}

async function countIn(ids: string[], statuses: string[]) {
  const [row] = rowsOf<{ n: number }>(
    await database.db.execute(sql`
    select count(*)::int as n from conversations
    where id = any(${`{${ids.join(',')}}`}::uuid[]) and enrichment_status = any(${`{${statuses.join(',')}}`}::text[])`),
  );
  return Number(row!.n);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const FIGURES: Record<string, unknown> = {};

afterAll(() => {
  console.log(`RELIABILITY FIGURES ${JSON.stringify(FIGURES)}`);
});

describe('SIGKILL at each point of a run', () => {
  for (const point of ['after-fetch', 'mid-enrich', 'after-file-write', 'during-commit'] as const) {
    it(`killed ${point}: reclaimed after the lease, completed, nothing lost`, async () => {
      const ingested = await seed(30, `kill-${point}`);
      const ids = [...ingested.keys()];
      const doomed = startWorker({ LEASE_SECONDS: '3', REFINERY_FAULT_PAUSE: `${point}:600000` });
      await waitFor(async () => (await countIn(ids, ['enrichment_in_progress'])) > 0, 60_000);
      await new Promise((r) => setTimeout(r, 500));
      doomed.kill('SIGKILL');
      await exited(doomed);
      const killedAt = Date.now();
      startWorker({ LEASE_SECONDS: '3' });
      await waitFor(
        async () => (await countIn(ids, ['queued', 'enrichment_in_progress'])) === 0,
        90_000,
      );
      FIGURES[`recovery after SIGKILL ${point} (s, 3 s lease)`] = (Date.now() - killedAt) / 1000;
      const report = await checkNothingLost(database.db, { storageRoot, ingested });
      expect(report.problems).toEqual([]);
      expect((report.byStatus.completed ?? 0) + (report.byStatus.validation_failed ?? 0)).toBe(30);
    }, 180_000);
  }
});

describe('SIGTERM during load', () => {
  it('drains within 10 s, leaves nothing in progress, and another worker finishes the rest', async () => {
    const ingested = await seed(3000, 'drain');
    const ids = [...ingested.keys()];
    const workers = [startWorker(), startWorker()];
    await waitFor(
      async () => (await countIn(ids, ['completed', 'validation_failed'])) > 200,
      60_000,
    );
    const signalled = Date.now();
    for (const worker of workers) worker.kill('SIGTERM');
    const codes = await Promise.all(workers.map(exited));
    const drainSeconds = (Date.now() - signalled) / 1000;
    FIGURES['SIGTERM drain (s)'] = drainSeconds;
    expect(codes).toEqual([0, 0]);
    expect(drainSeconds).toBeLessThan(10);
    expect(await countIn(ids, ['enrichment_in_progress'])).toBe(0);
    startWorker();
    await waitFor(
      async () => (await countIn(ids, ['queued', 'enrichment_in_progress'])) === 0,
      120_000,
    );
    const report = await checkNothingLost(database.db, { storageRoot, ingested });
    expect(report.problems).toEqual([]);
  }, 240_000);
});
