import {
  countConversationsForDashboard,
  failuresByRule,
  stageDurationPercentiles,
  throughputPerMinute,
} from '@refinery/db/queries';
import { z } from 'zod';
import { ownerScope } from '../auth/principal.ts';
import { protectedProcedure, router } from '../trpc.ts';

const windowInput = z
  .object({
    minutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
  })
  .optional();

export const statsRouter = router({
  /** Counts by status and the success rate of finished runs. */
  overview: protectedProcedure.query(async ({ ctx }) => {
    const { counts, estimated } = await countConversationsForDashboard(ctx.database.db, {
      ownerId: ownerScope(ctx.user),
    });
    const failed =
      counts.validation_failed +
      counts.enrichment_failed +
      counts.normalization_failed +
      counts.storage_failed;
    const finished = counts.completed + failed;
    return {
      counts,
      total: Object.values(counts).reduce((a, b) => a + b, 0),
      inFlight: counts.queued + counts.enrichment_in_progress,
      failed,
      successRate: finished > 0 ? counts.completed / finished : null,
      estimated,
    };
  }),
  throughput: protectedProcedure.input(windowInput).query(({ ctx, input }) =>
    throughputPerMinute(ctx.database.db, {
      minutes: input?.minutes ?? 60,
      ownerId: ownerScope(ctx.user),
    }),
  ),
  stageDurations: protectedProcedure.input(windowInput).query(({ ctx, input }) =>
    stageDurationPercentiles(ctx.database.db, {
      minutes: input?.minutes ?? 60,
      ownerId: ownerScope(ctx.user),
    }),
  ),
  failuresByRule: protectedProcedure.query(async ({ ctx }) => {
    const rows = await failuresByRule(ctx.database.db, { ownerId: ownerScope(ctx.user) });
    const total = rows.reduce((sum, r) => sum + r.count, 0);
    return rows.map((r) => ({ ...r, share: total > 0 ? r.count / total : 0 }));
  }),
});
