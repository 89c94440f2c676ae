import { sql } from 'drizzle-orm';
import { publicProcedure } from '../trpc.ts';

export const healthProcedure = publicProcedure.query(async ({ ctx }) => {
  const started = performance.now();
  await ctx.database.db.execute(sql`select 1`);
  return {
    ok: true as const,
    database: ctx.database.kind,
    storage: ctx.storage.driver,
    databaseLatencyMs: Math.round((performance.now() - started) * 10) / 10,
  };
});
