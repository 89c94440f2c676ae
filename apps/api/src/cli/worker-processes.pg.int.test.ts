import { rowsOf } from '@refinery/db/queries';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exited, useWorkerFleet, waitFor } from '../testing/worker-fleet.ts';

const fleet = useWorkerFleet('workers');
const startWorker = (env: Record<string, string> = {}) =>
  fleet.startWorker(env, ['--batch-size', '25']);
const seed = (count: number, runSeed: string) => fleet.seed(count, runSeed);
const statusCounts = (ids: string[]) => fleet.statusCounts(ids);

describe('worker processes sharing one PostgreSQL', () => {
  it('4 processes finish 5,000 conversations: none left in flight, one final run each', async () => {
    const ids = await seed(5000, 'four-workers');
    const workers = Array.from({ length: 4 }, () => startWorker());
    await waitFor(async () => {
      const counts = await statusCounts(ids);
      return (counts.queued ?? 0) + (counts.enrichment_in_progress ?? 0) === 0;
    }, 240_000);
    const counts = await statusCounts(ids);
    expect((counts.completed ?? 0) + (counts.validation_failed ?? 0)).toBe(5000);
    expect(counts.completed).toBeGreaterThan(4000);

    const runs = rowsOf<{ id: string; finals: number; completed: number; workers: number }>(
      await fleet.database.db.execute(sql`
        select c.id, count(e.id) filter (where e.stage = 'run')::int as finals,
          count(e.id) filter (where e.stage = 'run' and e.outcome = 'completed')::int as completed,
          count(distinct e.worker_id)::int as workers
        from conversations c left join stage_events e on e.conversation_id = c.id
        where c.id = any(${`{${ids.join(',')}}`}::uuid[]) group by c.id`),
    );
    expect(runs).toHaveLength(5000);
    expect(runs.filter((r) => r.finals !== 1)).toEqual([]);
    expect(runs.reduce((n, r) => n + r.completed, 0)).toBe(counts.completed);
    // The work really was shared.
    const workerIds = rowsOf<{ n: number }>(
      await fleet.database.db.execute(sql`
      select count(distinct worker_id)::int as n from stage_events
      where conversation_id = any(${`{${ids.join(',')}}`}::uuid[])`),
    );
    expect(Number(workerIds[0]!.n)).toBe(4);

    for (const child of workers) child.kill('SIGTERM');
    const codes = await Promise.all(workers.map((child) => exited(child)));
    expect(codes).toEqual([0, 0, 0, 0]);
  }, 300_000);

  it('a worker SIGKILLed mid-batch: its rows are reclaimed after the lease and complete', async () => {
    const ids = await seed(40, 'killed-worker');
    const doomed = startWorker({ LEASE_SECONDS: '3', REFINERY_FAULT_PAUSE: 'mid-enrich:600000' });
    // Wait until it holds leases, stuck mid-batch.
    await waitFor(async () => ((await statusCounts(ids)).enrichment_in_progress ?? 0) > 0, 60_000);
    doomed.kill('SIGKILL');
    await exited(doomed);
    // Counted after the kill: its second batch loop may have claimed more in the meantime.
    const held = (await statusCounts(ids)).enrichment_in_progress!;
    const killedAt = Date.now();

    startWorker({ LEASE_SECONDS: '3' });
    await waitFor(async () => {
      const counts = await statusCounts(ids);
      return (counts.queued ?? 0) + (counts.enrichment_in_progress ?? 0) === 0;
    }, 90_000);
    const recoveredMs = Date.now() - killedAt;
    expect(recoveredMs).toBeLessThan(60_000);

    const retried = rowsOf<{ n: number }>(
      await fleet.database.db.execute(sql`
      select count(*)::int as n from conversations
      where id = any(${`{${ids.join(',')}}`}::uuid[]) and attempts = 2`),
    );
    expect(Number(retried[0]!.n)).toBe(held);
    const counts = await statusCounts(ids);
    expect((counts.completed ?? 0) + (counts.validation_failed ?? 0)).toBe(40);
  }, 180_000);
});
