import {
  requestCancel,
  requestEnrich,
  requestRetry,
  requestRevalidate,
} from '@refinery/pipeline/control';
import { ingestRaw } from '@refinery/pipeline/ingest';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.ts';

const idInput = z.object({ id: z.uuid() });

/** Largest raw accepted through tRPC (JSON-encoded); bigger files go through REST or the CLI. */
const MAX_INGEST_CHARS = 16 * 1024 * 1024;

export const controlProcedures = {
  enrich: publicProcedure
    .input(idInput.extend({ force: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => requestEnrich(ctx.database.db, input.id, { force: input.force })),

  retry: publicProcedure
    .input(idInput.extend({ force: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => requestRetry(ctx.database.db, input.id, { force: input.force })),

  revalidate: publicProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => requestRevalidate(ctx.database.db, input.id)),

  cancel: publicProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => requestCancel(ctx.database.db, input.id)),

  /** Stores the raw unchanged and queues it; the workers enrich in the background. */
  ingest: publicProcedure
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
      const result = await ingestRaw(ctx.database.db, ctx.storage, {
        ownerId: ctx.defaultOwnerId,
        bytes: Buffer.from(input.content, input.encoding),
        fileName: input.fileName,
        references: {
          persona: input.persona,
          arc: input.arc,
          topic: input.topic,
          template: input.template,
        },
        qualityScore: input.qualityScore ?? null,
        tier: input.tier ?? null,
      });
      return {
        conversation_id: result.conversationId,
        enrichment_status: result.enrichmentStatus,
        duplicate: result.duplicate,
      };
    }),
};
