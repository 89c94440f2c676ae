import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConversation, listStageEvents, requeueConversation } from '@refinery/db/queries';
import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoConversation } from '../demo/generate.ts';
import { loadDemoCatalog } from '../demo/load-catalog.ts';
import { ingestRaw } from '../ingest/ingest.ts';
import { seedReferenceData } from '../seed/index.ts';
import { createFsStorage } from '../storage/fs-storage.ts';
import { sha256Hex } from '../util/hash.ts';
import { recomputeEnrichedBytes } from './recompute.ts';
import { waitForTerminal } from './testing.ts';
import { createWorker, type Worker } from './worker.ts';

let database: TestDatabase;
let storageRoot: string;
let ownerId: string;
let worker: Worker;

beforeAll(async () => {
  database = await makeTestDatabase();
  storageRoot = mkdtempSync(join(tmpdir(), 'refinery-pipeline-'));
  ({ demoOwnerId: ownerId } = await seedReferenceData(database.db));
  worker = createWorker(database, createFsStorage(storageRoot), {
    pollIntervalMs: 50,
    batchSize: 10,
  });
  await worker.start();
});

afterAll(async () => {
  await worker?.stop();
  await database?.close();
});

describe('ingest → workers → completed', () => {
  it('completes a clean conversation; the stored file equals a recomputation from the raw', async () => {
    const catalog = await loadDemoCatalog(database.db);
    const clean = Array.from({ length: 40 }, (_, i) =>
      generateDemoConversation(catalog, 'int', i),
    ).find((d) => !d.intendedDefect)!;
    const storage = createFsStorage(storageRoot);
    const { conversationId, enrichmentStatus } = await ingestRaw(database.db, storage, {
      ownerId,
      bytes: clean.raw,
      fileName: 'clean.json',
      qualityScore: 4.6,
    });
    expect(enrichmentStatus).toBe('queued');

    const row = await waitForTerminal(database.db, conversationId);
    expect(row.enrichmentStatus).toBe('completed');
    expect(row.enrichedFilePath).toBe(`${ownerId}/${conversationId}/enriched.json`);
    const stored = await readFile(join(storageRoot, row.enrichedFilePath!));
    expect(sha256Hex(stored)).toBe(row.enrichedSha256);
    expect(stored.length).toBe(row.enrichedFileSize);
    const recomputed = await recomputeEnrichedBytes(database.db, conversationId, clean.raw);
    expect(recomputed?.equals(stored)).toBe(true);

    const enriched = JSON.parse(stored.toString('utf8'));
    expect(enriched.dataset_metadata.quality_tier).toBe('seed_dataset');
    expect(enriched.training_pairs[0].id).toBe(`${conversationId}_turn2`);

    // Twice on the same input: byte-identical output.
    const forced = await requeueConversation(database.db, {
      id: conversationId,
      fromStatuses: ['completed'],
      runMode: 'full',
      resume: false,
      force: true,
    });
    expect(forced.outcome).toBe('done');
    const again = await waitForTerminal(database.db, conversationId);
    expect(again.enrichmentStatus).toBe('completed');
    expect(again.enrichedSha256).toBe(row.enrichedSha256);

    const events = await listStageEvents(database.db, conversationId);
    const completedRuns = events.filter((e) => e.stage === 'run' && e.outcome === 'completed');
    expect(completedRuns).toHaveLength(2);
    expect(events.filter((e) => e.stage === 'store' && e.outcome === 'ok')).toHaveLength(2);
  });

  it('ends an invalid conversation in validation_failed with its report, without retrying', async () => {
    const storage = createFsStorage(storageRoot);
    const { conversationId } = await ingestRaw(database.db, storage, {
      ownerId,
      bytes: Buffer.from('{"turns": [ {"role": "user"'),
      fileName: 'cut.json',
    });
    const row = await waitForTerminal(database.db, conversationId);
    expect(row.enrichmentStatus).toBe('validation_failed');
    expect(row.attempts).toBe(1);
    expect(row.failingRuleCodes).toEqual(['INVALID_JSON_SYNTAX']);
    const report = row.validationReport as { blockers: { code: string; message: string }[] };
    expect(report.blockers[0]!.message).toMatch(/line 1, column \d+/);
  });

  it('is idempotent per owner by raw hash', async () => {
    const storage = createFsStorage(storageRoot);
    const bytes = Buffer.from('{"same": true}');
    const first = await ingestRaw(database.db, storage, { ownerId, bytes });
    const second = await ingestRaw(database.db, storage, { ownerId, bytes });
    expect(second).toMatchObject({ conversationId: first.conversationId, duplicate: true });
  });

  it('retries a missing raw with backoff, then lands in storage_failed after max attempts', async () => {
    const storage = createFsStorage(storageRoot);
    const { conversationId } = await ingestRaw(database.db, storage, {
      ownerId,
      bytes: Buffer.from('{"gone": 1}'),
      enqueue: false,
    });
    const row = await getConversation(database.db, conversationId);
    await storage.delete(row!.rawResponsePath!);
    const fast = createWorker(database, storage, {
      pollIntervalMs: 20,
      retry: { baseSeconds: 0.05, capSeconds: 0.1 },
    });
    await database.db.execute(
      (await import('drizzle-orm'))
        .sql`update conversations set max_attempts = 3 where id = ${conversationId}`,
    );
    await requeueConversation(database.db, {
      id: conversationId,
      fromStatuses: ['not_started'],
      runMode: 'full',
      resume: false,
      force: false,
    });
    await fast.start();
    try {
      const failed = await waitForTerminal(database.db, conversationId);
      expect(failed.enrichmentStatus).toBe('storage_failed');
      expect(failed.attempts).toBe(3);
      expect(failed.enrichmentError).toMatch(
        /Gave up after 3 attempts at fetch: The raw file .* is not in storage/,
      );
      const retries = (await listStageEvents(database.db, conversationId)).filter(
        (e) => e.stage === 'fetch',
      );
      expect(retries.map((e) => e.outcome)).toEqual(['retry', 'retry', 'retry']);
    } finally {
      await fast.stop();
    }
  });
});
