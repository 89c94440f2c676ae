import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { type NewStageEventRow, stageEvents } from '../schema/index.ts';
import type { EnrichmentStatus, PipelineStage } from '../statuses.ts';
import { conversationEventsInsert } from './webhooks.ts';

/** What a worker needs of a claimed row; `leaseToken` fences every later write. */
export interface ClaimedConversation {
  id: string;
  ownerId: string;
  runId: string;
  leaseToken: string;
  /** Taken back from a worker whose lease expired: it may be what killed that worker. */
  reclaimed: boolean;
  attempts: number;
  maxAttempts: number;
  runMode: 'full' | 'validate_only';
  resumeStage: PipelineStage | null;
  forceRun: boolean;
  personaId: string | null;
  emotionalArcId: string | null;
  trainingTopicId: string | null;
  promptTemplateId: string | null;
  qualityScore: number | null;
  createdAt: Date;
  rawResponsePath: string | null;
  rawSha256: string | null;
  validatedRawSha256: string | null;
  validationReport: Record<string, unknown> | null;
}

interface ClaimRow {
  id: string;
  owner_id: string;
  run_id: string;
  lease_token: string;
  reclaimed: boolean;
  attempts: number;
  max_attempts: number;
  run_mode: 'full' | 'validate_only';
  resume_stage: PipelineStage | null;
  force_run: number;
  persona_id: string | null;
  emotional_arc_id: string | null;
  training_topic_id: string | null;
  prompt_template_id: string | null;
  quality_score: number | null;
  created_at: string | Date;
  raw_response_path: string | null;
  raw_sha256: string | null;
  validated_raw_sha256: string | null;
  validation_report: Record<string, unknown> | null;
}

function uuidList(ids: string[]) {
  return sql`(${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

export function rowsOf<T>(result: unknown): T[] {
  // postgres.js returns an array; PGlite returns { rows }.
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * One statement claims a batch: a row whose lease expired (its worker died) first, alone, or
 * else queued rows that are due, in priority order. An expired row comes alone because it
 * may be what killed its worker: in a batch of its own, a poison input crashes only itself
 * until it is quarantined, and never takes innocent rows' attempts with it. SKIP LOCKED lets
 * any number of workers claim at once; the lease uses the database clock, never a worker's.
 */
export async function claimBatch(
  db: Db,
  params: { limit: number; leaseSeconds: number; workerId: string },
): Promise<ClaimedConversation[]> {
  const result = await db.execute(sql`
    with expired as (
      select id from conversations
      where enrichment_status = 'enrichment_in_progress' and lease_expires_at < now()
        and attempts < max_attempts
      order by lease_expires_at
      limit 1
      for update skip locked
    ), due as (
      select id from conversations
      where enrichment_status = 'queued' and (run_after is null or run_after <= now())
        and not exists (select 1 from expired)
      order by priority, queued_at
      limit ${params.limit}
      for update skip locked
    ), chosen as (
      select id from expired
      union all
      select id from due
      limit ${params.limit}
    )
    update conversations c set
      enrichment_status = 'enrichment_in_progress',
      processing_status = 'processing',
      lease_token = gen_random_uuid(),
      lease_expires_at = now() + make_interval(secs => ${params.leaseSeconds}),
      lease_owner = ${params.workerId},
      attempts = c.attempts + 1,
      run_id = coalesce(c.run_id, gen_random_uuid()),
      current_stage = 'fetch',
      run_after = null,
      updated_at = now()
    from chosen
    where c.id = chosen.id
    returning c.id, c.owner_id, c.run_id, c.lease_token, c.attempts, c.max_attempts, c.run_mode,
      c.resume_stage, c.force_run, c.persona_id, c.emotional_arc_id, c.training_topic_id,
      c.prompt_template_id, c.quality_score, c.created_at, c.raw_response_path, c.raw_sha256,
      c.validated_raw_sha256, c.validation_report,
      exists (select 1 from expired e where e.id = c.id) as reclaimed`);
  return rowsOf<ClaimRow>(result).map((r) => ({
    id: r.id,
    ownerId: r.owner_id,
    runId: r.run_id,
    leaseToken: r.lease_token,
    reclaimed: r.reclaimed,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runMode: r.run_mode,
    resumeStage: r.resume_stage,
    forceRun: r.force_run === 1,
    personaId: r.persona_id,
    emotionalArcId: r.emotional_arc_id,
    trainingTopicId: r.training_topic_id,
    promptTemplateId: r.prompt_template_id,
    qualityScore: r.quality_score === null ? null : Number(r.quality_score),
    createdAt: new Date(r.created_at),
    rawResponsePath: r.raw_response_path,
    rawSha256: r.raw_sha256,
    validatedRawSha256: r.validated_raw_sha256,
    validationReport: r.validation_report,
  }));
}

/** Heartbeat: pushes out the leases a worker still holds. Returns how many it still holds. */
export async function extendLeases(
  db: Db,
  params: { leaseTokens: string[]; leaseSeconds: number },
): Promise<number> {
  if (params.leaseTokens.length === 0) return 0;
  const result = await db.execute(sql`
    update conversations
    set lease_expires_at = now() + make_interval(secs => ${params.leaseSeconds})
    where lease_token in ${uuidList(params.leaseTokens)}
    returning id`);
  return rowsOf(result).length;
}

/** The final state a run writes for one conversation, fenced by its lease token. */
export interface RunResult {
  id: string;
  leaseToken: string;
  status: EnrichmentStatus;
  currentStage: PipelineStage | null;
  resumeStage: PipelineStage | null;
  /** Null keeps the stored report (a resumed run that reused validation). */
  validationReport: Record<string, unknown> | null;
  keepValidationReport: boolean;
  failingRuleCodes: string[];
  validatedRawSha256: string | null;
  ruleSetVersion: number | null;
  enrichmentProfileVersion: number | null;
  normalizationIssues: unknown[] | null;
  enrichmentError: string | null;
  /** Set only when the run stored a new enriched file; otherwise the old output stays. */
  enriched: { path: string; size: number; sha256: string; version: string } | null;
  /** For a retry later: seconds until due. */
  retryAfterSeconds: number | null;
}

/**
 * Writes a batch of run results in one statement. A row whose lease token no longer matches
 * (its lease expired and another worker took it, or it was cancelled) is not touched: the
 * returned ids are the rows this worker still owned.
 */
export async function applyRunResults(db: Db, results: RunResult[]): Promise<Set<string>> {
  if (results.length === 0) return new Set();
  const payload = JSON.stringify(
    results.map((r) => ({
      id: r.id,
      lease_token: r.leaseToken,
      status: r.status,
      current_stage: r.currentStage,
      resume_stage: r.resumeStage,
      validation_report: r.validationReport,
      keep_report: r.keepValidationReport,
      failing_rule_codes: r.failingRuleCodes,
      validated_raw_sha256: r.validatedRawSha256,
      rule_set_version: r.ruleSetVersion,
      enrichment_profile_version: r.enrichmentProfileVersion,
      normalization_issues: r.normalizationIssues,
      enrichment_error: r.enrichmentError,
      enriched_path: r.enriched?.path ?? null,
      enriched_size: r.enriched?.size ?? null,
      enriched_sha256: r.enriched?.sha256 ?? null,
      enriched_version: r.enriched?.version ?? null,
      retry_after: r.retryAfterSeconds,
    })),
  );
  const result = await db.execute(sql`
    update conversations c set
      enrichment_status = v.status,
      processing_status = case when v.status = 'queued' then 'waiting' else 'idle' end,
      current_stage = v.current_stage,
      resume_stage = v.resume_stage,
      validation_report = case when v.keep_report then c.validation_report else v.validation_report end,
      failing_rule_codes = case when v.keep_report then c.failing_rule_codes
        else coalesce(array(select jsonb_array_elements_text(v.failing_rule_codes)), '{}') end,
      validated_raw_sha256 = case when v.keep_report then c.validated_raw_sha256 else v.validated_raw_sha256 end,
      rule_set_version = case when v.keep_report then c.rule_set_version else v.rule_set_version end,
      enrichment_profile_version = coalesce(v.enrichment_profile_version, c.enrichment_profile_version),
      normalization_issues = v.normalization_issues,
      enrichment_error = v.enrichment_error,
      enriched_file_path = coalesce(v.enriched_path, c.enriched_file_path),
      enriched_file_size = coalesce(v.enriched_size, c.enriched_file_size),
      enriched_sha256 = coalesce(v.enriched_sha256, c.enriched_sha256),
      enrichment_version = coalesce(v.enriched_version, c.enrichment_version),
      enriched_at = case when v.enriched_path is not null then now() else c.enriched_at end,
      run_after = case when v.retry_after is not null
        then now() + make_interval(secs => v.retry_after) else null end,
      force_run = 0,
      lease_token = null,
      lease_expires_at = null,
      lease_owner = null,
      updated_at = now()
    from jsonb_to_recordset(${payload}::jsonb) as v(
      id uuid, lease_token uuid, status text, current_stage text, resume_stage text,
      validation_report jsonb, keep_report boolean, failing_rule_codes jsonb,
      validated_raw_sha256 text, rule_set_version int, enrichment_profile_version int,
      normalization_issues jsonb, enrichment_error text, enriched_path text, enriched_size int,
      enriched_sha256 text, enriched_version text, retry_after double precision)
    where c.id = v.id and c.lease_token = v.lease_token
    returning c.id`);
  return new Set(rowsOf<{ id: string }>(result).map((r) => r.id));
}

/** One multi-row insert for a batch's stage events. */
export async function insertStageEvents(db: Db, events: NewStageEventRow[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(stageEvents).values(events);
}

/** Drain: hands rows back to the queue without counting the attempt against them. */
export async function releaseLeases(db: Db, leaseTokens: string[]): Promise<number> {
  if (leaseTokens.length === 0) return 0;
  const result = await db.execute(sql`
    update conversations set enrichment_status = 'queued', processing_status = 'waiting',
      lease_token = null, lease_expires_at = null, lease_owner = null,
      attempts = greatest(attempts - 1, 0), updated_at = now()
    where lease_token in ${uuidList(leaseTokens)}
      and enrichment_status = 'enrichment_in_progress'
    returning id`);
  return rowsOf(result).length;
}

/**
 * Inside the completion transaction: locks the rows whose lease this worker still holds and
 * returns their ids. Files are published only for these, before the results are written.
 */
export async function lockOwnedRows(db: Db, leaseTokens: string[]): Promise<Set<string>> {
  if (leaseTokens.length === 0) return new Set();
  const result = await db.execute(sql`
    select id from conversations
    where lease_token in ${uuidList(leaseTokens)} and enrichment_status = 'enrichment_in_progress'
    for update`);
  return new Set(rowsOf<{ id: string }>(result).map((r) => r.id));
}

/**
 * A conversation whose worker died on every attempt (a poison input) must not be claimed
 * forever: once its attempts are spent and its lease has expired, it fails at the stage it
 * was in, and the rest of the queue flows on.
 */
export async function quarantineExhaustedLeases(db: Db): Promise<number> {
  // The quarantine is a failure like any other: webhooks hear of it in the same statement.
  const result = await db.execute(sql`
    with quarantined as (
    update conversations set
      enrichment_status = case current_stage
        when 'store' then 'storage_failed'
        when 'normalize' then 'normalization_failed'
        when 'validate' then 'validation_failed'
        else 'enrichment_failed' end,
      resume_stage = current_stage,
      processing_status = 'idle',
      enrichment_error = 'The worker processing this conversation stopped before finishing, '
        || attempts || ' times (at ' || coalesce(current_stage, 'start')
        || '): quarantined. Retry it after checking the input.',
      lease_token = null, lease_expires_at = null, lease_owner = null, updated_at = now()
    where enrichment_status = 'enrichment_in_progress' and lease_expires_at < now()
      and attempts >= max_attempts
    returning id, owner_id, run_id, attempts, enrichment_status as status,
      enrichment_error as error, '[]'::jsonb as failing_rule_codes, null::text as enriched_sha256
    ), notified as (${conversationEventsInsert(sql`quarantined r`)})
    select id from quarantined`);
  return rowsOf(result).length;
}

/**
 * Whether whole-table aggregates should be sampled: the planner's row estimate (free to read)
 * against a threshold. Owner-scoped aggregates are always exact; callers only ask unscoped.
 */
export async function isLargeConversationTable(db: Db, thresholdRows: number): Promise<boolean> {
  const [size] = rowsOf<{ rows: number }>(
    await db.execute(
      sql`select greatest(reltuples, 0)::bigint as rows from pg_class where oid = 'conversations'::regclass`,
    ),
  );
  return Number(size?.rows ?? 0) >= thresholdRows;
}
