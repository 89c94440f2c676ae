import { desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { webhookDeliveries, webhooks } from '../schema/index.ts';
import type { WebhookEvent } from '../statuses.ts';
import { rowsOf } from './queue.ts';

export interface WebhookEventDraft {
  event: WebhookEvent;
  payload: Record<string, unknown>;
}

/**
 * The outbox: called inside the transaction that makes the event true (a batch commit, a
 * bulk operation's last chunk), so an event is recorded exactly when it happens, never lost
 * and never doubled. Delivery happens later, outside the pipeline. One statement, and cheap
 * when no webhook listens.
 */
export async function enqueueWebhookEvents(db: Db, events: WebhookEventDraft[]): Promise<void> {
  if (events.length === 0) return;
  await db.execute(sql`
    insert into webhook_deliveries (webhook_id, event, payload, next_attempt_at)
    select w.id, e.event, e.payload, now()
    from webhooks w
    join jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(event text, payload jsonb)
      on e.event = any(w.events)
    where w.is_active`);
}

/** A run that ended completed or failed: what a conversation webhook event says of it. */
export interface FinishedRun {
  id: string;
  ownerId: string;
  runId: string;
  attempts: number;
  status: string;
  error: string | null;
  failingRuleCodes: string[];
  enrichedSha256: string | null;
}

/**
 * The one definition of the conversation events' payload: an INSERT of a delivery per
 * listening webhook for every row of `source` (aliased `r`, with columns id, owner_id,
 * run_id, attempts, status, error, failing_rule_codes jsonb, enriched_sha256). The batch
 * commit and the quarantine each run it inside their own statement or transaction.
 */
export function conversationEventsInsert(source: SQL) {
  return sql`
    insert into webhook_deliveries (webhook_id, event, payload, next_attempt_at)
    select w.id, e.event, jsonb_build_object(
        'event', e.event,
        'event_id', r.id || ':' || r.run_id || ':' || r.attempts,
        'occurred_at', now(),
        'data', jsonb_build_object('conversation_id', r.id, 'owner_id', r.owner_id,
          'status', r.status, 'attempts', r.attempts, 'error', r.error,
          'failing_rule_codes', r.failing_rule_codes, 'enriched_sha256', r.enriched_sha256)),
      now()
    from ${source}
    cross join lateral (select case when r.status = 'completed' then 'conversation.completed'
      else 'conversation.failed' end as event) e
    join webhooks w on w.is_active and e.event = any(w.events)`;
}

/** Conversation events for the runs a batch commit finished, inside its transaction. */
export async function enqueueConversationEvents(db: Db, runs: FinishedRun[]): Promise<void> {
  if (runs.length === 0) return;
  const rows = JSON.stringify(
    runs.map((r) => ({
      id: r.id,
      owner_id: r.ownerId,
      run_id: r.runId,
      attempts: r.attempts,
      status: r.status,
      error: r.error,
      failing_rule_codes: r.failingRuleCodes,
      enriched_sha256: r.enrichedSha256,
    })),
  );
  await db.execute(
    conversationEventsInsert(sql`jsonb_to_recordset(${rows}::jsonb) as r(id uuid, owner_id uuid,
      run_id uuid, attempts int, status text, error text, failing_rule_codes jsonb,
      enriched_sha256 text)`),
  );
}

export async function createWebhook(
  db: Db,
  values: { url: string; events: WebhookEvent[]; secret: string; createdBy: string | null },
) {
  const [row] = await db.insert(webhooks).values(values).returning();
  return row!;
}

export async function listWebhooks(db: Db) {
  return db.select().from(webhooks).orderBy(desc(webhooks.createdAt));
}

export async function getWebhook(db: Db, id: string) {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  return row ?? null;
}

export async function updateWebhook(
  db: Db,
  id: string,
  changes: { url?: string; events?: WebhookEvent[]; isActive?: boolean },
) {
  const [row] = await db.update(webhooks).set(changes).where(eq(webhooks.id, id)).returning();
  return row ?? null;
}

export async function deleteWebhook(db: Db, id: string) {
  const rows = await db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  return rows.length > 0;
}

/** The delivery log of one webhook, newest first. */
export async function listWebhookDeliveries(db: Db, webhookId: string, limit = 100) {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

export interface DueDelivery {
  id: number;
  webhookId: string;
  url: string;
  secret: string;
  event: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Claims deliveries that are due: SKIP LOCKED so several processes share the work, and the
 * next attempt pushed out at once so a dispatcher that dies mid-request only delays it.
 */
export async function claimDueDeliveries(
  db: Db,
  params: { limit: number; claimSeconds: number },
): Promise<DueDelivery[]> {
  const result = await db.execute(sql`
    with due as (
      select d.id from webhook_deliveries d
      join webhooks w on w.id = d.webhook_id and w.is_active
      where d.next_attempt_at <= now() and d.delivered_at is null
      order by d.next_attempt_at
      limit ${params.limit}
      for update of d skip locked
    )
    update webhook_deliveries d
    set next_attempt_at = now() + make_interval(secs => ${params.claimSeconds})
    from due, webhooks w
    where d.id = due.id and w.id = d.webhook_id
    returning d.id, d.webhook_id, w.url, w.secret, d.event, d.payload, d.attempts`);
  return rowsOf<{
    id: number;
    webhook_id: string;
    url: string;
    secret: string;
    event: string;
    payload: Record<string, unknown>;
    attempts: number;
  }>(result).map((r) => ({
    id: Number(r.id),
    webhookId: r.webhook_id,
    url: r.url,
    secret: r.secret,
    event: r.event,
    payload: r.payload,
    attempts: r.attempts,
  }));
}

/** One attempt's outcome: delivered, retried at `retryInSeconds`, or given up (null). */
export async function recordDeliveryAttempt(
  db: Db,
  id: number,
  outcome: {
    delivered: boolean;
    statusCode: number | null;
    error: string | null;
    responseSnippet: string | null;
    durationMs: number;
    retryInSeconds: number | null;
  },
) {
  await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      statusCode: outcome.statusCode,
      error: outcome.error,
      responseSnippet: outcome.responseSnippet,
      durationMs: Math.round(outcome.durationMs),
      lastAttemptAt: sql`now()`,
      deliveredAt: outcome.delivered ? sql`now()` : null,
      nextAttemptAt:
        outcome.delivered || outcome.retryInSeconds === null
          ? null
          : sql`now() + make_interval(secs => ${outcome.retryInSeconds})`,
    })
    .where(eq(webhookDeliveries.id, id));
}

/** Sends a logged delivery again, as a new entry of the log (the old one stays as it was). */
export async function redeliver(db: Db, deliveryId: number) {
  const result = await db.execute(sql`
    insert into webhook_deliveries (webhook_id, event, payload, next_attempt_at)
    select webhook_id, event, payload, now() from webhook_deliveries where id = ${deliveryId}
    returning id`);
  const [row] = rowsOf<{ id: number }>(result);
  return row ? Number(row.id) : null;
}

export async function getDelivery(db: Db, id: number) {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row ?? null;
}
