import type { Db } from '@refinery/db';
import type { ClaimedConversation, FinishedRun } from '@refinery/db/queries';
import {
  applyRunResults,
  enqueueConversationEvents,
  insertStageEvents,
  lockOwnedRows,
} from '@refinery/db/queries';
import type { NewStageEventRow } from '@refinery/db/schema';
import { type FaultPause, maybePause } from './fault-points.ts';
import type { ConversationRun } from './run-conversation.ts';

export interface CommitSummary {
  committed: number;
  /** Rows whose lease was lost (expired and reclaimed, or cancelled): nothing written. */
  lostLease: number;
}

const FINISHED = new Set([
  'completed',
  'validation_failed',
  'enrichment_failed',
  'normalization_failed',
  'storage_failed',
]);

/** A finished run is a webhook event; a retry or a validate-only pass is not. */
function finishedRunOf(run: ConversationRun, row: ClaimedConversation): FinishedRun[] {
  if (!FINISHED.has(run.result.status)) return [];
  return [
    {
      id: row.id,
      ownerId: row.ownerId,
      runId: row.runId,
      attempts: row.attempts,
      status: run.result.status,
      error: run.result.enrichmentError,
      failingRuleCodes: run.result.failingRuleCodes,
      enrichedSha256: run.result.enriched?.sha256 ?? null,
    },
  ];
}

/**
 * One transaction per batch (DOMAIN.md §2.5): lock the rows this worker still owns, publish
 * their files, write their results and stage events. A row whose lease is gone gets nothing:
 * its staged file is discarded and the row is left to whoever holds it now.
 */
export async function commitBatch(
  db: Db,
  claimed: ClaimedConversation[],
  runs: ConversationRun[],
  workerId: string,
  faultPause?: FaultPause,
): Promise<CommitSummary> {
  const byId = new Map(claimed.map((row) => [row.id, row]));
  let committed = 0;
  await db.transaction(async (tx) => {
    const owned = await lockOwnedRows(
      tx as unknown as Db,
      runs.map((r) => r.result.leaseToken),
    );
    await maybePause(faultPause, 'during-commit');
    for (const run of runs) {
      if (!run.staged) continue;
      if (!owned.has(run.result.id)) {
        await run.staged.discard();
        continue;
      }
      try {
        await run.staged.commit();
      } catch (error) {
        // Publishing failed: the row must not say completed. Retry the store stage later.
        run.result = {
          ...run.result,
          status: 'storage_failed',
          resumeStage: 'store',
          enriched: null,
          enrichmentError: `store failed: ${(error as Error).message}`,
        };
      }
    }
    const ownedRuns = runs.filter((run) => owned.has(run.result.id));
    const written = await applyRunResults(
      tx as unknown as Db,
      ownedRuns.map((r) => r.result),
    );
    committed = written.size;
    const events: NewStageEventRow[] = ownedRuns.flatMap((run) => {
      const row = byId.get(run.result.id)!;
      const drafts = [
        ...run.events,
        {
          stage: 'run' as const,
          outcome:
            run.result.status === 'completed'
              ? ('completed' as const)
              : run.result.status === 'queued'
                ? ('retry' as const)
                : ('failed' as const),
          startedAt: run.events[0]?.startedAt ?? new Date(),
          durationMs: run.events.reduce((sum, e) => sum + e.durationMs, 0),
          errorMessage: run.result.enrichmentError,
        },
      ];
      return drafts.map((draft) => ({
        conversationId: row.id,
        runId: row.runId,
        attempt: row.attempts,
        stage: draft.stage,
        outcome: draft.outcome,
        startedAt: draft.startedAt,
        durationMs: draft.durationMs,
        errorCode: draft.errorCode ?? null,
        errorMessage: draft.errorMessage ?? null,
        workerId,
        outputVersion:
          draft.stage === 'run' && run.result.enriched ? run.result.enriched.sha256 : null,
      }));
    });
    await insertStageEvents(tx as unknown as Db, events);
    await enqueueConversationEvents(
      tx as unknown as Db,
      ownedRuns.flatMap((run) => finishedRunOf(run, byId.get(run.result.id)!)),
    );
  });
  return { committed, lostLease: runs.length - committed };
}
