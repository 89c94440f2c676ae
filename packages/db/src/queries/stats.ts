import { asc, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { emotionalArcs, personas, trainingTopics, users } from '../schema/index.ts';
import { ESTIMATE_COUNTS_ABOVE_ROWS } from './list-conversations.ts';
import { isLargeConversationTable, rowsOf } from './queue.ts';

/** Completed and failed runs per minute over the last `minutes`, zeros included. */
export async function throughputPerMinute(
  db: Db,
  params: { minutes: number; ownerId?: string | undefined },
) {
  const result = await db.execute(sql`
    with minutes as (
      select generate_series(date_trunc('minute', now()) - make_interval(mins => ${params.minutes - 1}),
        date_trunc('minute', now()), interval '1 minute') as minute
    ), runs as (
      select date_trunc('minute', e.started_at) as minute, e.outcome
      from stage_events e
      ${params.ownerId ? sql`join conversations c on c.id = e.conversation_id and c.owner_id = ${params.ownerId}` : sql``}
      where e.stage = 'run' and e.started_at >= now() - make_interval(mins => ${params.minutes})
    )
    select m.minute::text as minute,
      count(r.outcome) filter (where r.outcome = 'completed')::int as completed,
      count(r.outcome) filter (where r.outcome = 'failed')::int as failed
    from minutes m left join runs r on r.minute = m.minute
    group by m.minute order by m.minute`);
  return rowsOf<{ minute: string; completed: number; failed: number }>(result).map((r) => ({
    minute: new Date(r.minute.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString(),
    completed: Number(r.completed),
    failed: Number(r.failed),
  }));
}

/** p50 / p95 duration of each stage over the last `minutes` (successful stage runs). */
export async function stageDurationPercentiles(
  db: Db,
  params: { minutes: number; ownerId?: string | undefined },
) {
  const result = await db.execute(sql`
    select e.stage, count(*)::int as runs,
      percentile_cont(0.5) within group (order by e.duration_ms) as p50,
      percentile_cont(0.95) within group (order by e.duration_ms) as p95
    from stage_events e
    ${params.ownerId ? sql`join conversations c on c.id = e.conversation_id and c.owner_id = ${params.ownerId}` : sql``}
    where e.started_at >= now() - make_interval(mins => ${params.minutes})
      and e.stage in ('fetch', 'validate', 'enrich', 'normalize', 'store') and e.outcome = 'ok'
    group by e.stage`);
  const order = ['fetch', 'validate', 'enrich', 'normalize', 'store'];
  return rowsOf<{ stage: string; runs: number; p50: number; p95: number }>(result)
    .map((r) => ({
      stage: r.stage,
      runs: Number(r.runs),
      p50Ms: Number(r.p50),
      p95Ms: Number(r.p95),
    }))
    .sort((a, b) => order.indexOf(a.stage) - order.indexOf(b.stage));
}

/**
 * Validation failures grouped by blocker code, with one example message each. Reads the
 * failing_rule_codes array rather than parsing every report. On a very large table (and no
 * owner scope) it reads a 5% block sample and scales up, flagged `estimated`.
 */
export async function failuresByRule(
  db: Db,
  params: { ownerId?: string | undefined; estimateAboveRows?: number } = {},
) {
  const owner = params.ownerId ? sql`and c.owner_id = ${params.ownerId}` : sql``;
  const estimated =
    !params.ownerId &&
    (await isLargeConversationTable(db, params.estimateAboveRows ?? ESTIMATE_COUNTS_ABOVE_ROWS));
  const source = estimated
    ? sql`conversations c tablesample system (5) repeatable (1)`
    : sql`conversations c`;
  const scale = estimated ? 20 : 1;
  const result = await db.execute(sql`
    with failing as (
      select code, count(*)::int as count, min(c.id::text)::uuid as example_id
      from ${source}, unnest(c.failing_rule_codes) as code
      where c.enrichment_status = 'validation_failed' ${owner}
      group by code
    )
    select f.code, f.count, f.example_id::text as example_id,
      (select b->>'message' from conversations e, jsonb_array_elements(e.validation_report->'blockers') b
       where e.id = f.example_id and b->>'code' = f.code limit 1) as example_message
    from failing f order by f.count desc, f.code`);
  const rows = rowsOf<{
    code: string;
    count: number;
    example_id: string;
    example_message: string | null;
  }>(result).map((r) => ({
    code: r.code,
    count: Number(r.count) * scale,
    exampleId: r.example_id,
    exampleMessage: r.example_message,
    estimated,
  }));
  return rows;
}

/** Names for the filter menus. */
export async function listFilterOptions(db: Db) {
  const [p, a, t, u] = await Promise.all([
    db.select({ id: personas.id, name: personas.name }).from(personas).orderBy(asc(personas.name)),
    db
      .select({ id: emotionalArcs.id, name: emotionalArcs.name })
      .from(emotionalArcs)
      .orderBy(asc(emotionalArcs.name)),
    db
      .select({ id: trainingTopics.id, name: trainingTopics.name })
      .from(trainingTopics)
      .orderBy(asc(trainingTopics.name)),
    db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .orderBy(asc(users.displayName)),
  ]);
  return { personas: p, emotionalArcs: a, trainingTopics: t, owners: u };
}
