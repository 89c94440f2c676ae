import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { conversations, stageEvents } from '../schema/index.ts';
import type { EnrichmentStatus } from '../statuses.ts';
import { QUEUE_CHANNEL } from './insert-conversations.ts';

export interface RequeueParams {
  id: string;
  /** Only rows in these statuses move (from the status machine's table). */
  fromStatuses: EnrichmentStatus[];
  runMode: 'full' | 'validate_only';
  /** Keep the stage to resume at (set when the run failed) instead of starting over. */
  resume: boolean;
  force: boolean;
  /** Scope to one owner (non-admin callers); another owner's row is "not found". */
  ownerId?: string | undefined;
  bulkOperationId?: string | undefined;
}

export type RequeueOutcome =
  | { outcome: 'done' }
  | { outcome: 'refused'; currentStatus: EnrichmentStatus }
  | { outcome: 'not_found' };

/**
 * Sets `values` on one conversation if it is in one of `fromStatuses` (and owned by `ownerId`
 * when given); otherwise says whether it is missing or in which status it refused.
 */
async function moveConversation(
  db: Db,
  params: { id: string; fromStatuses: EnrichmentStatus[]; ownerId?: string | undefined },
  values: Record<string, unknown>,
): Promise<RequeueOutcome> {
  const c = conversations;
  const scope = and(
    eq(c.id, params.id),
    params.ownerId ? eq(c.ownerId, params.ownerId) : undefined,
  );
  const updated = await db
    .update(c)
    .set(values)
    .where(and(scope, inArray(c.enrichmentStatus, params.fromStatuses)))
    .returning({ id: c.id });
  if (updated.length > 0) return { outcome: 'done' };
  const [current] = await db.select({ status: c.enrichmentStatus }).from(c).where(scope);
  return current ? { outcome: 'refused', currentStatus: current.status } : { outcome: 'not_found' };
}

/**
 * Puts one conversation back in the queue for a new run. The new run starts clean: no error,
 * no stage, no normalization issues; the validation report survives only when the run will
 * resume past validation (it is then reused if the raw is unchanged).
 */
export async function requeueConversation(db: Db, params: RequeueParams): Promise<RequeueOutcome> {
  const outcome = await moveConversation(db, params, requeueValues(params));
  if (outcome.outcome === 'done') await db.execute(sql`select pg_notify(${QUEUE_CHANNEL}, '')`);
  return outcome;
}

export interface RequeueMode {
  runMode: 'full' | 'validate_only';
  resume: boolean;
  force: boolean;
  bulkOperationId?: string | undefined;
}

/**
 * The SET clause of every requeue, single or bulk. The new run starts clean: no error, no
 * stage, no normalization issues; the validation report survives only when the run will
 * resume past validation (it is then reused if the raw is unchanged).
 */
export function requeueValues(mode: RequeueMode) {
  const c = conversations;
  const resumesPastValidation = sql`${mode.resume} and ${c.resumeStage} in ('enrich', 'normalize', 'store')`;
  return {
    enrichmentStatus: 'queued' as const,
    processingStatus: 'waiting',
    queuedAt: sql`now()`,
    runAfter: null,
    attempts: 0,
    runId: sql`gen_random_uuid()`,
    runMode: mode.runMode,
    forceRun: mode.force ? 1 : 0,
    resumeStage: mode.resume ? sql`${c.resumeStage}` : null,
    currentStage: null,
    enrichmentError: null,
    normalizationIssues: null,
    validationReport: sql`case when ${resumesPastValidation} then ${c.validationReport} else null end`,
    failingRuleCodes: sql`case when ${resumesPastValidation} then ${c.failingRuleCodes} else '{}'::text[] end`,
    lastBulkOperationId: mode.bulkOperationId ?? sql`${c.lastBulkOperationId}`,
    updatedAt: sql`now()`,
  };
}

/** Values that cancel a run; a worker holding it loses its lease. */
export function cancelValues(bulkOperationId?: string) {
  return {
    enrichmentStatus: 'cancelled' as const,
    processingStatus: 'idle',
    leaseToken: null,
    leaseExpiresAt: null,
    leaseOwner: null,
    runAfter: null,
    currentStage: null,
    lastBulkOperationId: bulkOperationId ?? sql`${conversations.lastBulkOperationId}`,
    updatedAt: sql`now()`,
  };
}

/** Cancels a run that has not finished; a worker holding it loses its lease and writes nothing. */
export function cancelConversation(
  db: Db,
  params: { id: string; fromStatuses: EnrichmentStatus[]; ownerId?: string | undefined },
): Promise<RequeueOutcome> {
  return moveConversation(db, params, cancelValues());
}

/** One conversation row, scoped to an owner when given (another owner's id reads as absent). */
export async function getConversation(db: Db, id: string, ownerId?: string) {
  const c = conversations;
  const [row] = await db
    .select()
    .from(c)
    .where(and(eq(c.id, id), ownerId ? eq(c.ownerId, ownerId) : undefined));
  return row ?? null;
}

/** The stage timeline of one conversation, oldest first. */
export async function listStageEvents(db: Db, conversationId: string) {
  return db
    .select()
    .from(stageEvents)
    .where(eq(stageEvents.conversationId, conversationId))
    .orderBy(asc(stageEvents.startedAt), asc(stageEvents.id));
}
