import type { EnrichmentStatus, PipelineStage } from '@refinery/db';

/**
 * The status machine of DOMAIN.md §3 as one table. Every status change in the product goes
 * through `transition` or through SQL whose WHERE clause comes from `statusesAllowing`, so
 * the database and this table cannot disagree.
 */
export const STATUS_EVENTS = [
  'enqueue',
  'retry',
  'force',
  'revalidate',
  'claim',
  'pass_validate_only',
  'complete',
  'fail_validation',
  'fail_enrichment',
  'fail_normalization',
  'fail_storage',
  'retry_later',
  'release',
  'cancel',
] as const;
export type StatusEvent = (typeof STATUS_EVENTS)[number];

type Table = Record<StatusEvent, Partial<Record<EnrichmentStatus, EnrichmentStatus>>>;

const FAILURES = {
  validation_failed: 'queued',
  enrichment_failed: 'queued',
  normalization_failed: 'queued',
  storage_failed: 'queued',
} as const;

const SETTLED = {
  not_started: 'queued',
  validated: 'queued',
  enriched: 'queued',
  completed: 'queued',
  cancelled: 'queued',
  ...FAILURES,
} as const;

const TABLE: Table = {
  enqueue: { not_started: 'queued', validated: 'queued', enriched: 'queued', cancelled: 'queued' },
  retry: FAILURES,
  force: SETTLED,
  revalidate: SETTLED,
  claim: { queued: 'enrichment_in_progress', enrichment_in_progress: 'enrichment_in_progress' },
  pass_validate_only: { enrichment_in_progress: 'validated' },
  complete: { enrichment_in_progress: 'completed' },
  fail_validation: { enrichment_in_progress: 'validation_failed' },
  fail_enrichment: { enrichment_in_progress: 'enrichment_failed' },
  fail_normalization: { enrichment_in_progress: 'normalization_failed' },
  fail_storage: { enrichment_in_progress: 'storage_failed' },
  retry_later: { enrichment_in_progress: 'queued' },
  release: { enrichment_in_progress: 'queued' },
  cancel: { not_started: 'cancelled', queued: 'cancelled', enrichment_in_progress: 'cancelled' },
};

/** Where `retry` resumes for each failure (DOMAIN.md §3, retry table). */
export const RESUME_STAGE: Record<keyof typeof FAILURES, PipelineStage> = {
  validation_failed: 'validate',
  enrichment_failed: 'enrich',
  normalization_failed: 'normalize',
  storage_failed: 'store',
};

export const FAILURE_EVENT_OF_STAGE: Record<PipelineStage, StatusEvent> = {
  // fetch refusals of the bytes are validation failures (handled by the stage); a raw that
  // cannot be read after every retry is a storage failure.
  fetch: 'fail_storage',
  validate: 'fail_validation',
  enrich: 'fail_enrichment',
  normalize: 'fail_normalization',
  store: 'fail_storage',
};

export type TransitionResult =
  | { ok: true; to: EnrichmentStatus }
  | { ok: false; code: 'CONFLICT'; reason: string };

function refusalReason(from: EnrichmentStatus, event: StatusEvent): string {
  if ((from === 'queued' || from === 'enrichment_in_progress') && event !== 'claim') {
    return `The conversation is ${from === 'queued' ? 'already queued' : 'being processed'}; wait for the run to finish or cancel it.`;
  }
  if (from === 'completed') {
    return 'The conversation completed; re-run it with force to replace its output.';
  }
  if (event === 'retry') return `Only failed conversations can be retried; this one is ${from}.`;
  return `A conversation that is ${from} cannot take "${event}".`;
}

export function transition(from: EnrichmentStatus, event: StatusEvent): TransitionResult {
  const to = TABLE[event][from];
  if (to) return { ok: true, to };
  return { ok: false, code: 'CONFLICT', reason: refusalReason(from, event) };
}

/** The events that put a conversation back in the queue: operators' actions. */
export type RequeueEvent = 'enqueue' | 'retry' | 'force' | 'revalidate';

/**
 * How the next run goes after each requeue event: one place for the single-conversation
 * actions and the bulk ones. A retry resumes at the failed stage; force replaces finished
 * output; revalidate only validates.
 */
export function requeueModeOf(event: RequeueEvent) {
  return {
    runMode: event === 'revalidate' ? ('validate_only' as const) : ('full' as const),
    resume: event === 'retry',
    force: event === 'force',
  };
}

/** The statuses from which `event` is allowed: the WHERE clause of set-based updates. */
export function statusesAllowing(event: StatusEvent): EnrichmentStatus[] {
  return Object.keys(TABLE[event]) as EnrichmentStatus[];
}

export class TransitionRefusedError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    readonly from: EnrichmentStatus,
    readonly event: StatusEvent,
    reason: string,
  ) {
    super(reason);
    this.name = 'TransitionRefusedError';
  }
}

export function assertTransition(from: EnrichmentStatus, event: StatusEvent): EnrichmentStatus {
  const result = transition(from, event);
  if (!result.ok) throw new TransitionRefusedError(from, event, result.reason);
  return result.to;
}
