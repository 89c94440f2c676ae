import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  inet,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { USER_ROLES } from '../statuses.ts';
import { createdAtColumn, idColumn, sqlList, updatedAtColumn } from './columns.ts';

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    email: text().notNull().unique(),
    displayName: text().notNull(),
    role: text({ enum: USER_ROLES }).notNull(),
    /** scrypt hash with its parameters; null for accounts that cannot log in (system owners). */
    passwordHash: text(),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (t) => [check('users_role_check', sql`${t.role} in (${sqlList(USER_ROLES)})`)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie value: a leaked table cannot be replayed as cookies. */
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAtColumn(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    ip: inet(),
    userAgent: text(),
  },
  // Serves "revoke every session of a user" and the sessions list of the account page.
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: idColumn(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    role: text({ enum: USER_ROLES }).notNull(),
    createdAt: createdAtColumn(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('api_tokens_role_check', sql`${t.role} in (${sqlList(USER_ROLES)})`),
    // Serves the token list of one user.
    index('api_tokens_user_idx').on(t.userId),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorLabel: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    details: jsonb().$type<Record<string, unknown>>(),
    ip: inet(),
  },
  (t) => [
    // Serves the audit page: newest first, optionally one action.
    index('audit_log_at_idx').on(t.at.desc()),
    index('audit_log_action_at_idx').on(t.action, t.at.desc()),
  ],
);

export type UserRow = typeof users.$inferSelect;
