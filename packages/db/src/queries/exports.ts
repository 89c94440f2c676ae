import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { conversations, type ExportRow, exports } from '../schema/index.ts';
import type { ExportFormat } from '../statuses.ts';
import { type BulkSelection, selectionSql } from './bulk.ts';

/** Exports carry completed conversations only, whatever the selection's filter says. */
function exportableSql(selection: BulkSelection, ownerScope: string | null) {
  return and(
    selectionSql(selection, ownerScope ?? undefined),
    eq(conversations.enrichmentStatus, 'completed'),
  );
}

export async function countExportable(
  db: Db,
  selection: BulkSelection,
  ownerScope: string | null,
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(exportableSql(selection, ownerScope));
  return Number(row?.n ?? 0);
}

export interface ExportableConversation {
  id: string;
  enrichedFilePath: string;
  ruleSetVersion: number | null;
  enrichmentProfileVersion: number | null;
}

/** One page of an export in id order: the keyset walk keeps memory flat at any size. */
export async function listExportablePage(
  db: Db,
  params: {
    selection: BulkSelection;
    ownerScope: string | null;
    afterId: string | null;
    limit: number;
  },
): Promise<ExportableConversation[]> {
  const c = conversations;
  const rows = await db
    .select({
      id: c.id,
      enrichedFilePath: c.enrichedFilePath,
      ruleSetVersion: c.ruleSetVersion,
      enrichmentProfileVersion: c.enrichmentProfileVersion,
    })
    .from(c)
    .where(
      and(
        exportableSql(params.selection, params.ownerScope),
        params.afterId ? gt(c.id, params.afterId) : undefined,
      ),
    )
    .orderBy(asc(c.id))
    .limit(params.limit);
  return rows.filter((r): r is ExportableConversation => r.enrichedFilePath !== null);
}

export async function createExportRow(
  db: Db,
  values: {
    format: ExportFormat;
    selection: BulkSelection;
    ownerScope: string | null;
    requestedBy: string | null;
    total: number;
  },
): Promise<ExportRow> {
  const [row] = await db
    .insert(exports)
    .values({
      format: values.format,
      selection: { ...values.selection, ownerScope: values.ownerScope } as unknown as Record<
        string,
        unknown
      >,
      requestedBy: values.requestedBy,
      total: values.total,
    })
    .returning();
  return row!;
}

export async function updateExportProgress(
  db: Db,
  id: string,
  progress: { processed: number; lines: number },
) {
  await db
    .update(exports)
    .set({ ...progress, updatedAt: new Date() })
    .where(eq(exports.id, id));
}

export async function finishExportRow(
  db: Db,
  id: string,
  result:
    | {
        state: 'done';
        processed: number;
        lines: number;
        filePath: string;
        fileSize: number;
        sha256: string;
        manifest: Record<string, unknown>;
      }
    | { state: 'failed'; error: string },
) {
  await db
    .update(exports)
    .set({ ...result, updatedAt: new Date(), finishedAt: new Date() })
    .where(eq(exports.id, id));
}

/** An export is visible to its requester and to admins (ownerScope null). */
export async function getExportRow(db: Db, id: string, requestedBy?: string) {
  const [row] = await db
    .select()
    .from(exports)
    .where(and(eq(exports.id, id), requestedBy ? eq(exports.requestedBy, requestedBy) : undefined));
  return row ?? null;
}

export async function listExportRows(db: Db, requestedBy?: string, limit = 50) {
  return db
    .select()
    .from(exports)
    .where(requestedBy ? eq(exports.requestedBy, requestedBy) : undefined)
    .orderBy(desc(exports.createdAt))
    .limit(limit);
}

/** Exports a dead process left running can never finish: say so instead of spinning forever. */
export async function failInterruptedExports(db: Db, olderThanSeconds: number): Promise<number> {
  const rows = await db
    .update(exports)
    .set({
      state: 'failed',
      error: 'Interrupted: the server stopped while writing this export. Start it again.',
      finishedAt: new Date(),
    })
    .where(
      and(
        eq(exports.state, 'running'),
        sql`${exports.updatedAt} < now() - make_interval(secs => ${olderThanSeconds})`,
      ),
    )
    .returning({ id: exports.id });
  return rows.length;
}
