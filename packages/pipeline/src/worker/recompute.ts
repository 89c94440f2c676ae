import type { Db } from '@refinery/db';
import { type ClaimedConversation, getConversation } from '@refinery/db/queries';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import { loadBatchContext } from './batch-context.ts';
import { runConversation } from './run-conversation.ts';

/**
 * Runs the stages for one stored conversation entirely in memory, against today's
 * configuration, and returns the bytes the pipeline would store. Used to prove that stored
 * files equal a fresh recomputation from the raw.
 */
export async function recomputeEnrichedBytes(
  db: Db,
  conversationId: string,
  raw: Buffer,
): Promise<Buffer | null> {
  const row = await getConversation(db, conversationId);
  if (!row) return null;
  const storage = createMemoryStorage({ raw: raw });
  const claimed: ClaimedConversation = {
    id: row.id,
    ownerId: row.ownerId,
    runId: '00000000-0000-4000-8000-000000000000',
    leaseToken: '00000000-0000-4000-8000-000000000000',
    reclaimed: false,
    attempts: 1,
    maxAttempts: 1,
    runMode: 'full',
    resumeStage: null,
    forceRun: false,
    personaId: row.personaId,
    emotionalArcId: row.emotionalArcId,
    trainingTopicId: row.trainingTopicId,
    promptTemplateId: row.promptTemplateId,
    qualityScore: row.qualityScore,
    createdAt: row.createdAt,
    rawResponsePath: 'raw',
    rawSha256: row.rawSha256,
    validatedRawSha256: null,
    validationReport: null,
  };
  const ctx = await loadBatchContext(db, [claimed], {
    storage,
    workerId: 'recompute',
    retry: { baseSeconds: 1, capSeconds: 1 },
  });
  const run = await runConversation(claimed, ctx);
  if (!run.staged) return null;
  await run.staged.commit();
  return storage.objects.get(run.staged.key) ?? null;
}
