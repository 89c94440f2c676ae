import type { Db } from '@refinery/db';
import { getConversation, listStageEvents } from '@refinery/db/queries';
import { ConversationNotFoundError } from '@refinery/pipeline/control';

/** Validation report, normalization issues and stage timeline: one view for API and CLI. */
export async function buildReportView(db: Db, id: string, ownerId?: string) {
  const row = await getConversation(db, id, ownerId);
  if (!row) throw new ConversationNotFoundError(id);
  const stages = await listStageEvents(db, id);
  return {
    id: row.id,
    status: row.enrichmentStatus,
    currentStage: row.currentStage,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    enrichmentError: row.enrichmentError,
    ruleSetVersion: row.ruleSetVersion,
    validationReport: row.validationReport as {
      summary?: string;
      blockers?: { code: string; field: string; message: string; suggestion: string }[];
      warnings?: { code: string; field: string; message: string; suggestion: string }[];
    } | null,
    normalizationIssues: (row.normalizationIssues ?? []) as {
      type: string;
      severity: string;
      message: string;
      count: number;
    }[],
    stages: stages.map((e) => ({
      runId: e.runId,
      attempt: e.attempt,
      stage: e.stage,
      outcome: e.outcome,
      startedAt: e.startedAt,
      durationMs: Math.round(e.durationMs * 100) / 100,
      errorCode: e.errorCode,
      errorMessage: e.errorMessage,
    })),
  };
}
