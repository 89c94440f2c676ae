import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { EXPORT_FORMATS, JOB_STATES } from '../statuses.ts';
import { users } from './accounts.ts';
import { createdAtColumn, idColumn, sqlList, updatedAtColumn } from './columns.ts';
import { ruleSets } from './config.ts';

/** An export of a selection's completed conversations to one JSONL file, with its manifest. */
export const exports = pgTable(
  'exports',
  {
    id: idColumn(),
    format: text({ enum: EXPORT_FORMATS }).notNull(),
    /** `{ filter, all, include, exclude, ownerScope }`, as bulk operations store it. */
    selection: jsonb().$type<Record<string, unknown>>().notNull(),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    state: text({ enum: JOB_STATES }).notNull().default('running'),
    total: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    lines: integer().notNull().default(0),
    filePath: text(),
    fileSize: integer(),
    sha256: text(),
    manifest: jsonb().$type<Record<string, unknown>>(),
    error: text(),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('exports_format_check', sql`${t.format} in (${sqlList(EXPORT_FORMATS)})`),
    check('exports_state_check', sql`${t.state} in (${sqlList(JOB_STATES)})`),
    // The list of past exports, newest first.
    index('exports_created_idx').on(t.createdAt.desc()),
  ],
);

/** Re-validation of a sample (or all) under a draft rule set, against the active one. */
export const ruleSetPreviews = pgTable(
  'rule_set_previews',
  {
    id: idColumn(),
    ruleSetId: uuid()
      .notNull()
      .references(() => ruleSets.id, { onDelete: 'cascade' }),
    /** The rule set version compared against (the active one when the preview started). */
    baselineVersion: integer().notNull(),
    /** Null: every validated conversation. */
    sampleSize: integer(),
    requestedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    state: text({ enum: JOB_STATES }).notNull().default('running'),
    total: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    result: jsonb().$type<Record<string, unknown>>(),
    error: text(),
    createdAt: createdAtColumn(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('rule_set_previews_state_check', sql`${t.state} in (${sqlList(JOB_STATES)})`),
    // The latest previews of one draft.
    index('rule_set_previews_rule_set_idx').on(t.ruleSetId, t.createdAt.desc()),
  ],
);

export type ExportRow = typeof exports.$inferSelect;
export type RuleSetPreviewRow = typeof ruleSetPreviews.$inferSelect;
