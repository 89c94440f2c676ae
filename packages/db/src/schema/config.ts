import { sql } from 'drizzle-orm';
import {
  boolean,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAtColumn, idColumn } from './columns.ts';

/** Validation thresholds and severities; every report records the version it used. */
export const ruleSets = pgTable(
  'rule_sets',
  {
    id: idColumn(),
    version: integer().notNull().unique(),
    name: text().notNull(),
    config: jsonb().$type<Record<string, unknown>>().notNull(),
    isActive: boolean().notNull().default(false),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    activatedAt: timestamp({ withTimezone: true }),
  },
  // Exactly one active rule set: the partial unique index makes a second one impossible.
  (t) => [uniqueIndex('rule_sets_one_active_idx').on(t.isActive).where(sql`${t.isActive}`)],
);

/** Consultant profile, default system prompt and enrichment defaults, versioned. */
export const enrichmentProfiles = pgTable(
  'enrichment_profiles',
  {
    id: idColumn(),
    version: integer().notNull().unique(),
    name: text().notNull(),
    profile: jsonb().$type<Record<string, unknown>>().notNull(),
    isActive: boolean().notNull().default(false),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    activatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('enrichment_profiles_one_active_idx').on(t.isActive).where(sql`${t.isActive}`),
  ],
);

export type RuleSetRow = typeof ruleSets.$inferSelect;
export type EnrichmentProfileRow = typeof enrichmentProfiles.$inferSelect;
