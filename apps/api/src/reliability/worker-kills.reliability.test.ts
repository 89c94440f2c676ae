import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawKey } from '@refinery/pipeline/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, useWorkerFleet, waitFor } from '../testing/worker-fleet.ts';
import { checkNothingLost } from './nothing-lost.ts';

/**
 * Reliability scenarios on PostgreSQL with real worker processes (`pnpm test:reliability`).
 * Each ends with the "nothing lost" checker; the figures are printed for docs/RELIABILITY.md.
 */
const fleet = useWorkerFleet('reliability');
const startWorker = (env: Record<string, string> = {}) => fleet.startWorker(env);
const countIn = (ids: string[], statuses: string[]) => fleet.countIn(ids, statuses);

/** Seeds demo conversations and keeps the bytes ingested, for check (e). */
async function seed(count: number, runSeed: string) {
  const ids = await fleet.seed(count, runSeed);
  const ingested = new Map<string, Buffer>();
  for (const id of ids)
    ingested.set(id, readFileSync(join(fleet.storageRoot, rawKey(fleet.ownerId, id))));
  return ingested;
}

const FIGURES: Record<string, unknown> = {};

afterAll(() => {
  console.log(`RELIABILITY FIGURES ${JSON.stringify(FIGURES)}`);
});

describe('SIGKILL at each point of a run', () => {
  for (const point of ['after-fetch', 'mid-enrich', 'after-file-write', 'during-commit'] as const) {
    it(`killed ${point}: reclaimed after the lease, completed, nothing lost`, async () => {
      const ingested = await seed(30, `kill-${point}`);
      const ids = [...ingested.keys()];
      const doomed = startWorker({ LEASE_SECONDS: '3', REFINERY_FAULT_PAUSE: `${point}:600000` });
      await waitFor(async () => (await countIn(ids, ['enrichment_in_progress'])) > 0, 60_000);
      await new Promise((r) => setTimeout(r, 500));
      doomed.kill('SIGKILL');
      await exited(doomed);
      const killedAt = Date.now();
      startWorker({ LEASE_SECONDS: '3' });
      await waitFor(
        async () => (await countIn(ids, ['queued', 'enrichment_in_progress'])) === 0,
        90_000,
      );
      FIGURES[`recovery after SIGKILL ${point} (s, 3 s lease)`] = (Date.now() - killedAt) / 1000;
      const report = await checkNothingLost(fleet.database.db, {
        storageRoot: fleet.storageRoot,
        ingested,
      });
      expect(report.problems).toEqual([]);
      expect((report.byStatus.completed ?? 0) + (report.byStatus.validation_failed ?? 0)).toBe(30);
    }, 180_000);
  }
});

describe('SIGTERM during load', () => {
  it('drains within 10 s, leaves nothing in progress, and another worker finishes the rest', async () => {
    const ingested = await seed(3000, 'drain');
    const ids = [...ingested.keys()];
    const workers = [startWorker(), startWorker()];
    await waitFor(
      async () => (await countIn(ids, ['completed', 'validation_failed'])) > 200,
      60_000,
    );
    const signalled = Date.now();
    for (const worker of workers) worker.kill('SIGTERM');
    const codes = await Promise.all(workers.map(exited));
    const drainSeconds = (Date.now() - signalled) / 1000;
    FIGURES['SIGTERM drain (s)'] = drainSeconds;
    expect(codes).toEqual([0, 0]);
    expect(drainSeconds).toBeLessThan(10);
    expect(await countIn(ids, ['enrichment_in_progress'])).toBe(0);
    startWorker();
    await waitFor(
      async () => (await countIn(ids, ['queued', 'enrichment_in_progress'])) === 0,
      120_000,
    );
    const report = await checkNothingLost(fleet.database.db, {
      storageRoot: fleet.storageRoot,
      ingested,
    });
    expect(report.problems).toEqual([]);
  }, 240_000);
});
