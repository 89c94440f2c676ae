import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestRaw } from '../ingest/ingest.ts';
import { seedReferenceData } from '../seed/index.ts';
import { startLocalS3 } from '../storage/testing-s3.ts';
import { sha256Hex } from '../util/hash.ts';
import { recomputeEnrichedBytes } from './recompute.ts';
import { waitForTerminal } from './testing.ts';
import { createWorker } from './worker.ts';

let database: TestDatabase;
let s3: Awaited<ReturnType<typeof startLocalS3>>;

beforeAll(async () => {
  database = await makeTestDatabase();
  s3 = await startLocalS3('refinery-pipeline');
});

afterAll(async () => {
  await database?.close();
  await s3?.close();
});

it('runs the whole pipeline on S3-compatible storage', async () => {
  const { demoOwnerId } = await seedReferenceData(database.db);
  const raw = Buffer.from(
    JSON.stringify({
      conversation_metadata: {
        client_persona: 'Jennifer Martinez',
        session_context: 'Emergency fund size',
        conversation_phase: 'education',
        expected_outcome: 'A target number',
      },
      turns: [
        {
          turn_number: 1,
          role: 'user',
          content: 'How many months of expenses should I really keep?',
          emotional_context: {
            primary_emotion: 'anxiety',
            secondary_emotion: 'doubt',
            intensity: 0.7,
          },
        },
        {
          turn_number: 2,
          role: 'assistant',
          content:
            'For a two-income household, three to six months is a sound range. Let us pick yours.',
          emotional_context: {
            primary_emotion: 'reassurance',
            secondary_emotion: 'calm',
            intensity: 0.6,
          },
        },
      ],
    }),
  );
  const worker = createWorker(database, s3.storage, { pollIntervalMs: 25 });
  await worker.start();
  try {
    const { conversationId } = await ingestRaw(database.db, s3.storage, {
      ownerId: demoOwnerId,
      bytes: raw,
    });
    const row = await waitForTerminal(database.db, conversationId);
    expect(row.enrichmentStatus).toBe('completed');
    const stored = await s3.storage.get(row.enrichedFilePath!);
    expect(sha256Hex(stored!)).toBe(row.enrichedSha256);
    expect((await recomputeEnrichedBytes(database.db, conversationId, raw))?.equals(stored!)).toBe(
      true,
    );
    expect((await s3.storage.get(row.rawResponsePath!))?.equals(raw)).toBe(true);
  } finally {
    await worker.stop();
  }
});
