import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRaw } from '../ingest/ingest.ts';
import { seedReferenceData } from '../seed/index.ts';
import { createFsStorage } from '../storage/fs-storage.ts';
import { waitForTerminal } from './testing.ts';
import { createWorker } from './worker.ts';

/**
 * The committed hostile corpus (packages/pipeline/hostile, 45 files): each must end in a
 * clear validation or fetch error in one attempt, next to a clean conversation that still
 * completes, with no worker crash and Object.prototype untouched.
 */
const DIR = fileURLToPath(new URL('../../hostile', import.meta.url));
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<
  string,
  { status: string; code: string }
>;

let database: TestDatabase;
const outcomes = new Map<string, Awaited<ReturnType<typeof waitForTerminal>>>();
let cleanStatus = '';
let rssGrowthMiB = 0;
let worker: ReturnType<typeof createWorker>;

beforeAll(async () => {
  database = await makeTestDatabase();
  const storage = createFsStorage(mkdtempSync(join(tmpdir(), 'refinery-hostile-')));
  const { demoOwnerId } = await seedReferenceData(database.db);
  const rssBefore = process.memoryUsage().rss;
  const ids = new Map<string, string>();
  for (const name of readdirSync(DIR)
    .filter((f) => f !== 'expected.json')
    .sort()) {
    const { conversationId } = await ingestRaw(database.db, storage, {
      ownerId: demoOwnerId,
      bytes: readFileSync(join(DIR, name)),
      fileName: name,
    });
    ids.set(name, conversationId);
  }
  const clean = await ingestRaw(database.db, storage, {
    ownerId: demoOwnerId,
    bytes: Buffer.from(
      JSON.stringify({
        conversation_metadata: {
          client_persona: 'Calm client',
          session_context: 'Among hostile files',
          conversation_phase: 'testing',
          expected_outcome: 'Completes',
        },
        turns: [
          {
            turn_number: 1,
            role: 'user',
            content: 'Does my ordinary file still go through?',
            emotional_context: {
              primary_emotion: 'doubt',
              secondary_emotion: 'hope',
              intensity: 0.5,
            },
          },
          {
            turn_number: 2,
            role: 'assistant',
            content: 'It does: bad neighbours do not stop good files.',
            emotional_context: {
              primary_emotion: 'reassurance',
              secondary_emotion: 'calm',
              intensity: 0.6,
            },
          },
        ],
      }),
    ),
  });
  worker = createWorker(database, storage, { pollIntervalMs: 20 });
  await worker.start();
  for (const [name, id] of ids) outcomes.set(name, await waitForTerminal(database.db, id, 120_000));
  cleanStatus = (await waitForTerminal(database.db, clean.conversationId)).enrichmentStatus;
  await worker.stop();
  rssGrowthMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
}, 240_000);

afterAll(async () => {
  await database?.close();
});

describe('the hostile corpus', () => {
  it('has at least 40 files, each with an expected outcome', () => {
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(40);
    expect(outcomes.size).toBe(Object.keys(expected).length);
  });

  for (const [name, want] of Object.entries(expected)) {
    it(`${name} ends ${want.status} with ${want.code}, in one attempt`, () => {
      const row = outcomes.get(name)!;
      expect(row.enrichmentStatus).toBe(want.status);
      expect(row.attempts).toBe(1);
      const report = row.validationReport as {
        blockers: { code: string }[];
        warnings: { code: string }[];
      };
      const codes = [...report.blockers, ...report.warnings].map((i) => i.code);
      expect(codes).toContain(want.code);
    });
  }

  it('leaves the clean neighbour, the worker and Object.prototype unharmed', () => {
    expect(cleanStatus).toBe('completed');
    expect(worker.stats.processed).toBe(outcomes.size + 1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Bounded memory: the 50 MB file is read once and refused before parsing.
    expect(rssGrowthMiB).toBeLessThan(800);
  });
});
