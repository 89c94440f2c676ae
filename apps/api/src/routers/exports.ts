import { EXPORT_FORMATS } from '@refinery/db';
import type { AuthUser } from '@refinery/db/queries';
import {
  countExportable,
  createExportRow,
  failInterruptedExports,
  getExportRow,
  listExportRows,
} from '@refinery/db/queries';
import { runExportJob } from '@refinery/pipeline/export';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { ownerScope } from '../auth/principal.ts';
import { protectedProcedure, router } from '../trpc.ts';
import { selectionInput } from './bulk.ts';

/** A running export that has not reported progress for this long was cut off by a restart. */
const INTERRUPTED_AFTER_SECONDS = 120;

const exportInput = z.object({ selection: selectionInput, format: z.enum(EXPORT_FORMATS) });

/** Admins see every export; others see the ones they asked for. */
const requesterScope = (user: AuthUser) => (user.role === 'admin' ? undefined : user.id);

function describe(row: NonNullable<Awaited<ReturnType<typeof getExportRow>>>) {
  const { filePath: _path, ...rest } = row;
  return {
    ...rest,
    downloadUrl: row.state === 'done' ? `/api/exports/${row.id}/download` : null,
    manifestUrl: row.state === 'done' ? `/api/exports/${row.id}/manifest` : null,
  };
}

export const exportsRouter = router({
  /** How many completed conversations the selection would export. */
  preview: protectedProcedure
    .input(exportInput.pick({ selection: true }))
    .query(async ({ ctx, input }) => ({
      exportable: await countExportable(
        ctx.database.db,
        input.selection,
        ownerScope(ctx.user) ?? null,
      ),
    })),

  create: protectedProcedure.input(exportInput).mutation(async ({ ctx, input }) => {
    const scope = ownerScope(ctx.user) ?? null;
    const total = await countExportable(ctx.database.db, input.selection, scope);
    if (total === 0) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Nothing to export: the selection holds no completed conversations.',
      });
    }
    const row = await createExportRow(ctx.database.db, {
      format: input.format,
      selection: input.selection,
      ownerScope: scope,
      requestedBy: ctx.user.id,
      total,
    });
    await audit(
      ctx.database.db,
      ctx,
      'export.create',
      { type: 'export', id: row.id },
      { format: input.format, total },
    );
    ctx.jobs.start(`export ${row.id}`, () =>
      runExportJob({
        db: ctx.database.db,
        storage: ctx.storage,
        exportsDir: ctx.exportsDir,
        row,
      }),
    );
    return { id: row.id, total };
  }),

  byId: protectedProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const row = await getExportRow(ctx.database.db, input.id, requesterScope(ctx.user));
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `Export ${input.id} not found` });
    return describe(row);
  }),

  list: protectedProcedure.query(async ({ ctx }) => {
    await failInterruptedExports(ctx.database.db, INTERRUPTED_AFTER_SECONDS);
    const rows = await listExportRows(ctx.database.db, requesterScope(ctx.user));
    return rows.map(describe);
  }),
});
