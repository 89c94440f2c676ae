import {
  requestCancel,
  requestEnrich,
  requestRetry,
  requestRevalidate,
} from '@refinery/pipeline/control';
import { z } from 'zod';
import { audit } from '../../audit.ts';
import { ownerScope } from '../../auth/principal.ts';
import { ingestForCaller } from '../../ingest-limits.ts';
import { operatorProcedure } from '../../trpc.ts';

const idInput = z.object({ id: z.uuid() });

/** Largest raw accepted through tRPC (JSON-encoded); bigger files go through REST or the CLI. */
const MAX_INGEST_CHARS = 16 * 1024 * 1024;

type ActionContext = Parameters<Parameters<typeof operatorProcedure.mutation>[0]>[0]['ctx'];

/** Runs a state change on one conversation of the caller's, then records it in the audit log. */
async function audited<T>(
  ctx: ActionContext,
  action: string,
  id: string,
  change: (ownerId: string | undefined) => Promise<T>,
) {
  const result = await change(ownerScope(ctx.user));
  await audit(ctx.database.db, ctx, action, { type: 'conversation', id });
  return result;
}

const forceInput = idInput.extend({ force: z.boolean().default(false) });

export const controlProcedures = {
  enrich: operatorProcedure
    .input(forceInput)
    .mutation(({ ctx, input }) =>
      audited(
        ctx,
        input.force ? 'conversation.force_enrich' : 'conversation.enrich',
        input.id,
        (ownerId) => requestEnrich(ctx.database.db, input.id, { force: input.force, ownerId }),
      ),
    ),

  retry: operatorProcedure
    .input(forceInput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'conversation.retry', input.id, (ownerId) =>
        requestRetry(ctx.database.db, input.id, { force: input.force, ownerId }),
      ),
    ),

  revalidate: operatorProcedure
    .input(idInput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'conversation.revalidate', input.id, (ownerId) =>
        requestRevalidate(ctx.database.db, input.id, { ownerId }),
      ),
    ),

  cancel: operatorProcedure
    .input(idInput)
    .mutation(({ ctx, input }) =>
      audited(ctx, 'conversation.cancel', input.id, (ownerId) =>
        requestCancel(ctx.database.db, input.id, { ownerId }),
      ),
    ),

  /** Stores the raw unchanged and queues it; the workers enrich in the background. */
  ingest: operatorProcedure
    .input(
      z.object({
        content: z.string().max(MAX_INGEST_CHARS),
        /** base64 for bytes that are not text (they are stored as given). */
        encoding: z.enum(['utf8', 'base64']).default('utf8'),
        fileName: z.string().max(255).optional(),
        persona: z.string().max(100).optional(),
        arc: z.string().max(100).optional(),
        topic: z.string().max(100).optional(),
        template: z.string().max(100).optional(),
        qualityScore: z.number().min(0).max(5).nullish(),
        tier: z.string().max(50).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { content, encoding, ...request } = input;
      return ingestForCaller(
        ctx.database.db,
        ctx.storage,
        ctx,
        Buffer.from(content, encoding),
        request,
      );
    }),
};
