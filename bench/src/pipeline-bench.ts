import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@refinery/db';
import { type ClaimedConversation, insertConversations } from '@refinery/db/queries';
import {
  decodeRaw,
  enrichConversation,
  normalizeEnriched,
  validateConversation,
} from '@refinery/pipeline';
import { loadDemoCatalog } from '@refinery/pipeline/demo';
import { loadBatchContext, runConversation } from '@refinery/pipeline/run';
import {
  createFsStorage,
  createMemoryStorage,
  enrichedKey,
  rawKey,
} from '@refinery/pipeline/storage';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { averageBytes, type CorpusItem, makeCorpus } from './corpus.ts';
import { freshDatabase } from './database.ts';
import { type Spread, spread } from './stats.ts';

const API_DIR = fileURLToPath(new URL('../../apps/api', import.meta.url));

export interface PipelineRow {
  size: string;
  count: number;
  avgBytes: number;
  floor: Spread;
  engine1: Spread;
  engine2: Spread;
  original: Spread;
}

interface Loaded {
  database: Database;
  url: string;
  storageRoot: string;
  ids: string[];
  corpus: CorpusItem[];
  ownerId: string;
}

async function loadCorpus(name: string, count: number, bytes: number): Promise<Loaded> {
  const { database, url, ownerId } = await freshDatabase(name);
  const storageRoot = mkdtempSync(join(tmpdir(), `refinery-bench-${name}-`));
  const storage = createFsStorage(storageRoot);
  const catalog = await loadDemoCatalog(database.db);
  const corpus = makeCorpus(catalog, count, bytes);
  const ids: string[] = [];
  const rows = [];
  for (const item of corpus) {
    const id = randomUUID();
    ids.push(id);
    await storage.put(rawKey(ownerId, id), item.raw, { durable: false });
    rows.push({
      id,
      ownerId,
      personaId: item.personaId,
      emotionalArcId: item.emotionalArcId,
      trainingTopicId: item.trainingTopicId,
      promptTemplateId: item.promptTemplateId,
      qualityScore: item.qualityScore,
      title: item.title,
      searchText: item.title.toLowerCase(),
      rawResponsePath: rawKey(ownerId, id),
      rawResponseSize: item.raw.length,
      rawSha256: randomUUID(),
      enrichmentStatus: 'not_started' as const,
    });
  }
  for (let i = 0; i < rows.length; i += 500)
    await insertConversations(database.db, rows.slice(i, i + 500));
  return { database, url, storageRoot, ids, corpus, ownerId };
}

/** (a) The floor: the pure stages in a loop, raws in memory, no database or disk. */
async function floorRate(loaded: Loaded): Promise<number> {
  const rows = await loaded.database.db.execute(
    sql`select id, owner_id, persona_id, emotional_arc_id, training_topic_id, prompt_template_id, quality_score, created_at from conversations`,
  );
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Record<
    string,
    unknown
  >[];
  const memory = createMemoryStorage();
  const claimed: ClaimedConversation[] = list.map((r, i) => {
    const key = `raw/${i}`;
    void memory.put(key, loaded.corpus[loaded.ids.indexOf(r.id as string)]!.raw);
    return {
      id: r.id as string,
      ownerId: r.owner_id as string,
      runId: randomUUID(),
      leaseToken: randomUUID(),
      reclaimed: false,
      attempts: 1,
      maxAttempts: 5,
      runMode: 'full',
      resumeStage: null,
      forceRun: false,
      personaId: r.persona_id as string | null,
      emotionalArcId: r.emotional_arc_id as string | null,
      trainingTopicId: r.training_topic_id as string | null,
      promptTemplateId: r.prompt_template_id as string | null,
      qualityScore: r.quality_score as number | null,
      createdAt: new Date(r.created_at as string),
      rawResponsePath: key,
      rawSha256: null,
      validatedRawSha256: null,
      validationReport: null,
    };
  });
  const ctx = await loadBatchContext(loaded.database.db, claimed, {
    storage: memory,
    workerId: 'floor',
    retry: { baseSeconds: 1, capSeconds: 1 },
  });
  const started = performance.now();
  for (const row of claimed) {
    const run = await runConversation(row, ctx);
    await run.staged?.commit();
  }
  return claimed.length / ((performance.now() - started) / 1000);
}

export function spawnWorker(
  url: string,
  storageRoot: string,
  extraEnv: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
    cwd: API_DIR,
    env: {
      ...process.env,
      DATABASE_URL: url,
      STORAGE_ROOT: storageRoot,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.includes('running on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${stderr}`)));
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** (b) The engine: queue everything at once and time until nothing is in flight. */
async function engineRate(loaded: Loaded, db: postgres.Sql): Promise<number> {
  await db`update conversations set enrichment_status = 'queued', queued_at = now(), attempts = 0, run_id = gen_random_uuid(), run_mode = 'full', resume_stage = null, validation_report = null`;
  const started = performance.now();
  await db`select pg_notify('refinery_queue', '')`;
  for (;;) {
    const [row] =
      await db`select count(*)::int as n from conversations where enrichment_status in ('queued', 'enrichment_in_progress')`;
    if (row!.n === 0) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return loaded.ids.length / ((performance.now() - started) / 1000);
}

/**
 * (c) The original design: one conversation at a time, the raw read from storage, a status
 * UPDATE before each stage, metadata read per conversation, the file written, a final UPDATE.
 */
async function originalRate(loaded: Loaded, db: postgres.Sql): Promise<number> {
  const storage = createFsStorage(loaded.storageRoot);
  const rows =
    await db`select id, owner_id, persona_id, emotional_arc_id, training_topic_id, prompt_template_id, quality_score, created_at, raw_response_path from conversations`;
  const { DEFAULT_RULE_SET, DEFAULT_PROFILE } = await import('@refinery/pipeline');
  const started = performance.now();
  for (const row of rows) {
    const stage = (name: string) =>
      db`update conversations set enrichment_status = 'enrichment_in_progress', current_stage = ${name}, updated_at = now() where id = ${row.id}`;
    await stage('fetch');
    const bytes = (await storage.get(row.raw_response_path))!;
    const fetched = decodeRaw(bytes, DEFAULT_RULE_SET.config);
    await stage('validate');
    if (!fetched.ok) {
      await db`update conversations set enrichment_status = 'validation_failed' where id = ${row.id}`;
      continue;
    }
    const { report, document } = validateConversation({
      conversationId: row.id,
      text: fetched.text,
      ruleSet: DEFAULT_RULE_SET,
      now: new Date(),
    });
    if (report.hasBlockers) {
      await db`update conversations set enrichment_status = 'validation_failed', validation_report = ${db.json(report as never)} where id = ${row.id}`;
      continue;
    }
    await stage('enrich');
    const [persona] = await db`select * from personas where id = ${row.persona_id}`;
    const [arc] = await db`select * from emotional_arcs where id = ${row.emotional_arc_id}`;
    const [topic] = await db`select * from training_topics where id = ${row.training_topic_id}`;
    const [template] =
      await db`select * from prompt_templates where id = ${row.prompt_template_id}`;
    const camel = (r: Record<string, unknown> | undefined) =>
      r
        ? Object.fromEntries(
            Object.entries(r).map(([k, v]) => [
              k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
              v,
            ]),
          )
        : null;
    const enriched = enrichConversation({
      conversationId: row.id,
      createdAt: new Date(row.created_at),
      qualityScore: row.quality_score,
      document: document as never,
      references: {
        persona: camel(persona) as never,
        arc: camel(arc) as never,
        topic: camel(topic) as never,
        template: camel(template) as never,
      },
      profile: DEFAULT_PROFILE,
    });
    await stage('normalize');
    const normalized = normalizeEnriched(enriched.document, DEFAULT_RULE_SET.config);
    await stage('store');
    if (normalized.ok) await storage.put(enrichedKey(row.owner_id, row.id), normalized.bytes);
    await db`update conversations set enrichment_status = ${normalized.ok ? 'completed' : 'normalization_failed'}, validation_report = ${db.json(report as never)}, updated_at = now() where id = ${row.id}`;
  }
  return rows.length / ((performance.now() - started) / 1000);
}

export async function benchPipeline(
  sizes: { label: string; bytes: number; count: number }[],
  runs: number,
  log: (m: string) => void,
): Promise<PipelineRow[]> {
  const results: PipelineRow[] = [];
  for (const size of sizes) {
    const name = `refinery_bench_${size.label.toLowerCase()}`;
    const loaded = await loadCorpus(name, size.count, size.bytes);
    const db = postgres(loaded.url, { max: 2, onnotice: () => {} });
    const floor: number[] = [];
    const engine1: number[] = [];
    const engine2: number[] = [];
    const original: number[] = [];
    for (let r = 0; r < runs; r++) floor.push(await floorRate(loaded));
    log(`  ${size.label}: floor ${spread(floor).median.toFixed(0)}/s`);
    for (const [workers, target] of [
      [1, engine1],
      [2, engine2],
    ] as const) {
      const children = await Promise.all(
        Array.from({ length: workers }, () => spawnWorker(loaded.url, loaded.storageRoot)),
      );
      for (let r = 0; r < runs; r++) target.push(await engineRate(loaded, db));
      await Promise.all(children.map(stopProcess));
      log(`  ${size.label}: engine×${workers} ${spread(target).median.toFixed(0)}/s`);
    }
    for (let r = 0; r < runs; r++) original.push(await originalRate(loaded, db));
    log(`  ${size.label}: original ${spread(original).median.toFixed(0)}/s`);
    results.push({
      size: size.label,
      count: size.count,
      avgBytes: averageBytes(loaded.corpus),
      floor: spread(floor),
      engine1: spread(engine1),
      engine2: spread(engine2),
      original: spread(original),
    });
    await db.end();
    await loaded.database.close();
  }
  return results;
}

/** Peak RSS (VmHWM) of one worker process enriching the 300 KB corpus. */
export async function benchWorkerMemory(
  count: number,
  bytes: number,
): Promise<{ peakRssMiB: number; count: number; avgBytes: number }> {
  const loaded = await loadCorpus('refinery_bench_memory', count, bytes);
  const db = postgres(loaded.url, { max: 2, onnotice: () => {} });
  const child = await spawnWorker(loaded.url, loaded.storageRoot);
  await engineRate(loaded, db);
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  await stopProcess(child);
  await db.end();
  await loaded.database.close();
  return { peakRssMiB: peakKiB / 1024, count, avgBytes: averageBytes(loaded.corpus) };
}
