import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ENRICHMENT_STATUSES, PIPELINE_STAGES } from '../statuses.ts';
import { users } from './accounts.ts';
import { createdAtColumn, sqlList, updatedAtColumn } from './columns.ts';
import { emotionalArcs, personas, promptTemplates, trainingTopics } from './metadata.ts';

/**
 * A conversation row is also its job (ARCHITECTURE.md, "The queue is the conversations
 * table"): the status the dashboard shows and the work the workers do live in one row.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    ownerId: uuid()
      .notNull()
      .references(() => users.id),

    // Scaffolding references set at ingest. A deleted metadata row leaves a null, and the
    // enrich stage falls back with a warning rather than failing.
    personaId: uuid().references(() => personas.id, { onDelete: 'set null' }),
    emotionalArcId: uuid().references(() => emotionalArcs.id, { onDelete: 'set null' }),
    trainingTopicId: uuid().references(() => trainingTopics.id, { onDelete: 'set null' }),
    promptTemplateId: uuid().references(() => promptTemplates.id, { onDelete: 'set null' }),
    qualityScore: doublePrecision(),
    tier: text(),

    /** Short human label (the session context or first user line), shown and searched. */
    title: text().notNull().default(''),
    /** Lower-cased id, title and persona names: what free-text search matches. */
    searchText: text().notNull().default(''),

    // Columns kept from the original design (DOMAIN.md §3).
    enrichmentStatus: text({ enum: ENRICHMENT_STATUSES }).notNull().default('not_started'),
    processingStatus: text().notNull().default('idle'),
    validationReport: jsonb().$type<Record<string, unknown>>(),
    enrichedFilePath: text(),
    enrichedFileSize: integer(),
    enrichedAt: timestamp({ withTimezone: true }),
    enrichmentError: text(),
    enrichmentVersion: text(),
    rawResponsePath: text(),
    rawResponseSize: integer(),
    rawStoredAt: timestamp({ withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),

    rawSha256: text(),
    enrichedSha256: text(),
    /** Raw hash the stored validation report was made from: a retry reuses it when equal. */
    validatedRawSha256: text(),
    ruleSetVersion: integer(),
    enrichmentProfileVersion: integer(),
    /** Blocker codes of the last report, for "failures by rule" without reading jsonb. */
    failingRuleCodes: text().array().notNull().default(sql`'{}'::text[]`),
    normalizationIssues: jsonb().$type<unknown[]>(),

    // Queue columns.
    currentStage: text({ enum: PIPELINE_STAGES }),
    /** The stage a retry resumes at; null means from the start. */
    resumeStage: text({ enum: PIPELINE_STAGES }),
    runId: uuid(),
    runMode: text({ enum: ['full', 'validate_only'] })
      .notNull()
      .default('full'),
    forceRun: smallint().notNull().default(0),
    leaseToken: uuid(),
    leaseExpiresAt: timestamp({ withTimezone: true }),
    leaseOwner: text(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    runAfter: timestamp({ withTimezone: true }),
    queuedAt: timestamp({ withTimezone: true }),
    priority: smallint().notNull().default(100),
    lastBulkOperationId: uuid(),
  },
  (t) => [
    check(
      'conversations_status_check',
      sql`${t.enrichmentStatus} in (${sqlList(ENRICHMENT_STATUSES)})`,
    ),
    check('conversations_quality_score_check', sql`${t.qualityScore} between 0 and 5`),
    // Dashboard default listing: newest activity first, keyset on (updated_at, id).
    index('conversations_updated_idx').on(
      t.updatedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Listing filtered by one status, same keyset order; also serves counts by status
    // as an index-only scan.
    index('conversations_status_updated_idx').on(
      t.enrichmentStatus,
      t.updatedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Listing sorted by creation time (either direction), keyset on (created_at, id).
    index('conversations_created_idx').on(
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Listing scoped to one owner (non-admin users), same keyset order.
    index('conversations_owner_updated_idx').on(
      t.ownerId,
      t.updatedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Counts by status scoped to one owner.
    index('conversations_owner_status_idx').on(t.ownerId, t.enrichmentStatus),
    // Claimable rows: queued and due, ordered as the claim reads them. Partial so the index
    // stays the size of the backlog, not of the table.
    index('conversations_claimable_idx')
      .on(t.priority, t.queuedAt)
      .where(sql`${t.enrichmentStatus} = 'queued'`),
    // Expired leases to reclaim: only rows in progress are in it.
    index('conversations_in_progress_lease_idx')
      .on(t.leaseExpiresAt)
      .where(sql`${t.enrichmentStatus} = 'enrichment_in_progress'`),
    // Failures by rule code (overview clusters, "failing rule" filter).
    index('conversations_failing_rules_idx').using('gin', t.failingRuleCodes),
    // Free-text search over id, title and persona: trigram index for ILIKE '%term%'.
    index('conversations_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    // Ingest idempotency: one conversation per raw hash and owner (unique, so two concurrent
    // ingests of the same file cannot both insert).
    uniqueIndex('conversations_owner_raw_sha_idx').on(t.ownerId, t.rawSha256),
    // Filter by bulk operation.
    index('conversations_bulk_operation_idx')
      .on(t.lastBulkOperationId)
      .where(sql`${t.lastBulkOperationId} is not null`),
  ],
);

/** One row per stage per run: the per-conversation timeline and the throughput charts. */
export const stageEvents = pgTable(
  'stage_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    runId: uuid().notNull(),
    attempt: integer().notNull(),
    stage: text().notNull(),
    outcome: text({ enum: ['ok', 'failed', 'retry', 'skipped', 'completed'] }).notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    durationMs: doublePrecision().notNull(),
    errorCode: text(),
    errorMessage: text(),
    workerId: text(),
    outputVersion: text(),
  },
  (t) => [
    // The timeline of one conversation, in order.
    index('stage_events_conversation_idx').on(t.conversationId, t.startedAt),
    // Throughput and duration charts over a time window.
    index('stage_events_started_idx').on(t.startedAt),
  ],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type NewConversationRow = typeof conversations.$inferInsert;
export type StageEventRow = typeof stageEvents.$inferSelect;
export type NewStageEventRow = typeof stageEvents.$inferInsert;
