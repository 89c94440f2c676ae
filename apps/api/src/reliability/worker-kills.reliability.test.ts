import { describe, expect, it } from 'vitest';
import { exited, useWorkerFleet, waitFor } from '../testing/worker-fleet.ts';
import { checkNothingLost } from './nothing-lost.ts';
import { recordFigure, SHORT_RUN, scaled } from './scale.ts';

/**
 * Reliability scenarios on PostgreSQL with real worker processes (`pnpm test:reliability`).
 * Each ends with the "nothing lost" checker; the figures are printed for docs/RELIABILITY.md.
 */
const fleet = useWorkerFleet('reliability');
const startWorker = (env: Record<string, string> = {}) => fleet.startWorker(env);
const countIn = (ids: string[], statuses: string[]) => fleet.countIn(ids, statuses);

const seed = (count: number, runSeed: string) => fleet.seedRemembering(count, runSeed);

describe('SIGKILL at each point of a run', () => {
  // The short run kills at the two points that leave the most behind: a staged file, an
  // open transaction.
  const points = SHORT_RUN
    ? (['after-file-write', 'during-commit'] as const)
    : (['after-fetch', 'mid-enrich', 'after-file-write', 'during-commit'] as const);
  for (const point of points) {
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
      recordFigure(
        `recovery after SIGKILL ${point} (s, 3 s lease)`,
        (Date.now() - killedAt) / 1000,
      );
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
    const ingested = await seed(scaled(3000, 1000), 'drain');
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
    recordFigure('SIGTERM drain (s)', drainSeconds);
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

describe('SIGKILL of a random worker every few seconds', () => {
  it('finishes every conversation, none quarantined, nothing lost', async () => {
    const total = scaled(10_000, 1_500);
    const ingested = await seed(total, 'random-kills');
    const ids = [...ingested.keys()];
    const env = { LEASE_SECONDS: '5' };
    const workers = [startWorker(env), startWorker(env), startWorker(env)];
    const started = Date.now();
    let kills = 0;
    let finished = false;
    // A supervisor that kills one worker at random every 2–4 s and starts a replacement, as
    // a crash-looping host under systemd would.
    const killer = (async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, scaled(2_000, 1_000) * (1 + Math.random())));
        if (finished) break;
        const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0]!;
        victim.kill('SIGKILL');
        await exited(victim);
        kills++;
        workers.push(startWorker(env));
      }
    })();
    await waitFor(
      async () => (await countIn(ids, ['queued', 'enrichment_in_progress'])) === 0,
      scaled(300_000, 120_000),
    );
    finished = true;
    await killer;
    const seconds = (Date.now() - started) / 1000;
    recordFigure(`random SIGKILL run of ${total}: kills`, kills);
    recordFigure(`random SIGKILL run of ${total}: conversations/s`, Math.round(total / seconds));
    expect(kills).toBeGreaterThanOrEqual(2);
    const report = await checkNothingLost(fleet.database.db, {
      storageRoot: fleet.storageRoot,
      ingested,
    });
    expect(report.problems).toEqual([]);
    expect((report.byStatus.completed ?? 0) + (report.byStatus.validation_failed ?? 0)).toBe(total);
  }, 400_000);
});

// Half a minute of waiting by design, so only in the full run.
const defaultLeaseScenarios = SHORT_RUN ? [] : ['default lease'];
describe.each(defaultLeaseScenarios)('SIGKILL with the %s (30 s)', () => {
  it("the killed worker's conversations are claimable again within 90 s", async () => {
    const ingested = await seed(30, 'default-lease');
    const ids = [...ingested.keys()];
    const doomed = startWorker({ REFINERY_FAULT_PAUSE: 'mid-enrich:600000' });
    await waitFor(async () => (await countIn(ids, ['enrichment_in_progress'])) > 0, 60_000);
    doomed.kill('SIGKILL');
    await exited(doomed);
    const killedAt = Date.now();
    startWorker();
    await waitFor(
      async () => (await countIn(ids, ['queued', 'enrichment_in_progress'])) === 0,
      120_000,
    );
    const seconds = (Date.now() - killedAt) / 1000;
    recordFigure('recovery after SIGKILL mid-enrich (s, default 30 s lease)', seconds);
    expect(seconds).toBeLessThanOrEqual(90);
    const report = await checkNothingLost(fleet.database.db, {
      storageRoot: fleet.storageRoot,
      ingested,
    });
    expect(report.problems).toEqual([]);
  }, 180_000);
});
