import { auditRouter, authRouter, tokensRouter, usersRouter } from './routers/account.ts';
import { bulkRouter } from './routers/bulk.ts';
import { configRouter } from './routers/config/index.ts';
import { conversationsRouter } from './routers/conversations/index.ts';
import { exportsRouter } from './routers/exports.ts';
import { healthProcedure } from './routers/health.ts';
import { metadataRouter } from './routers/metadata.ts';
import { statsRouter } from './routers/stats.ts';
import { webhooksRouter } from './routers/webhooks.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  health: healthProcedure,
  conversations: conversationsRouter,
  bulk: bulkRouter,
  config: configRouter,
  exports: exportsRouter,
  stats: statsRouter,
  metadata: metadataRouter,
  auth: authRouter,
  tokens: tokensRouter,
  users: usersRouter,
  audit: auditRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
