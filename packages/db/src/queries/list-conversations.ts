import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { conversations, emotionalArcs, personas, trainingTopics } from '../schema/index.ts';
import { ENRICHMENT_STATUSES, type EnrichmentStatus } from '../statuses.ts';
import { type ConversationFilter, conversationFilterSql } from './conversation-filter.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isLargeConversationTable, rowsOf } from './queue.ts';

export const CONVERSATION_SORTS = [
  'updated_desc',
  'updated_asc',
  'created_desc',
  'created_asc',
] as const;
export type ConversationSort = (typeof CONVERSATION_SORTS)[number];

export interface ListConversationsParams extends ConversationFilter {
  /** Default newest activity first. Every order is keyset-paginated with the id as tiebreak. */
  sort?: ConversationSort | undefined;
  /** Rows per page, 1–500. */
  limit?: number | undefined;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string | null | undefined;
}

export interface ConversationListItem {
  id: string;
  ownerId: string;
  title: string;
  enrichmentStatus: EnrichmentStatus;
  currentStage: string | null;
  attempts: number;
  maxAttempts: number;
  qualityScore: number | null;
  tier: string | null;
  personaName: string | null;
  emotionalArcName: string | null;
  trainingTopicName: string | null;
  failingRuleCodes: string[];
  enrichmentError: string | null;
  enrichedFileSize: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConversationPage {
  items: ConversationListItem[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 500;

/**
 * Newest activity first, keyset-paginated on (updated_at, id): a page at any depth costs the
 * same as the first, and rows that change while someone pages are neither skipped nor
 * repeated by position. Served by conversations_updated_idx, or
 * conversations_status_updated_idx / conversations_owner_updated_idx when those filter.
 */
export async function listConversations(
  db: Db,
  params: ListConversationsParams = {},
): Promise<ConversationPage> {
  const limit = pageSize(params.limit);
  const rows = await buildListConversationsQuery(db, params);
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(({ sortValue: _sortValue, ...item }) => item),
    nextCursor: hasMore && last ? encodeCursor({ sortValue: last.sortValue, id: last.id }) : null,
  };
}

function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(Math.trunc(limit ?? 50), 1), MAX_PAGE_SIZE);
}

/** The page query itself, exposed so tests can EXPLAIN exactly what runs. */
export function buildListConversationsQuery(db: Db, params: ListConversationsParams = {}) {
  const c = conversations;
  const limit = pageSize(params.limit);
  const sort = params.sort ?? 'updated_desc';
  const sortColumn = sort.startsWith('created') ? c.createdAt : c.updatedAt;
  const ascending = sort.endsWith('_asc');
  const conditions: (SQL | undefined)[] = [conversationFilterSql(params)];
  if (params.cursor) {
    const position = decodeCursor(params.cursor);
    const comparison = ascending ? sql`>` : sql`<`;
    conditions.push(
      sql`(${sortColumn}, ${c.id}) ${comparison} (${position.sortValue}::timestamptz, ${position.id}::uuid)`,
    );
  }
  const direction = ascending ? asc : desc;
  return db
    .select({
      id: c.id,
      ownerId: c.ownerId,
      title: c.title,
      enrichmentStatus: c.enrichmentStatus,
      currentStage: c.currentStage,
      attempts: c.attempts,
      maxAttempts: c.maxAttempts,
      qualityScore: c.qualityScore,
      tier: c.tier,
      personaName: personas.name,
      emotionalArcName: emotionalArcs.name,
      trainingTopicName: trainingTopics.name,
      failingRuleCodes: c.failingRuleCodes,
      enrichmentError: c.enrichmentError,
      enrichedFileSize: c.enrichedFileSize,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      sortValue: sql<string>`${sortColumn}::text`,
    })
    .from(c)
    .leftJoin(personas, eq(personas.id, c.personaId))
    .leftJoin(emotionalArcs, eq(emotionalArcs.id, c.emotionalArcId))
    .leftJoin(trainingTopics, eq(trainingTopics.id, c.trainingTopicId))
    .where(and(...conditions))
    .orderBy(direction(sortColumn), direction(c.id))
    .limit(limit + 1);
}

export type StatusCounts = Record<EnrichmentStatus, number>;

/**
 * Counts per status, every status present (zeros included) so clients can render the full
 * list. An index-only scan of a status-covering index: conversations_owner_status_idx (the
 * narrowest, and the only one when scoped to an owner) or conversations_status_updated_idx.
 */
export async function countConversationsByStatus(
  db: Db,
  params: { ownerId?: string | undefined } = {},
): Promise<StatusCounts> {
  const rows = await buildCountByStatusQuery(db, params);
  const counts = Object.fromEntries(ENRICHMENT_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export function buildCountByStatusQuery(db: Db, params: { ownerId?: string | undefined } = {}) {
  const c = conversations;
  return db
    .select({ status: c.enrichmentStatus, count: sql<number>`count(*)::int` })
    .from(c)
    .where(params.ownerId ? eq(c.ownerId, params.ownerId) : undefined)
    .groupBy(c.enrichmentStatus);
}

/** How many conversations match a filter (the "select all N matching" number). */
export async function countMatchingConversations(
  db: Db,
  filter: ConversationFilter,
): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(conversations)
    .where(conversationFilterSql(filter));
  return Number(row?.count ?? 0);
}

/** Above this many rows, whole-table counts are estimated from a sample (and say so). */
export const ESTIMATE_COUNTS_ABOVE_ROWS = 500_000;
const SAMPLE_PERCENT = 2;

/**
 * Counts for the dashboard: exact when scoped to an owner or when the table is small; for a
 * large table, a 2% block sample scaled up, flagged `estimated` so the UI can mark it. An
 * exact count of a million rows costs ~150 ms per poll; the sample costs a few ms.
 */
export async function countConversationsForDashboard(
  db: Db,
  params: { ownerId?: string | undefined; estimateAboveRows?: number } = {},
): Promise<{ counts: StatusCounts; estimated: boolean }> {
  if (!params.ownerId) {
    if (
      await isLargeConversationTable(db, params.estimateAboveRows ?? ESTIMATE_COUNTS_ABOVE_ROWS)
    ) {
      const sampled = rowsOf<{ status: EnrichmentStatus; count: number }>(
        await db.execute(sql`select enrichment_status as status, count(*)::int as count
          from conversations tablesample system (${sql.raw(String(SAMPLE_PERCENT))}) repeatable (1) group by 1`),
      );
      const counts = Object.fromEntries(ENRICHMENT_STATUSES.map((s) => [s, 0])) as StatusCounts;
      for (const row of sampled)
        counts[row.status] = Math.round((Number(row.count) * 100) / SAMPLE_PERCENT);
      return { counts, estimated: true };
    }
  }
  return {
    counts: await countConversationsByStatus(db, { ownerId: params.ownerId }),
    estimated: false,
  };
}
