import { listFilterOptions } from '@refinery/db/queries';
import { RULE_CODES } from '@refinery/pipeline';
import { publicProcedure, router } from '../trpc.ts';

export const metadataRouter = router({
  /** Names and ids for the dashboard's filter menus. */
  filterOptions: publicProcedure.query(async ({ ctx }) => ({
    ...(await listFilterOptions(ctx.database.db)),
    ruleCodes: RULE_CODES,
  })),
});
