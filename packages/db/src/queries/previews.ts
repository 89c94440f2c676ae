import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { conversations, type RuleSetPreviewRow, ruleSetPreviews } from '../schema/index.ts';
import type { EnrichmentStatus } from '../statuses.ts';

/** Conversations that have a validation outcome: what an impact preview re-validates. */
export const PREVIEW_STATUSES: EnrichmentStatus[] = [
  'completed',
  'validated',
  'validation_failed',
  'enrichment_failed',
  'normalization_failed',
  'storage_failed',
];

export interface PreviewCandidate {
  id: string;
  rawResponsePath: string;
}

export async function countPreviewUniverse(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(inArray(conversations.enrichmentStatus, PREVIEW_STATUSES));
  return Number(row?.n ?? 0);
}

/** Every candidate, a page at a time in id order. */
export async function listPreviewPage(db: Db, afterId: string | null, limit: number) {
  const c = conversations;
  return (await db
    .select({ id: c.id, rawResponsePath: c.rawResponsePath })
    .from(c)
    .where(
      and(inArray(c.enrichmentStatus, PREVIEW_STATUSES), afterId ? gt(c.id, afterId) : undefined),
    )
    .orderBy(asc(c.id))
    .limit(limit)) as PreviewCandidate[];
}

/** A sample that is stable for one preview (hash order), so progress can resume page-wise. */
export async function listPreviewSample(db: Db, seed: string, size: number) {
  const c = conversations;
  return (await db
    .select({ id: c.id, rawResponsePath: c.rawResponsePath })
    .from(c)
    .where(inArray(c.enrichmentStatus, PREVIEW_STATUSES))
    .orderBy(sql`md5(${c.id}::text || ${seed})`)
    .limit(size)) as PreviewCandidate[];
}

export async function createPreviewRow(
  db: Db,
  values: {
    ruleSetId: string;
    baselineVersion: number;
    sampleSize: number | null;
    requestedBy: string | null;
    total: number;
  },
): Promise<RuleSetPreviewRow> {
  const [row] = await db.insert(ruleSetPreviews).values(values).returning();
  return row!;
}

export async function updatePreviewRow(
  db: Db,
  id: string,
  values: Partial<
    Pick<RuleSetPreviewRow, 'processed' | 'state' | 'result' | 'error' | 'finishedAt'>
  >,
) {
  await db.update(ruleSetPreviews).set(values).where(eq(ruleSetPreviews.id, id));
}

export async function getPreviewRow(db: Db, id: string) {
  const [row] = await db.select().from(ruleSetPreviews).where(eq(ruleSetPreviews.id, id));
  return row ?? null;
}

export async function latestPreviewOf(db: Db, ruleSetId: string) {
  const [row] = await db
    .select()
    .from(ruleSetPreviews)
    .where(eq(ruleSetPreviews.ruleSetId, ruleSetId))
    .orderBy(desc(ruleSetPreviews.createdAt))
    .limit(1);
  return row ?? null;
}
