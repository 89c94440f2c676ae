import { listFilterOptions } from '@refinery/db/queries';
import { RULE_CODES } from '@refinery/pipeline';
import { protectedProcedure, router } from '../trpc.ts';

export const metadataRouter = router({
  /** Names and ids for the dashboard's filter menus. */
  filterOptions: protectedProcedure.query(async ({ ctx }) => {
    const options = await listFilterOptions(ctx.database.db);
    return {
      ...options,
      // Only admins work across owners; everyone else is their own only owner.
      owners:
        ctx.user.role === 'admin'
          ? options.owners
          : options.owners.filter((o) => o.id === ctx.user.id),
      ruleCodes: RULE_CODES,
    };
  }),
});
