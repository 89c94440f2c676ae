import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cancelBulkOperation,
  countConversationsByStatus,
  getBulkOperation,
} from '@refinery/db/queries';
import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCatalog } from '../demo/load-catalog.ts';
import { seedDemoConversations } from '../demo/seed-demo.ts';
import { seedReferenceData } from '../seed/index.ts';
import { createFsStorage } from '../storage/fs-storage.ts';
import { previewBulkAction, startBulkAction } from './bulk-actions.ts';
import { createBulkRunner } from './bulk-runner.ts';

let database: TestDatabase;
let ids: string[];

beforeAll(async () => {
  database = await makeTestDatabase();
  const { demoOwnerId } = await seedReferenceData(database.db);
  const catalog = await loadDemoCatalog(database.db);
  const storage = createFsStorage(mkdtempSync(join(tmpdir(), 'refinery-bulk-')));
  ids = await seedDemoConversations(database.db, storage, catalog, {
    ownerId: demoOwnerId,
    count: 3000,
    enqueue: false,
    runSeed: 'bulk',
  });
});

afterAll(async () => {
  await database?.close();
});

const everything = { filter: {}, all: true, include: [], exclude: [] };

describe('bulk actions', () => {
  it('previews, applies in chunks, and a second click returns the same operation', async () => {
    const { db } = database;
    const selection = { ...everything, exclude: ids.slice(0, 10) };
    const preview = await previewBulkAction(db, selection, 'enrich');
    expect(preview).toEqual({ total: 2990, willApply: 2990, skipped: [] });

    const first = await startBulkAction(db, {
      action: 'enrich',
      selection,
      idempotencyKey: 'click-1',
      requestedBy: null,
    });
    const second = await startBulkAction(db, {
      action: 'enrich',
      selection,
      idempotencyKey: 'click-1',
      requestedBy: null,
    });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, operation: { id: first.operation.id } });

    const runner = createBulkRunner(database, { chunkSize: 700 });
    await runner.drain();
    const done = await getBulkOperation(db, first.operation.id);
    expect(done).toMatchObject({
      state: 'done',
      total: 2990,
      processed: 2990,
      queued: 2990,
      skipped: 0,
    });
    const counts = await countConversationsByStatus(db);
    expect(counts.queued).toBe(2990);
    expect(counts.not_started).toBe(10);

    // The same action again: everything is already queued, so nothing moves.
    const again = await startBulkAction(db, {
      action: 'enrich',
      selection: everything,
      idempotencyKey: 'click-2',
      requestedBy: null,
    });
    await runner.drain();
    const repeat = await getBulkOperation(db, again.operation.id);
    expect(repeat).toMatchObject({
      state: 'done',
      queued: 10,
      skipped: 2990,
      skippedReasons: { queued: 2990 },
    });
  });

  it('explains what a retry of a mixed selection would skip', async () => {
    const preview = await previewBulkAction(database.db, everything, 'retry');
    expect(preview.willApply).toBe(0);
    expect(preview.skipped).toEqual([{ status: 'queued', count: 3000, reason: 'already queued' }]);
  });

  it('stops applying once cancelled, keeping what was done', async () => {
    const { db } = database;
    const started = await startBulkAction(db, {
      action: 'cancel',
      selection: everything,
      idempotencyKey: 'cancel-all',
      requestedBy: null,
    });
    const runner = createBulkRunner(database, { chunkSize: 1000 });
    await runner.start();
    await runner.stop();
    // At most a chunk or two ran before the runner stopped; cancel the rest.
    await cancelBulkOperation(db, started.operation.id);
    await runner.drain();
    const op = await getBulkOperation(db, started.operation.id);
    expect(op?.state).toBe('cancelled');
    const counts = await countConversationsByStatus(db);
    expect(counts.cancelled).toBe(op!.queued);
    expect(counts.cancelled + counts.queued).toBe(3000);
  });
});
