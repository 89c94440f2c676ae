import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Database } from '@refinery/db';
import {
  cancelBulkOperation,
  claimBatch,
  countConversationsForDashboard,
  encodeCursor,
  failuresByRule,
  getBulkOperation,
  listConversations,
  releaseLeases,
} from '@refinery/db/queries';
import { createBulkRunner, startBulkAction } from '@refinery/pipeline/bulk';
import postgres from 'postgres';
import { freshDatabase } from './database.ts';
import { percentile, timeIt } from './stats.ts';

const API_DIR = fileURLToPath(new URL('../../apps/api', import.meta.url));
export const ADMIN = { email: 'bench@refinery.local', password: 'bench-password-123' };

export interface QueryTiming {
  query: string;
  dbP50: number;
  dbP95: number;
  apiP50: number;
  apiP95: number;
}

export async function seedMillion(rows: number) {
  const { database, url, ownerId } = await freshDatabase('refinery_bench_million');
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const personas = await sql`select id from personas order by persona_key`;
  await sql`
    insert into conversations (owner_id, persona_id, title, search_text, enrichment_status, failing_rule_codes, validation_report, created_at, updated_at)
    select ${ownerId}::uuid, (${sql.array(personas.map((p) => p.id))}::uuid[])[1 + g % ${personas.length}],
      'Conversation ' || g, 'conversation ' || g,
      case when g % 10 = 0 then 'validation_failed' when g % 10 = 1 then 'queued' else 'completed' end,
      case when g % 10 = 0 then array[(array['MISSING_CONTENT','INVALID_ROLE','TRUNCATED_CONTENT'])[1 + g % 3]] else '{}'::text[] end,
      case when g % 10 = 0 then jsonb_build_object('blockers', jsonb_build_array(jsonb_build_object('code', (array['MISSING_CONTENT','INVALID_ROLE','TRUNCATED_CONTENT'])[1 + g % 3], 'message', 'Turn 2 failed a rule.'))) end,
      timestamptz '2025-01-01' + g * interval '1 second', timestamptz '2025-01-01' + g * interval '1 second'
    from generate_series(1, ${rows}) g`;
  await sql`vacuum analyze conversations`;
  return { database, url, ownerId, sql, personaId: personas[0]!.id as string };
}

function startApi(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_COUNT: '0',
      WORKER_CONCURRENCY: '0',
      LOG_LEVEL: 'warn',
      REFINERY_ADMIN_EMAIL: ADMIN.email,
      REFINERY_ADMIN_PASSWORD: ADMIN.password,
      MUTATION_RATE_LIMIT: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      if (out.includes('Refinery is running')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`API exited ${code}`)));
  });
}

export async function login(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

export async function benchDashboard(
  million: Awaited<ReturnType<typeof seedMillion>>,
  samples: number,
  port: number,
  rows: number,
) {
  const { database, sql, personaId } = million;
  const depth = Math.floor(rows * 0.9);
  const [deep] =
    await sql`select updated_at::text as u, id from conversations order by updated_at desc, id desc offset ${depth} limit 1`;
  const deepCursor = encodeCursor({ sortValue: deep!.u, id: deep!.id });
  const queries: { name: string; db: () => Promise<unknown>; api: string }[] = [
    {
      name: 'first page (50 rows)',
      db: () => listConversations(database.db, { limit: 50 }),
      api: `conversations.list?input=${encodeURIComponent(JSON.stringify({ limit: 50 }))}`,
    },
    {
      name: `page ${depth.toLocaleString('en-US')} rows deep`,
      db: () => listConversations(database.db, { limit: 50, cursor: deepCursor }),
      api:
        'conversations.list?input=' +
        encodeURIComponent(JSON.stringify({ limit: 50, cursor: deepCursor })),
    },
    {
      name: 'status + persona filter',
      db: () =>
        listConversations(database.db, { limit: 50, statuses: ['validation_failed'], personaId }),
      api:
        'conversations.list?input=' +
        encodeURIComponent(
          JSON.stringify({ limit: 50, statuses: ['validation_failed'], personaId }),
        ),
    },
    {
      name: 'text search ("conversation 77777")',
      db: () => listConversations(database.db, { limit: 50, search: 'conversation 77777' }),
      api:
        'conversations.list?input=' +
        encodeURIComponent(JSON.stringify({ limit: 50, search: 'conversation 77777' })),
    },
    {
      name: 'counts by status (estimated above 500,000 rows)',
      db: () => countConversationsForDashboard(database.db),
      api: 'conversations.counts',
    },
    {
      name: 'failures by rule (estimated above 500,000 rows)',
      db: () => failuresByRule(database.db),
      api: 'stats.failuresByRule',
    },
  ];
  const api = await startApi(million.url, port);
  const base = `http://127.0.0.1:${port}`;
  const cookie = await login(base);
  const timings: QueryTiming[] = [];
  try {
    for (const q of queries) {
      await q.db();
      const dbTimes: number[] = [];
      for (let i = 0; i < samples; i++) dbTimes.push(await timeIt(q.db));
      await fetch(`${base}/trpc/${q.api}`, { headers: { cookie } });
      const apiTimes: number[] = [];
      for (let i = 0; i < samples; i++) {
        apiTimes.push(
          await timeIt(async () => {
            const response = await fetch(`${base}/trpc/${q.api}`, { headers: { cookie } });
            if (!response.ok) throw new Error(`${q.api}: ${response.status}`);
            await response.arrayBuffer();
          }),
        );
      }
      timings.push({
        query: q.name,
        dbP50: percentile(dbTimes, 50),
        dbP95: percentile(dbTimes, 95),
        apiP50: percentile(apiTimes, 50),
        apiP95: percentile(apiTimes, 95),
      });
    }
  } catch (error) {
    await stopChild(api);
    throw error;
  }
  return { timings, api, base, cookie };
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Retry of every failed conversation: time until all are queued, and claim latency meanwhile. */
export async function benchBulk(database: Database, sql: postgres.Sql) {
  await sql`update conversations set enrichment_status = 'validation_failed', resume_stage = 'validate' where enrichment_status <> 'validation_failed'`;
  await sql`vacuum analyze conversations`;
  const [{ n }] = (await sql`select count(*)::int as n from conversations`) as unknown as [
    { n: number },
  ];
  const runner = createBulkRunner(database, { chunkSize: 5_000 });
  const started = performance.now();
  const { operation } = await startBulkAction(database.db, {
    action: 'retry',
    selection: { filter: { statuses: ['validation_failed'] }, all: true, include: [], exclude: [] },
    idempotencyKey: `bench-${Date.now()}`,
    requestedBy: null,
  });
  let finished = false;
  const claimLatencies: number[] = [];
  const claimer = (async () => {
    while (!finished) {
      let claimed: Awaited<ReturnType<typeof claimBatch>> = [];
      claimLatencies.push(
        await timeIt(async () => {
          claimed = await claimBatch(database.db, {
            limit: 25,
            leaseSeconds: 30,
            workerId: 'bench',
          });
        }),
      );
      await releaseLeases(
        database.db,
        claimed.map((c) => c.leaseToken),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await runner.drain();
  const seconds = (performance.now() - started) / 1000;
  finished = true;
  await claimer;
  const op = await getBulkOperation(database.db, operation.id);
  if (op?.state === 'running') await cancelBulkOperation(database.db, operation.id);
  return {
    rows: n,
    queued: op?.queued ?? 0,
    seconds,
    claimP50: percentile(claimLatencies, 50),
    claimP95: percentile(claimLatencies, 95),
    claims: claimLatencies.length,
  };
}
