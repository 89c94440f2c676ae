import type { Db, EnrichmentStatus } from '@refinery/db';
import {
  cancelConversation,
  getConversation,
  type RequeueOutcome,
  requeueConversation,
} from '@refinery/db/queries';
import {
  type RequeueEvent,
  requeueModeOf,
  type StatusEvent,
  statusesAllowing,
  TransitionRefusedError,
  transition,
} from '../status-machine.ts';

export class ConversationNotFoundError extends Error {
  constructor(id: string) {
    super(`No conversation ${id}.`);
    this.name = 'ConversationNotFoundError';
  }
}

export interface ActionScope {
  /** Non-admin callers see only their own conversations; others read as not found. */
  ownerId?: string | undefined;
  bulkOperationId?: string | undefined;
}

function settle(id: string, event: StatusEvent, outcome: RequeueOutcome): void {
  if (outcome.outcome === 'done') return;
  if (outcome.outcome === 'not_found') throw new ConversationNotFoundError(id);
  const result = transition(outcome.currentStatus, event);
  const reason = result.ok
    ? `The conversation changed to ${outcome.currentStatus} meanwhile; try again.`
    : result.reason;
  throw new TransitionRefusedError(outcome.currentStatus, event, reason);
}

/** Which event an "enrich" request means for a conversation in `status`. */
export function enrichEventFor(status: EnrichmentStatus, force: boolean): RequeueEvent {
  if (force) return 'force';
  if (status.endsWith('_failed')) return 'retry';
  return 'enqueue';
}

/** Moves one conversation back to the queue for `event`, or says why it cannot. */
async function requeueFor(db: Db, id: string, event: RequeueEvent, options: ActionScope) {
  const outcome = await requeueConversation(db, {
    id,
    fromStatuses: statusesAllowing(event),
    ...requeueModeOf(event),
    ownerId: options.ownerId,
    bulkOperationId: options.bulkOperationId,
  });
  settle(id, event, outcome);
  return { status: 'queued' as const, event };
}

/**
 * Queue a conversation for enrichment: a first run, a retry of a failure (resuming at the
 * failed stage), or with `force` a full re-run that replaces the output only if it succeeds.
 */
export async function requestEnrich(db: Db, id: string, options: { force: boolean } & ActionScope) {
  const row = await getConversation(db, id, options.ownerId);
  if (!row) throw new ConversationNotFoundError(id);
  return requeueFor(db, id, enrichEventFor(row.enrichmentStatus, options.force), options);
}

/** Retry per DOMAIN.md §3: failures resume at their stage; completed needs `force`. */
export function requestRetry(db: Db, id: string, options: { force?: boolean } & ActionScope) {
  return requeueFor(db, id, options.force ? 'force' : 'retry', options);
}

/** A validate-only run: useful after the rule set or the raw changed. */
export function requestRevalidate(db: Db, id: string, options: ActionScope = {}) {
  return requeueFor(db, id, 'revalidate', options);
}

export async function requestCancel(db: Db, id: string, options: ActionScope = {}) {
  const outcome = await cancelConversation(db, {
    id,
    fromStatuses: statusesAllowing('cancel'),
    ownerId: options.ownerId,
  });
  settle(id, 'cancel', outcome);
  return { status: 'cancelled' as const, event: 'cancel' as const };
}
