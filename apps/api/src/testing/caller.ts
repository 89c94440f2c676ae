import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { seedReferenceData } from '@refinery/pipeline/seed';
import { createFsStorage } from '@refinery/pipeline/storage';
import pino from 'pino';
import { createContextInner } from '../context.ts';
import { createCaller } from '../root.ts';

/** A fresh database and storage with a tRPC caller over them: procedures without a socket. */
export async function makeTestApi() {
  const database: TestDatabase = await makeTestDatabase();
  const storageRoot = mkdtempSync(join(tmpdir(), 'refinery-storage-'));
  const storage = createFsStorage(storageRoot);
  const { demoOwnerId } = await seedReferenceData(database.db);
  const ctx = createContextInner({
    database,
    storage,
    logger: pino({ level: 'silent' }),
    defaultOwnerId: demoOwnerId,
  });
  return { database, storage, storageRoot, ctx, ownerId: demoOwnerId, caller: createCaller(ctx) };
}
