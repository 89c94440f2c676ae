import type { UserRole } from '@refinery/db';
import type { AuthUser } from '@refinery/db/queries';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { hasRole } from './auth/principal.ts';
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

/** Narrows the context to a signed-in user with at least `minimum` role. */
function requireRole(minimum: UserRole) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
    if (!hasRole(ctx.user, minimum)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `This needs the ${minimum} role; you are ${ctx.user.role}.`,
      });
    }
    return next({ ctx: { ...ctx, user: ctx.user as AuthUser } });
  });
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);
/** Any signed-in user (viewer and up): read-only on their own conversations. */
export const protectedProcedure = publicProcedure.use(requireRole('viewer'));
/** Operators and admins: may change what they can see. */
export const operatorProcedure = publicProcedure.use(requireRole('operator'));
export const adminProcedure = publicProcedure.use(requireRole('admin'));
