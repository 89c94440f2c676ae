import type { ConversationRow } from '@refinery/db/schema';
import { statusesAllowing } from '@refinery/pipeline';

/** The original GET /enrich shape, kept for scripts (snake_case on purpose). */
export function describeEnrichState(row: ConversationRow) {
  const status = row.enrichmentStatus;
  const canEnrich =
    statusesAllowing('enqueue').includes(status) || statusesAllowing('retry').includes(status);
  const needsRetry = statusesAllowing('retry').includes(status);
  const messages: Record<string, string> = {
    not_started: 'Ready to enrich.',
    queued: 'Queued: a worker will pick it up shortly.',
    enrichment_in_progress: `In progress (attempt ${row.attempts} of ${row.maxAttempts}, stage ${row.currentStage ?? 'starting'}).`,
    completed: 'Enriched and stored. Re-run with force to replace the output.',
    validated: 'Validated; not yet enriched.',
    enriched: 'Enriched; not yet stored.',
    cancelled: 'Cancelled; enrich again to start a new run.',
  };
  return {
    conversation_id: row.id,
    enrichment_status: status,
    can_enrich: canEnrich,
    needs_retry: needsRetry,
    has_raw_response: row.rawResponsePath !== null,
    has_validation_report: row.validationReport !== null,
    enrichment_error: row.enrichmentError,
    message:
      messages[status] ??
      `Failed: ${row.enrichmentError ?? status}. Retry resumes at the failed stage.`,
  };
}
