import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { BULK_ACTIONS, BULK_STATES } from '../statuses.ts';
import { users } from './accounts.ts';
import { createdAtColumn, idColumn, sqlList, updatedAtColumn } from './columns.ts';

/** A stored selection `{ filter, all, include[], exclude[] }` and the action applied to it. */
export const bulkOperations = pgTable(
  'bulk_operations',
  {
    id: idColumn(),
    action: text({ enum: BULK_ACTIONS }).notNull(),
    selection: jsonb().$type<Record<string, unknown>>().notNull(),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Client-supplied key: the same click delivered twice creates one operation. */
    idempotencyKey: text().unique(),
    state: text({ enum: BULK_STATES }).notNull().default('running'),
    total: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    queued: integer().notNull().default(0),
    skipped: integer().notNull().default(0),
    skippedReasons: jsonb().$type<Record<string, number>>().notNull().default({}),
    /** Keyset position of the chunked apply, so a restart resumes instead of starting over. */
    cursor: jsonb().$type<unknown>(),
    error: text(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('bulk_operations_action_check', sql`${t.action} in (${sqlList(BULK_ACTIONS)})`),
    check('bulk_operations_state_check', sql`${t.state} in (${sqlList(BULK_STATES)})`),
    // The list of past operations, newest first.
    index('bulk_operations_created_idx').on(t.createdAt.desc()),
  ],
);

export type BulkOperationRow = typeof bulkOperations.$inferSelect;
