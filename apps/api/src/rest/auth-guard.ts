import type { Db, UserRole } from '@refinery/db';
import type { AuthUser } from '@refinery/db/queries';
import { TRPCError } from '@trpc/server';
import type { FastifyRequest } from 'fastify';
import { hasRole, resolvePrincipal } from '../auth/principal.ts';

export interface LocalPrincipal {
  token: string;
  user: AuthUser;
}

/** REST routes authenticate exactly like tRPC procedures: bearer token or session cookie. */
export async function requireUser(
  db: Db,
  request: FastifyRequest,
  minimum: UserRole,
  local?: LocalPrincipal,
): Promise<AuthUser> {
  const { user } = await resolvePrincipal(
    db,
    { authorization: request.headers.authorization, cookie: request.headers.cookie },
    local,
  );
  if (!user)
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'Sign in first, or send an API token as "Authorization: Bearer …".',
    });
  if (!hasRole(user, minimum)) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This needs the ${minimum} role; you are ${user.role}.`,
    });
  }
  return user;
}
