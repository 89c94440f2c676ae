import { USER_ROLES } from '@refinery/db';
import {
  createApiToken,
  createUser,
  listApiTokens,
  listAudit,
  listUsers,
  revokeApiToken,
  revokeUserSessions,
  updateUser,
} from '@refinery/db/queries';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import { hasRole } from '../auth/principal.ts';
import { hashSecret, newSecret } from '../auth/tokens.ts';
import { adminProcedure, protectedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  /** The signed-in user, or null: the dashboard uses it to decide whether to show login. */
  me: publicProcedure.query(({ ctx }) => ctx.user),
});

export const tokensRouter = router({
  list: protectedProcedure.query(({ ctx }) => listApiTokens(ctx.database.db, ctx.user.id)),

  /** The secret is returned once, here; only its hash is stored. */
  create: protectedProcedure
    .input(z.object({ name: z.string().trim().min(1).max(80), role: z.enum(USER_ROLES) }))
    .mutation(async ({ ctx, input }) => {
      if (!hasRole(ctx.user, input.role)) {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `A token cannot carry more than your own role (${ctx.user.role}).`,
        });
      }
      const secret = newSecret('rft');
      const token = await createApiToken(ctx.database.db, {
        userId: ctx.user.id,
        name: input.name,
        role: input.role,
        tokenHash: hashSecret(secret),
      });
      await audit(
        ctx.database.db,
        ctx,
        'token.create',
        { type: 'api_token', id: token.id },
        { name: input.name, role: input.role },
      );
      return { ...token, secret };
    }),

  revoke: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const revoked = await revokeApiToken(ctx.database.db, { id: input.id, userId: ctx.user.id });
    if (!revoked)
      throw new TRPCError({ code: 'NOT_FOUND', message: 'No such active token of yours.' });
    await audit(ctx.database.db, ctx, 'token.revoke', { type: 'api_token', id: input.id });
    return { revoked: true };
  }),
});

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.database.db)),

  create: adminProcedure
    .input(
      z.object({
        email: z.email().max(200),
        displayName: z.string().trim().min(1).max(100),
        role: z.enum(USER_ROLES),
        password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const user = await createUser(ctx.database.db, {
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        passwordHash: await hashPassword(input.password),
      });
      if (!user)
        throw new TRPCError({ code: 'CONFLICT', message: `A user ${input.email} already exists.` });
      await audit(
        ctx.database.db,
        ctx,
        'user.create',
        { type: 'user', id: user.id },
        { email: user.email, role: user.role },
      );
      return user;
    }),

  update: adminProcedure
    .input(
      z.object({
        id: z.uuid(),
        role: z.enum(USER_ROLES).optional(),
        disabled: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.user.id && (input.disabled || (input.role && input.role !== 'admin'))) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'You cannot demote or disable yourself; ask another admin.',
        });
      }
      const user = await updateUser(ctx.database.db, input.id, {
        role: input.role,
        disabled: input.disabled,
      });
      if (!user) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such user.' });
      // A disabled user's sessions end now, not when they expire.
      if (input.disabled) await revokeUserSessions(ctx.database.db, input.id);
      await audit(
        ctx.database.db,
        ctx,
        'user.update',
        { type: 'user', id: input.id },
        { role: input.role, disabled: input.disabled },
      );
      return user;
    }),
});

export const auditRouter = router({
  list: adminProcedure
    .input(
      z
        .object({
          action: z.string().max(64).optional(),
          actorId: z.uuid().optional(),
          limit: z.number().int().min(1).max(500).default(100),
          beforeId: z.number().int().positive().optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) =>
      listAudit(ctx.database.db, {
        limit: input?.limit ?? 100,
        action: input?.action,
        actorId: input?.actorId,
        beforeId: input?.beforeId,
      }),
    ),
});
