import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCatalog } from '../demo/load-catalog.ts';
import { seedDemoConversations } from '../demo/seed-demo.ts';
import { ingestRaw } from '../ingest/ingest.ts';
import { seedReferenceData } from '../seed/index.ts';
import { createFsStorage } from '../storage/fs-storage.ts';
import { waitForTerminal } from './testing.ts';
import { createWorker } from './worker.ts';

let database: TestDatabase;
let storageRoot: string;
let ownerId: string;

beforeAll(async () => {
  database = await makeTestDatabase();
  storageRoot = mkdtempSync(join(tmpdir(), 'refinery-wake-'));
  ({ demoOwnerId: ownerId } = await seedReferenceData(database.db));
});

afterAll(async () => {
  await database?.close();
});

describe('worker wake-up and heartbeats', () => {
  it('wakes on NOTIFY instead of waiting for its (here one-minute) polling interval', async () => {
    const storage = createFsStorage(storageRoot);
    const worker = createWorker(database, storage, { pollIntervalMs: 60_000 });
    await worker.start();
    try {
      // Let the worker find the queue empty and go to sleep first.
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      const { conversationId } = await ingestRaw(database.db, storage, {
        ownerId,
        bytes: Buffer.from('{"wake": "up"}'),
      });
      const row = await waitForTerminal(database.db, conversationId, 10_000);
      expect(row.enrichmentStatus).toBe('validation_failed');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      const stopping = Date.now();
      await worker.stop();
      // Idle loops wake at once on stop; none waits out its polling interval.
      expect(Date.now() - stopping).toBeLessThan(2_000);
    }
  });

  it('keeps leases alive through a batch longer than the lease: no one else claims it', async () => {
    const storage = createFsStorage(storageRoot);
    const catalog = await loadDemoCatalog(database.db);
    const [id] = await seedDemoConversations(database.db, storage, catalog, {
      ownerId,
      count: 1,
      runSeed: 'heartbeat',
      startIndex: 3,
    });
    // The slow worker holds its batch for 3 s on a 1 s lease; only heartbeats keep it.
    const slow = createWorker(database, storage, {
      leaseSeconds: 1,
      pollIntervalMs: 50,
      faultPause: { at: 'mid-enrich', ms: 3_000 },
    });
    const rival = createWorker(database, storage, { leaseSeconds: 1, pollIntervalMs: 50 });
    await slow.start();
    await new Promise((r) => setTimeout(r, 500));
    await rival.start();
    try {
      const row = await waitForTerminal(database.db, id!, 20_000);
      expect(row.attempts).toBe(1);
      expect(slow.stats.processed).toBe(1);
      expect(rival.stats.processed).toBe(0);
      expect(slow.stats.lostLeases).toBe(0);
    } finally {
      await Promise.all([slow.stop(), rival.stop()]);
    }
  });
});
