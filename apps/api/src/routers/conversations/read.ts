import type { AuthUser } from '@refinery/db/queries';
import { getConversation } from '@refinery/db/queries';
import { ConversationNotFoundError } from '@refinery/pipeline/control';
import { z } from 'zod';
import { ownerScope } from '../../auth/principal.ts';
import { protectedProcedure } from '../../trpc.ts';
import { describeEnrichState } from './enrich-state.ts';
import { buildReportView } from './report-view.ts';

const byIdInput = z.object({ id: z.uuid() });

/** Past this many bytes the viewer gets the head of the file and a flag. */
export const PREVIEW_LIMIT_BYTES = 2 * 1024 * 1024;

async function requireConversation(
  ctx: { database: { db: Parameters<typeof getConversation>[0] }; user: AuthUser },
  id: string,
) {
  // Another owner's conversation reads exactly like a missing one.
  const row = await getConversation(ctx.database.db, id, ownerScope(ctx.user));
  if (!row) throw new ConversationNotFoundError(id);
  return row;
}

function preview(bytes: Buffer) {
  const truncated = bytes.length > PREVIEW_LIMIT_BYTES;
  const head = truncated ? bytes.subarray(0, PREVIEW_LIMIT_BYTES) : bytes;
  return { text: head.toString('utf8'), size: bytes.length, truncated };
}

export const readProcedures = {
  byId: protectedProcedure.input(byIdInput).query(async ({ ctx, input }) => {
    const row = await requireConversation(ctx, input.id);
    const { validationReport: _report, searchText: _search, leaseToken: _lease, ...summary } = row;
    return summary;
  }),

  /** Validation report, normalization issues and the stage timeline of every run. */
  report: protectedProcedure
    .input(byIdInput)
    .query(({ ctx, input }) => buildReportView(ctx.database.db, input.id, ownerScope(ctx.user))),

  raw: protectedProcedure.input(byIdInput).query(async ({ ctx, input }) => {
    const row = await requireConversation(ctx, input.id);
    const bytes = row.rawResponsePath ? await ctx.storage.get(row.rawResponsePath) : null;
    if (!bytes) throw new ConversationNotFoundError(`${input.id} (raw file)`);
    return preview(bytes);
  }),

  enriched: protectedProcedure.input(byIdInput).query(async ({ ctx, input }) => {
    const row = await requireConversation(ctx, input.id);
    const bytes = row.enrichedFilePath ? await ctx.storage.get(row.enrichedFilePath) : null;
    if (!bytes) throw new ConversationNotFoundError(`${input.id} (enriched file)`);
    return { ...preview(bytes), sha256: row.enrichedSha256 };
  }),

  enrichStatus: protectedProcedure.input(byIdInput).query(async ({ ctx, input }) => {
    return describeEnrichState(await requireConversation(ctx, input.id));
  }),
};
