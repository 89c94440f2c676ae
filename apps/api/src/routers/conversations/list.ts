import { ENRICHMENT_STATUSES } from '@refinery/db';
import {
  CONVERSATION_SORTS,
  countConversationsForDashboard,
  countMatchingConversations,
  listConversations,
  MAX_PAGE_SIZE,
} from '@refinery/db/queries';
import { z } from 'zod';
import { ownerScope } from '../../auth/principal.ts';
import { protectedProcedure } from '../../trpc.ts';

const uuid = z.uuid();

export const conversationFilterInput = z.object({
  statuses: z.array(z.enum(ENRICHMENT_STATUSES)).max(ENRICHMENT_STATUSES.length).optional(),
  ownerId: uuid.optional(),
  personaId: uuid.optional(),
  emotionalArcId: uuid.optional(),
  trainingTopicId: uuid.optional(),
  search: z.string().max(200).optional(),
  createdFrom: z.coerce.date().optional(),
  createdTo: z.coerce.date().optional(),
  ruleCode: z
    .string()
    .regex(/^[A-Z_]{3,64}$/)
    .optional(),
  bulkOperationId: uuid.optional(),
  stale: z.boolean().optional(),
});

export const listProcedures = {
  list: protectedProcedure
    .input(
      conversationFilterInput.extend({
        limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
        sort: z.enum(CONVERSATION_SORTS).default('updated_desc'),
        cursor: z.string().max(512).nullish(),
      }),
    )
    // Non-admins are pinned to their own conversations whatever owner filter they send.
    .query(({ ctx, input }) =>
      listConversations(ctx.database.db, {
        ...input,
        ownerId: ownerScope(ctx.user) ?? input.ownerId,
      }),
    ),

  counts: protectedProcedure
    .input(z.object({ ownerId: uuid.optional() }).optional())
    .query(async ({ ctx, input }) => {
      const { counts, estimated } = await countConversationsForDashboard(ctx.database.db, {
        ownerId: ownerScope(ctx.user) ?? input?.ownerId,
      });
      // An ordered list, so clients render every status in the machine's order.
      return {
        statuses: ENRICHMENT_STATUSES.map((status) => ({ status, count: counts[status] })),
        total: Object.values(counts).reduce((sum, n) => sum + n, 0),
        /** True when the counts come from a sample of a very large table. */
        estimated,
      };
    }),

  countMatching: protectedProcedure.input(conversationFilterInput).query(({ ctx, input }) =>
    countMatchingConversations(ctx.database.db, {
      ...input,
      ownerId: ownerScope(ctx.user) ?? input.ownerId,
    }),
  ),
};
