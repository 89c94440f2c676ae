import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { loadDemoCatalog, seedDemoConversations } from '@refinery/pipeline/demo';
import { seedReferenceData } from '@refinery/pipeline/seed';
import { createFsStorage, rawKey } from '@refinery/pipeline/storage';
import { createWorker } from '@refinery/pipeline/worker';
import { waitForTerminal } from '@refinery/pipeline/worker-testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNothingLost } from './nothing-lost.ts';

let database: TestDatabase;
const storageRoot = mkdtempSync(join(tmpdir(), 'refinery-checker-'));
const ingested = new Map<string, Buffer>();

beforeAll(async () => {
  database = await makeTestDatabase();
  const { demoOwnerId } = await seedReferenceData(database.db);
  const storage = createFsStorage(storageRoot);
  const ids = await seedDemoConversations(
    database.db,
    storage,
    await loadDemoCatalog(database.db),
    { ownerId: demoOwnerId, count: 12, runSeed: 'checker' },
  );
  for (const id of ids) ingested.set(id, readFileSync(join(storageRoot, rawKey(demoOwnerId, id))));
  const worker = createWorker(database, storage, { pollIntervalMs: 20 });
  await worker.start();
  for (const id of ids) await waitForTerminal(database.db, id);
  await worker.stop();
});

afterAll(async () => {
  await database?.close();
});

describe('the nothing-lost checker', () => {
  it('passes a clean run', async () => {
    expect((await checkNothingLost(database.db, { storageRoot, ingested })).problems).toEqual([]);
  });

  it('catches a tampered file, a changed raw, a stuck row and a missing conversation', async () => {
    const rows = (await database.db.execute(
      sql`select id, enriched_file_path, raw_response_path from conversations where enrichment_status = 'completed' limit 2`,
    )) as unknown;
    const [done, other] = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
      id: string;
      enriched_file_path: string;
      raw_response_path: string;
    }[];
    writeFileSync(join(storageRoot, done!.enriched_file_path), '{"tampered": true}\n');
    writeFileSync(join(storageRoot, other!.raw_response_path), 'changed');
    await database.db.execute(
      sql`update conversations set enrichment_status = 'queued' where id = ${other!.id}`,
    );
    const withGhost = new Map(ingested).set(
      '00000000-0000-4000-8000-000000000042',
      Buffer.from('ghost'),
    );
    const { problems } = await checkNothingLost(database.db, { storageRoot, ingested: withGhost });
    expect(problems).toContain(`(c) the file of ${done!.id} does not match its SHA-256`);
    expect(problems).toContain(`(e) the raw of ${other!.id} is not what was ingested`);
    expect(problems).toContain(`(b) ${other!.id} is still queued`);
    expect(problems).toContain('(a) 1 ingested conversations are missing');
  });
});
