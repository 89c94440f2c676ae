import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { Context } from './context.ts';
import { toTrpcError } from './errors.ts';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        // Field-level messages for forms; never a stack trace.
        zodError: error.cause instanceof z.ZodError ? z.flattenError(error.cause) : null,
        stack: undefined,
      },
    };
  },
});

/** Maps domain errors to API codes in one place, and logs what the client must not see. */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTrpcError(result.error.cause ?? result.error);
    if (mapped.code === 'INTERNAL_SERVER_ERROR') {
      ctx.logger.error({ err: result.error.cause ?? result.error, path }, 'procedure failed');
    }
    throw mapped;
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);
