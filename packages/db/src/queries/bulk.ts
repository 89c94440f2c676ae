import { and, asc, desc, eq, gt, inArray, notInArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { type BulkOperationRow, bulkOperations, conversations } from '../schema/index.ts';
import type { BulkAction, EnrichmentStatus } from '../statuses.ts';
import { type ConversationFilter, conversationFilterSql } from './conversation-filter.ts';
import { rowsOf } from './queue.ts';
import { enqueueWebhookEvents } from './webhooks.ts';

export const BULK_CHANNEL = 'refinery_bulk';

/**
 * What a bulk action applies to, stored as is: "all rows matching `filter` except `exclude`",
 * or exactly `include`. A million-row selection is a filter, never a million ids.
 */
export interface BulkSelection {
  filter: ConversationFilter;
  all: boolean;
  include: string[];
  exclude: string[];
}

/** Dates travel as ISO strings through JSON; the filter wants Date objects. */
export function reviveSelection(stored: unknown): BulkSelection {
  const s = stored as BulkSelection & { filter: Record<string, unknown> };
  const filter = { ...s.filter } as ConversationFilter & Record<string, unknown>;
  for (const key of ['createdFrom', 'createdTo'] as const) {
    if (typeof filter[key] === 'string') filter[key] = new Date(filter[key] as unknown as string);
  }
  return { filter, all: Boolean(s.all), include: s.include ?? [], exclude: s.exclude ?? [] };
}

export function selectionSql(selection: BulkSelection, ownerId?: string): SQL | undefined {
  const c = conversations;
  const owner = ownerId ? eq(c.ownerId, ownerId) : undefined;
  if (!selection.all) {
    return and(owner, selection.include.length ? inArray(c.id, selection.include) : sql`false`);
  }
  return and(
    owner,
    conversationFilterSql(selection.filter),
    selection.exclude.length ? notInArray(c.id, selection.exclude) : undefined,
  );
}

/** How many selected conversations are in each status: what a preview shows. */
export async function countSelectionByStatus(
  db: Db,
  selection: BulkSelection,
  ownerId?: string,
): Promise<Partial<Record<EnrichmentStatus, number>>> {
  const c = conversations;
  const rows = await db
    .select({ status: c.enrichmentStatus, count: sql<number>`count(*)::int` })
    .from(c)
    .where(selectionSql(selection, ownerId))
    .groupBy(c.enrichmentStatus);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}

export async function createBulkOperation(
  db: Db,
  values: {
    action: BulkAction;
    selection: BulkSelection;
    requestedBy: string | null;
    idempotencyKey: string;
    total: number;
    ownerScope: string | null;
  },
): Promise<{ operation: BulkOperationRow; created: boolean }> {
  const [inserted] = await db
    .insert(bulkOperations)
    .values({
      action: values.action,
      selection: { ...values.selection, ownerScope: values.ownerScope } as unknown as Record<
        string,
        unknown
      >,
      requestedBy: values.requestedBy,
      idempotencyKey: values.idempotencyKey,
      total: values.total,
    })
    .onConflictDoNothing({ target: bulkOperations.idempotencyKey })
    .returning();
  if (inserted) {
    await db.execute(sql`select pg_notify(${BULK_CHANNEL}, ${inserted.id})`);
    return { operation: inserted, created: true };
  }
  const [existing] = await db
    .select()
    .from(bulkOperations)
    .where(eq(bulkOperations.idempotencyKey, values.idempotencyKey));
  return { operation: existing!, created: false };
}

export async function getBulkOperation(db: Db, id: string) {
  const [row] = await db.select().from(bulkOperations).where(eq(bulkOperations.id, id));
  return row ?? null;
}

export async function listBulkOperations(
  db: Db,
  params: { limit: number; requestedBy?: string | undefined },
) {
  return db
    .select()
    .from(bulkOperations)
    .where(params.requestedBy ? eq(bulkOperations.requestedBy, params.requestedBy) : undefined)
    .orderBy(desc(bulkOperations.createdAt))
    .limit(params.limit);
}

export async function cancelBulkOperation(db: Db, id: string) {
  const [row] = await db
    .update(bulkOperations)
    .set({ state: 'cancelled', finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(bulkOperations.id, id), eq(bulkOperations.state, 'running')))
    .returning();
  return row ?? null;
}

/**
 * Locks one running operation for this chunk (SKIP LOCKED: several runners never apply the
 * same chunk twice). Call inside a transaction.
 */
export async function lockNextRunningBulkOperation(db: Db): Promise<BulkOperationRow | null> {
  const [row] = await db
    .select()
    .from(bulkOperations)
    .where(eq(bulkOperations.state, 'running'))
    .orderBy(asc(bulkOperations.createdAt))
    .limit(1)
    .for('update', { skipLocked: true });
  return row ?? null;
}

export interface ChunkResult {
  scanned: number;
  moved: number;
  skippedByStatus: Record<string, number>;
  lastId: string | null;
}

/**
 * One chunk of a bulk action, by id order after the stored cursor: rows in `fromStatuses`
 * move (one set-based UPDATE), the others are counted as skipped by status. Re-applying the
 * same action skips what already moved, so a second click changes nothing.
 */
export async function applyBulkChunk(
  db: Db,
  params: {
    selection: BulkSelection;
    ownerScope: string | null;
    afterId: string | null;
    chunkSize: number;
    fromStatuses: EnrichmentStatus[];
    values: Record<string, unknown>;
  },
): Promise<ChunkResult> {
  const c = conversations;
  const chunk = await db
    .select({ id: c.id, status: c.enrichmentStatus })
    .from(c)
    .where(
      and(
        selectionSql(params.selection, params.ownerScope ?? undefined),
        params.afterId ? gt(c.id, params.afterId) : undefined,
      ),
    )
    .orderBy(asc(c.id))
    .limit(params.chunkSize);
  if (chunk.length === 0) return { scanned: 0, moved: 0, skippedByStatus: {}, lastId: null };
  const movable = chunk.filter((r) => params.fromStatuses.includes(r.status)).map((r) => r.id);
  const moved = movable.length
    ? await db
        .update(c)
        .set(params.values)
        .where(and(inArray(c.id, movable), inArray(c.enrichmentStatus, params.fromStatuses)))
        .returning({ id: c.id })
    : [];
  const movedIds = new Set(moved.map((r) => r.id));
  const skippedByStatus: Record<string, number> = {};
  for (const row of chunk) {
    if (!movedIds.has(row.id)) skippedByStatus[row.status] = (skippedByStatus[row.status] ?? 0) + 1;
  }
  return { scanned: chunk.length, moved: moved.length, skippedByStatus, lastId: chunk.at(-1)!.id };
}

export async function recordBulkProgress(db: Db, id: string, chunk: ChunkResult, done: boolean) {
  const result = await db.execute(sql`
    update bulk_operations set
      processed = processed + ${chunk.scanned},
      queued = queued + ${chunk.moved},
      skipped = skipped + ${chunk.scanned - chunk.moved},
      skipped_reasons = (
        select coalesce(jsonb_object_agg(key, total), '{}'::jsonb) from (
          select key, sum(value::int) as total from (
            select key, value from jsonb_each_text(skipped_reasons)
            union all
            select key, value from jsonb_each_text(${JSON.stringify(chunk.skippedByStatus)}::jsonb)
          ) merged group by key
        ) summed),
      cursor = ${chunk.lastId === null ? sql`cursor` : sql`to_jsonb(${chunk.lastId}::text)`},
      state = case when ${done} then 'done' else state end,
      finished_at = case when ${done} then now() else finished_at end,
      updated_at = now()
    where id = ${id}
    returning id, action, state, total, processed, queued, skipped, skipped_reasons, requested_by`);
  const [operation] = rowsOf<Record<string, unknown>>(result);
  if (done && operation) {
    await enqueueWebhookEvents(db, [
      {
        event: 'bulk_operation.finished',
        payload: {
          event: 'bulk_operation.finished',
          event_id: `bulk:${id}`,
          occurred_at: new Date().toISOString(),
          data: operation,
        },
      },
    ]);
  }
}
