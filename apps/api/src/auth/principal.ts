import type { Db, UserRole } from '@refinery/db';
import { type AuthUser, findSessionUser, findTokenUser } from '@refinery/db/queries';
import { hashSecret, SESSION_COOKIE } from './tokens.ts';

const RANK: Record<UserRole, number> = { viewer: 0, operator: 1, admin: 2 };

export function hasRole(user: AuthUser, minimum: UserRole): boolean {
  return RANK[user.role] >= RANK[minimum];
}

/** Non-admins see only their own conversations; admins see everyone's. */
export function ownerScope(user: AuthUser): string | undefined {
  return user.role === 'admin' ? undefined : user.id;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export interface Credentials {
  authorization?: string | undefined;
  cookie?: string | undefined;
}

export type AuthMethod = 'bearer' | 'session' | 'none';

/**
 * Who is calling: a bearer token (scripts, the CLI) or the session cookie (the dashboard).
 * `localToken` is the server's own CLI token for commands run beside an embedded database.
 */
export async function resolvePrincipal(
  db: Db,
  credentials: Credentials,
  local?: { token: string; user: AuthUser },
): Promise<{ user: AuthUser | null; method: AuthMethod }> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '')?.[1];
  if (bearer) {
    if (local && bearer === local.token) return { user: local.user, method: 'bearer' };
    return { user: await findTokenUser(db, hashSecret(bearer)), method: 'bearer' };
  }
  const session = readCookie(credentials.cookie, SESSION_COOKIE);
  if (session) return { user: await findSessionUser(db, hashSecret(session)), method: 'session' };
  return { user: null, method: 'none' };
}
