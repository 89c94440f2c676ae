import { BULK_ACTIONS } from '@refinery/db';
import type { AuthUser } from '@refinery/db/queries';
import { cancelBulkOperation, getBulkOperation, listBulkOperations } from '@refinery/db/queries';
import { previewBulkAction, startBulkAction } from '@refinery/pipeline/bulk';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { ownerScope } from '../auth/principal.ts';
import { operatorProcedure, protectedProcedure, router } from '../trpc.ts';
import { conversationFilterInput } from './conversations/list.ts';

/** Explicit id lists are for hand-picked rows; "all matching" is a filter, not ids. */
export const MAX_SELECTION_IDS = 10_000;

export const selectionInput = z.object({
  filter: conversationFilterInput.default({}),
  all: z.boolean(),
  include: z.array(z.uuid()).max(MAX_SELECTION_IDS).default([]),
  exclude: z.array(z.uuid()).max(MAX_SELECTION_IDS).default([]),
});

const actionInput = z.object({ action: z.enum(BULK_ACTIONS), selection: selectionInput });

/** Someone else's operation reads as missing, like someone else's conversation. */
async function visibleOperation<T extends { requestedBy: string | null }>(
  user: AuthUser,
  operation: T | null,
) {
  if (!operation) return null;
  return user.role === 'admin' || operation.requestedBy === user.id ? operation : null;
}

function describe(operation: NonNullable<Awaited<ReturnType<typeof getBulkOperation>>>) {
  const elapsedSeconds = Math.max(
    ((operation.finishedAt ?? new Date()).getTime() - operation.createdAt.getTime()) / 1000,
    0.001,
  );
  const rate = operation.processed / elapsedSeconds;
  const remaining = Math.max(operation.total - operation.processed, 0);
  return {
    ...operation,
    ratePerSecond: Math.round(rate * 10) / 10,
    etaSeconds: operation.state === 'running' && rate > 0 ? Math.ceil(remaining / rate) : null,
  };
}

export const bulkRouter = router({
  preview: operatorProcedure
    .input(actionInput)
    .query(({ ctx, input }) =>
      previewBulkAction(ctx.database.db, input.selection, input.action, ownerScope(ctx.user)),
    ),

  create: operatorProcedure
    .input(actionInput.extend({ idempotencyKey: z.string().min(8).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const { operation, created } = await startBulkAction(ctx.database.db, {
        action: input.action,
        selection: input.selection,
        idempotencyKey: input.idempotencyKey,
        requestedBy: ctx.user.id,
        ownerScope: ownerScope(ctx.user),
      });
      if (created) {
        await audit(
          ctx.database.db,
          ctx,
          `bulk.${input.action}`,
          { type: 'bulk_operation', id: operation.id },
          { total: operation.total, all: input.selection.all },
        );
      }
      return { id: operation.id, created };
    }),

  byId: protectedProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const operation = await visibleOperation(
      ctx.user,
      await getBulkOperation(ctx.database.db, input.id),
    );
    if (!operation)
      throw new TRPCError({ code: 'NOT_FOUND', message: `No bulk operation ${input.id}.` });
    return describe(operation);
  }),

  list: protectedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).optional())
    .query(async ({ ctx, input }) =>
      (
        await listBulkOperations(ctx.database.db, {
          limit: input?.limit ?? 50,
          requestedBy: ownerScope(ctx.user),
        })
      ).map(describe),
    ),

  cancel: operatorProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const mine = await visibleOperation(
      ctx.user,
      await getBulkOperation(ctx.database.db, input.id),
    );
    if (!mine)
      throw new TRPCError({ code: 'NOT_FOUND', message: `No bulk operation ${input.id}.` });
    const cancelled = await cancelBulkOperation(ctx.database.db, input.id);
    if (cancelled)
      await audit(ctx.database.db, ctx, 'bulk.cancel', { type: 'bulk_operation', id: input.id });
    if (!cancelled) {
      const existing = await getBulkOperation(ctx.database.db, input.id);
      if (!existing)
        throw new TRPCError({ code: 'NOT_FOUND', message: `No bulk operation ${input.id}.` });
      throw new TRPCError({
        code: 'CONFLICT',
        message: `The bulk operation is already ${existing.state}.`,
      });
    }
    return describe(cancelled);
  }),
});
