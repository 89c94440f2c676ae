import type { ChildProcess } from 'node:child_process';
import { rowsOf } from '@refinery/db/queries';
import { ingestRaw } from '@refinery/pipeline/ingest';
import { createFsStorage } from '@refinery/pipeline/storage';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exited, useWorkerFleet, waitFor } from '../testing/worker-fleet.ts';
import { checkNothingLost } from './nothing-lost.ts';
import { recordFigure, scaled } from './scale.ts';

/**
 * Inputs that kill their worker, and the same conversation delivered twice: a lease that
 * expires while its first worker is frozen, and workers racing for single rows.
 */
const fleet = useWorkerFleet('poison');
const terminal = async (ids: string[]) =>
  (await fleet.countIn(ids, ['queued', 'enrichment_in_progress'])) === 0;

async function rowsById(ids: string[]) {
  const result = await fleet.database.db.execute(sql`
    select id, enrichment_status, attempts, enrichment_error from conversations
    where id = any(${`{${ids.join(',')}}`}::uuid[])`);
  return new Map(
    rowsOf<{
      id: string;
      enrichment_status: string;
      attempts: number;
      enrichment_error: string | null;
    }>(result).map((r) => [r.id, r]),
  );
}

async function completedRunWorkers(ids: string[]) {
  const result = await fleet.database.db.execute(sql`
    select distinct worker_id from stage_events
    where stage = 'run' and conversation_id = any(${`{${ids.join(',')}}`}::uuid[])`);
  return rowsOf<{ worker_id: string }>(result).map((r) => r.worker_id);
}

describe('a poison conversation that kills its worker on every attempt', () => {
  it('is quarantined after max attempts while the rest flow, nothing lost', async () => {
    const marker = 'POISON-7f3a9c-crashes-the-worker';
    const ingested = await fleet.seedRemembering(scaled(500, 200), 'poison-neighbours');
    const poisonBytes = Buffer.from(JSON.stringify({ conversation_title: marker, turns: [] }));
    const { conversationId: poisonId } = await ingestRaw(
      fleet.database.db,
      createFsStorage(fleet.storageRoot),
      { ownerId: fleet.ownerId, bytes: poisonBytes },
    );
    ingested.set(poisonId, poisonBytes);
    const ids = [...ingested.keys()];

    // A supervisor keeps two workers alive, as systemd or Kubernetes would.
    const env = { LEASE_SECONDS: '3', REFINERY_FAULT_CRASH_ON: marker };
    let crashes = 0;
    let supervising = true;
    const supervise = (child: ChildProcess) => {
      child.once('exit', (_code, signal) => {
        if (signal === 'SIGKILL') crashes++;
        if (supervising) supervise(fleet.startWorker(env));
      });
    };
    supervise(fleet.startWorker(env));
    supervise(fleet.startWorker(env));
    const started = Date.now();
    await waitFor(() => terminal(ids), 180_000);
    supervising = false;
    recordFigure('poison quarantined after (s, 3 s lease)', (Date.now() - started) / 1000);

    const rows = await rowsById(ids);
    const poison = rows.get(poisonId)!;
    expect(poison.enrichment_status).toBe('enrichment_failed');
    expect(poison.attempts).toBe(5);
    expect(poison.enrichment_error).toMatch(/stopped before finishing, 5 times .*quarantined/);
    expect(crashes).toBe(5);
    // Rows that shared the poison's first batch were reclaimed one by one: one extra attempt
    // at most, and none of them quarantined.
    const others = [...rows.values()].filter((r) => r.id !== poisonId);
    expect(Math.max(...others.map((r) => r.attempts))).toBeLessThanOrEqual(2);
    expect(
      others.every((r) => ['completed', 'validation_failed'].includes(r.enrichment_status)),
    ).toBe(true);
    const report = await checkNothingLost(fleet.database.db, {
      storageRoot: fleet.storageRoot,
      ingested,
    });
    expect(report.problems).toEqual([]);
  }, 240_000);
});

describe('duplicate delivery', () => {
  it('a frozen worker whose lease expired commits nothing when it wakes', async () => {
    const ingested = await fleet.seedRemembering(40, 'frozen-worker');
    const ids = [...ingested.keys()];
    // Paused mid-enrich long enough to be frozen there with its leases held.
    const frozen = fleet.startWorker({
      LEASE_SECONDS: '3',
      REFINERY_FAULT_PAUSE: 'mid-enrich:4000',
    });
    await waitFor(async () => (await fleet.countIn(ids, ['enrichment_in_progress'])) > 0, 60_000);
    // SIGSTOP: a long GC pause or a stalled VM. No heartbeat, so the lease runs out.
    frozen.kill('SIGSTOP');
    const rescuer = fleet.startWorker({ LEASE_SECONDS: '3' });
    await waitFor(() => terminal(ids), 90_000);
    frozen.kill('SIGCONT');
    // Let the frozen worker finish its run and try to commit, then stop it cleanly.
    await new Promise((r) => setTimeout(r, 6_000));
    frozen.kill('SIGTERM');
    expect(await exited(frozen)).toBe(0);

    const runWorkers = await completedRunWorkers(ids);
    expect(runWorkers.some((id) => id.includes(`:${frozen.pid}:`))).toBe(false);
    expect(runWorkers.some((id) => id.includes(`:${rescuer.pid}:`))).toBe(true);
    const report = await checkNothingLost(fleet.database.db, {
      storageRoot: fleet.storageRoot,
      ingested,
    });
    expect(report.problems).toEqual([]);
  }, 180_000);

  it('workers racing for single rows never run one twice', async () => {
    const ingested = await fleet.seedRemembering(scaled(600, 200), 'racing');
    const ids = [...ingested.keys()];
    for (let i = 0; i < 4; i++) fleet.startWorker({}, ['--batch-size', '1', '--concurrency', '4']);
    await waitFor(() => terminal(ids), 120_000);
    const rows = await rowsById(ids);
    expect([...rows.values()].every((r) => r.attempts === 1)).toBe(true);
    expect((await completedRunWorkers(ids)).length).toBeGreaterThan(1);
    const report = await checkNothingLost(fleet.database.db, {
      storageRoot: fleet.storageRoot,
      ingested,
    });
    expect(report.problems).toEqual([]);
  }, 180_000);
});
