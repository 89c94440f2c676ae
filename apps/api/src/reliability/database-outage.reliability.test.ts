import { createDatabase, migrateDatabase } from '@refinery/db';
import { rowsOf } from '@refinery/db/queries';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  type PrivatePostgres,
  startPrivatePostgres,
} from '../testing/private-postgres.ts';
import { startServer } from '../testing/processes.ts';
import { useWorkerFleet, waitFor } from '../testing/worker-fleet.ts';
import { checkNothingLost } from './nothing-lost.ts';
import { recordFigure, SHORT_RUN, scaled } from './scale.ts';

/**
 * The database goes away under load: a fast and an immediate restart, and every connection
 * terminated. Workers (default 30 s lease) and the API must ride it out without exiting,
 * the API answering 503 while the database is down, and throughput must come back.
 */
let postgresServer: PrivatePostgres;
const fleet = useWorkerFleet('outage', {
  async openDatabase() {
    postgresServer = await startPrivatePostgres();
    const database = await createDatabase({ url: postgresServer.url, maxConnections: 4 });
    await migrateDatabase(database);
    return {
      ...database,
      url: postgresServer.url,
      async close() {
        await database.close();
        await postgresServer.destroy();
      },
    };
  },
});

const ADMIN = { email: 'outage-admin@example.test', password: 'outage admin password' };
let api: Awaited<ReturnType<typeof startServer>>;
let sessionCookie: string;

beforeAll(async () => {
  api = await startServer({
    PORT: String(await freePort()),
    DATABASE_URL: postgresServer.url,
    STORAGE_ROOT: fleet.storageRoot,
    WORKER_CONCURRENCY: '0',
    REFINERY_ADMIN_EMAIL: ADMIN.email,
    REFINERY_ADMIN_PASSWORD: ADMIN.password,
  });
  const login = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(login.status).toBe(200);
  sessionCookie = login.headers.get('set-cookie')!.split(';')[0]!;
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

/** Finished conversations in the whole (private) database. */
async function finishedCount(): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await fleet.database.db.execute(sql`
      select count(*)::int as n from conversations
      where enrichment_status in ('completed', 'validation_failed')`),
  );
  return Number(row!.n);
}

/** Samples throughput every 250 ms; a failed sample (database down) is skipped. */
function startSampler() {
  const samples: { at: number; finished: number }[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const finished = await finishedCount().catch(() => null);
      if (finished !== null) samples.push({ at: Date.now(), finished });
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const rateBetween = (from: number, to: number) => {
    const inWindow = samples.filter((s) => s.at >= from && s.at <= to);
    if (inWindow.length < 2) return 0;
    const first = inWindow[0]!;
    const last = inWindow.at(-1)!;
    return ((last.finished - first.finished) / (last.at - first.at)) * 1000;
  };
  return {
    rateBetween,
    /** The first moment after `since` from which 2 s of throughput reach `target`/s. */
    recoveredAt(since: number, target: number) {
      for (const sample of samples.filter((s) => s.at >= since)) {
        if (sample.at + 2_000 > Date.now()) return null;
        if (rateBetween(sample.at, sample.at + 2_000) >= target) return sample.at;
      }
      return null;
    },
    async stop() {
      running = false;
      await done;
    },
  };
}

async function probe(path: string) {
  const started = Date.now();
  const response = await fetch(`${api.url}${path}`, {
    headers: { cookie: sessionCookie },
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, seconds: (Date.now() - started) / 1000, response };
}

type Outage = 'fast restart' | 'immediate restart' | 'pg_terminate_backend';

describe('PostgreSQL goes away under load', () => {
  // The short run keeps the harshest restart and the terminated connections.
  const outages: Outage[] = SHORT_RUN
    ? ['immediate restart', 'pg_terminate_backend']
    : ['fast restart', 'immediate restart', 'pg_terminate_backend'];
  for (const outage of outages) {
    it(`${outage}: workers and API reconnect, API answers 503 meanwhile, throughput returns, nothing lost`, async () => {
      const total = scaled(12_000, 5_000);
      const ingested = await fleet.seedRemembering(total, `outage-${outage}`);
      const ids = [...ingested.keys()];
      const before = await finishedCount();
      const workers = [fleet.startWorker(), fleet.startWorker()];
      const sampler = startSampler();
      await waitFor(async () => (await finishedCount()) - before >= 300, 60_000);
      const baselineFrom = Date.now();
      await new Promise((r) => setTimeout(r, 2_000));
      const baseline = sampler.rateBetween(baselineFrom, Date.now());
      expect(baseline).toBeGreaterThan(0);

      let readyAt: number;
      if (outage === 'pg_terminate_backend') {
        const terminated = await postgresServer.terminateConnections();
        expect(terminated).toBeGreaterThan(0);
        readyAt = Date.now();
      } else {
        const mode = outage === 'fast restart' ? 'fast' : 'immediate';
        postgresServer.stop(mode);
        // While it is down the API answers at once, with 503 and a reason, on tRPC and REST.
        const health = await probe('/trpc/health');
        expect(health.status).toBe(503);
        expect(health.seconds).toBeLessThan(5);
        expect(JSON.stringify(await health.response.json())).toContain(
          'database cannot be reached',
        );
        const rest = await probe(`/api/conversations/${ids[0]}/enrich`);
        expect(rest.status).toBe(503);
        expect(rest.response.headers.get('retry-after')).toBe('5');
        await new Promise((r) => setTimeout(r, 2_000));
        postgresServer.start();
        readyAt = Date.now();
      }

      // Throughput back to 90% of what it was, measured from the database accepting again.
      let recoveredAt: number | null = null;
      await waitFor(async () => {
        recoveredAt = sampler.recoveredAt(readyAt, baseline * 0.9);
        return recoveredAt !== null;
      }, 45_000);
      const recoverySeconds = (recoveredAt! - readyAt) / 1000;
      recordFigure(`${outage}: baseline conversations/s`, Math.round(baseline));
      recordFigure(`${outage}: seconds to 90% throughput`, recoverySeconds);
      recordFigure(
        `${outage}: conversations/s in each second after the database was back`,
        Array.from({ length: Math.ceil(recoverySeconds) + 1 }, (_, s) =>
          Math.round(sampler.rateBetween(readyAt + s * 1000, readyAt + (s + 1) * 1000)),
        ).join(' '),
      );
      expect(recoverySeconds).toBeLessThanOrEqual(30);

      expect((await probe('/trpc/health')).status).toBe(200);
      await waitFor(
        async () => (await fleet.countIn(ids, ['queued', 'enrichment_in_progress'])) === 0,
        180_000,
      );
      await sampler.stop();
      // Nobody exited: the workers and the API reconnected on their own.
      expect(workers.map((w) => w.exitCode)).toEqual([null, null]);
      expect(api.child.exitCode).toBeNull();
      for (const worker of workers) worker.kill('SIGTERM');
      const report = await checkNothingLost(fleet.database.db, {
        storageRoot: fleet.storageRoot,
        ingested,
      });
      expect(report.problems).toEqual([]);
    }, 400_000);
  }
});
