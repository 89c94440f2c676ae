import { mkdtempSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimBatch, getConversation, listStageEvents } from '@refinery/db/queries';
import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCatalog } from '../demo/load-catalog.ts';
import { seedDemoConversations } from '../demo/seed-demo.ts';
import { seedReferenceData } from '../seed/index.ts';
import { createFsStorage } from '../storage/fs-storage.ts';
import { loadBatchContext } from './batch-context.ts';
import { commitBatch } from './commit-batch.ts';
import { runConversation } from './run-conversation.ts';

let database: TestDatabase;
let storageRoot: string;

beforeAll(async () => {
  database = await makeTestDatabase();
  storageRoot = mkdtempSync(join(tmpdir(), 'refinery-fencing-'));
});

afterAll(async () => {
  await database?.close();
});

async function runBatch(rows: Awaited<ReturnType<typeof claimBatch>>, workerId: string) {
  const storage = createFsStorage(storageRoot);
  const ctx = await loadBatchContext(database.db, rows, {
    storage,
    workerId,
    retry: { baseSeconds: 1, capSeconds: 1 },
  });
  const runs = [];
  for (const row of rows) runs.push(await runConversation(row, ctx));
  return runs;
}

describe('lease fencing', () => {
  it('a stale worker that lost its lease changes nothing; the new holder completes', async () => {
    const { db } = database;
    const { demoOwnerId } = await seedReferenceData(db);
    const catalog = await loadDemoCatalog(db);
    await seedDemoConversations(db, createFsStorage(storageRoot), catalog, {
      ownerId: demoOwnerId,
      count: 3,
      runSeed: 'fencing',
      startIndex: 1,
    });

    const stale = await claimBatch(db, { limit: 10, leaseSeconds: 30, workerId: 'stale' });
    expect(stale).toHaveLength(3);
    const staleRuns = await runBatch(stale, 'stale');

    // The stale worker stalls past its lease; another worker reclaims the rows.
    await db.execute(sql`update conversations set lease_expires_at = now() - interval '1 second'`);
    // Rows taken back from a worker that stopped come one per claim (any of them may be what
    // stopped it), marked as reclaimed.
    const fresh = [];
    for (let i = 0; i < 3; i++) {
      const claimed = await claimBatch(db, { limit: 10, leaseSeconds: 30, workerId: 'fresh' });
      expect(claimed).toHaveLength(1);
      fresh.push(...claimed);
    }
    expect(fresh.map((r) => r.id).sort()).toEqual(stale.map((r) => r.id).sort());
    expect(fresh.every((r) => r.attempts === 2 && r.reclaimed)).toBe(true);
    expect(stale.some((r) => r.reclaimed)).toBe(false);

    const before = await getConversation(db, stale[0]!.id);
    const staleSummary = await commitBatch(db, stale, staleRuns, 'stale');
    expect(staleSummary).toEqual({ committed: 0, lostLease: 3 });
    const after = await getConversation(db, stale[0]!.id);
    expect(after).toEqual(before);
    expect(await listStageEvents(db, stale[0]!.id)).toEqual([]);
    // Its enriched file was never published.
    const completedByStale = staleRuns.find((r) => r.result.enriched);
    await expect(
      access(join(storageRoot, completedByStale!.result.enriched!.path)),
    ).rejects.toThrow();

    const freshSummary = await commitBatch(db, fresh, await runBatch(fresh, 'fresh'), 'fresh');
    expect(freshSummary).toEqual({ committed: 3, lostLease: 0 });
    const done = await getConversation(db, completedByStale!.result.id);
    expect(done?.enrichmentStatus).toBe('completed');
    await access(join(storageRoot, done!.enrichedFilePath!));
    const events = await listStageEvents(db, done!.id);
    expect(new Set(events.map((e) => e.workerId))).toEqual(new Set(['fresh']));
  });
});
