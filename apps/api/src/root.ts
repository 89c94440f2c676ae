import { conversationsRouter } from './routers/conversations/index.ts';
import { healthProcedure } from './routers/health.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  health: healthProcedure,
  conversations: conversationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
