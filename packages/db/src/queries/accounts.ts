import { and, desc, eq, gt, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { apiTokens, auditLog, sessions, users } from '../schema/index.ts';
import type { UserRole } from '../statuses.ts';

export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
}

const userColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
};

export async function createUser(
  db: Db,
  values: { email: string; displayName: string; role: UserRole; passwordHash: string | null },
): Promise<AuthUser | null> {
  const [row] = await db
    .insert(users)
    .values({ ...values, email: values.email.toLowerCase() })
    .onConflictDoNothing({ target: users.email })
    .returning(userColumns);
  return row ?? null;
}

export async function findUserForLogin(db: Db, email: string) {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email.toLowerCase()));
  return row ?? null;
}

export async function listUsers(db: Db) {
  return db
    .select({
      ...userColumns,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      canLogIn: sql<boolean>`${users.passwordHash} is not null`,
    })
    .from(users)
    .orderBy(users.email);
}

export async function updateUser(
  db: Db,
  id: string,
  values: { role?: UserRole; disabled?: boolean },
) {
  const [row] = await db
    .update(users)
    .set({
      ...(values.role ? { role: values.role } : {}),
      ...(values.disabled === undefined ? {} : { disabledAt: values.disabled ? sql`now()` : null }),
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, id))
    .returning(userColumns);
  return row ?? null;
}

export async function countLoginUsers(db: Db): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`${users.passwordHash} is not null`);
  return Number(row?.count ?? 0);
}

export async function createSession(
  db: Db,
  values: {
    tokenHash: string;
    userId: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  await db.insert(sessions).values(values);
}

/** The user behind a live session (not expired, not revoked, user not disabled). */
export async function findSessionUser(db: Db, tokenHash: string): Promise<AuthUser | null> {
  const [row] = await db
    .select(userColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        isNull(users.disabledAt),
      ),
    );
  return row ?? null;
}

export async function revokeSession(db: Db, tokenHash: string) {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeUserSessions(db: Db, userId: string) {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function createApiToken(
  db: Db,
  values: { userId: string; name: string; tokenHash: string; role: UserRole },
) {
  const [row] = await db.insert(apiTokens).values(values).returning({
    id: apiTokens.id,
    name: apiTokens.name,
    role: apiTokens.role,
    createdAt: apiTokens.createdAt,
  });
  return row!;
}

export async function listApiTokens(db: Db, userId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, params: { id: string; userId: string }) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, params.id),
        eq(apiTokens.userId, params.userId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ id: apiTokens.id });
  return row ?? null;
}

/**
 * The principal behind a bearer token: the token's own role, never more than its user's
 * current role (a demoted user's old tokens shrink with them).
 */
export async function findTokenUser(db: Db, tokenHash: string): Promise<AuthUser | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .from(users)
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        eq(users.id, apiTokens.userId),
        isNull(users.disabledAt),
      ),
    )
    .returning({ ...userColumns, tokenRole: apiTokens.role });
  if (!row) return null;
  const rank = { viewer: 0, operator: 1, admin: 2 } as const;
  const role = rank[row.tokenRole] < rank[row.role] ? row.tokenRole : row.role;
  return { id: row.id, email: row.email, displayName: row.displayName, role };
}

export interface AuditEntry {
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown> | null;
  ip?: string | null;
}

export async function insertAudit(db: Db, entry: AuditEntry) {
  await db.insert(auditLog).values(entry);
}

export async function listAudit(
  db: Db,
  params: {
    action?: string | undefined;
    actorId?: string | undefined;
    limit: number;
    beforeId?: number | undefined;
  },
) {
  const conditions: (SQL | undefined)[] = [
    params.action ? eq(auditLog.action, params.action) : undefined,
    params.actorId ? eq(auditLog.actorId, params.actorId) : undefined,
    params.beforeId ? sql`${auditLog.id} < ${params.beforeId}` : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(params.limit);
}
