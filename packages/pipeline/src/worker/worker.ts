import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '@refinery/db';
import {
  type ClaimedConversation,
  claimBatch,
  extendLeases,
  QUEUE_CHANNEL,
  quarantineExhaustedLeases,
  releaseLeases,
} from '@refinery/db/queries';
import type { BlobStorage } from '../storage/types.ts';
import { forEachConcurrently } from '../util/concurrency.ts';
import { everyMs } from '../util/throttle.ts';
import { loadBatchContext } from './batch-context.ts';
import { commitBatch } from './commit-batch.ts';
import { type FaultPause, maybePause } from './fault-points.ts';
import { runConversation } from './run-conversation.ts';
import { createSoloGate } from './solo-gate.ts';

/** Conversations of one batch in flight at once inside a worker loop. */
const RUN_CONCURRENCY = 8;

export interface WorkerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface WorkerOptions {
  /** Conversations claimed per batch. */
  batchSize?: number;
  /** Batches in flight at once in this process. */
  concurrency?: number;
  /** Lease length; a crashed worker's rows are claimable again after this. */
  leaseSeconds?: number;
  /** Fallback when a NOTIFY is missed (or LISTEN is down). */
  pollIntervalMs?: number;
  retry?: { baseSeconds: number; capSeconds: number };
  /** How long stop() waits for batches in flight before handing them back to the queue. */
  drainTimeoutMs?: number;
  workerId?: string;
  logger?: WorkerLogger;
  /** Reliability tests only: pause at a named point so the process can be killed there. */
  faultPause?: FaultPause;
  /** Reliability tests only: die on any raw containing this text (a poison input). */
  faultCrashOn?: string;
}

export interface WorkerStats {
  batches: number;
  processed: number;
  completed: number;
  lostLeases: number;
}

export interface Worker {
  readonly id: string;
  readonly stats: WorkerStats;
  start(): Promise<void>;
  /** Stops claiming, finishes (or releases) what is in flight, and resolves when done. */
  stop(): Promise<void>;
  /** Wakes idle loops now, as a NOTIFY would. */
  wake(): void;
}

const silentLogger: WorkerLogger = { info() {}, warn() {}, error() {} };

export const WORKER_DEFAULTS = {
  batchSize: 25,
  concurrency: 2,
  leaseSeconds: 30,
  pollIntervalMs: 1_000,
  drainTimeoutMs: 8_000,
  retry: { baseSeconds: 1, capSeconds: 60 },
} as const;

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The durable worker: claims batches with SKIP LOCKED, keeps their leases alive, runs them
 * and commits each batch in one transaction. Any number of these, in any number of
 * processes, share one PostgreSQL database.
 */
export function createWorker(
  database: Database,
  storage: BlobStorage,
  options: WorkerOptions = {},
): Worker {
  const settings = { ...WORKER_DEFAULTS, ...options };
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = options.logger ?? silentLogger;
  const stats: WorkerStats = { batches: 0, processed: 0, completed: 0, lostLeases: 0 };
  const inFlight = new Map<string, ClaimedConversation[]>();
  let stopping = false;
  let loops: Promise<void>[] = [];
  let heartbeat: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;

  // Every idle loop waits here; a NOTIFY (or stop) wakes them all.
  const sleepers = new Set<() => void>();
  const wake = () => {
    for (const resolve of [...sleepers]) resolve();
  };

  const waitForWork = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, settings.pollIntervalMs);
      sleepers.add(done);
    });

  const gate = createSoloGate();
  // Leases expire on a scale of seconds: sweeping for exhausted ones once per polling
  // interval is enough, instead of one more statement before every claim.
  const quarantineDue = everyMs(settings.pollIntervalMs);
  // Claimed rows waiting for their solo turn: the heartbeat keeps their leases too.
  const waiting = new Map<string, ClaimedConversation[]>();

  async function runAlone(rows: ClaimedConversation[]) {
    const key = rows[0]!.leaseToken;
    waiting.set(key, rows);
    try {
      await gate.runAlone(async () => {
        waiting.delete(key);
        await runBatch(rows);
      });
    } finally {
      waiting.delete(key);
    }
  }

  async function runBatch(rows: ClaimedConversation[]) {
    const batchKey = rows[0]!.leaseToken;
    inFlight.set(batchKey, rows);
    try {
      await maybePause(options.faultPause, 'after-claim');
      const ctx = await loadBatchContext(database.db, rows, {
        storage,
        workerId: id,
        retry: settings.retry,
        faultPause: options.faultPause,
        faultCrashOn: options.faultCrashOn,
      });
      // Stages are CPU-bound, but fetch and the file write (with its fsync) wait on the disk:
      // running a few conversations at once lets those waits overlap.
      const runs: Awaited<ReturnType<typeof runConversation>>[] = [];
      await forEachConcurrently(rows, RUN_CONCURRENCY, async (row) => {
        runs.push(await runConversation(row, ctx));
      });
      const summary = await commitWithRetry(rows, runs);
      stats.batches++;
      stats.processed += rows.length;
      stats.completed += runs.filter((r) => r.result.status === 'completed').length;
      stats.lostLeases += summary.lostLease;
      if (summary.lostLease > 0) {
        log.warn(
          { workerId: id, lost: summary.lostLease },
          'lease lost: results discarded for rows another worker now holds',
        );
      }
    } finally {
      inFlight.delete(batchKey);
    }
  }

  async function commitWithRetry(
    rows: ClaimedConversation[],
    runs: Awaited<ReturnType<typeof runConversation>>[],
  ) {
    // A lost connection or a database restart mid-commit: the transaction rolled back, so
    // trying again is safe, and keeps the batch's work. The lease token fences every try, so
    // retrying past the lease is harmless too: if another worker took a row, it is skipped.
    // Retrying for about one lease rides out a restart without redoing the work.
    const giveUpAt = Date.now() + settings.leaseSeconds * 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await commitBatch(database.db, rows, runs, id, options.faultPause);
      } catch (error) {
        if (Date.now() >= giveUpAt || (stopping && attempt >= 3)) throw error;
        log.warn({ err: error, attempt }, 'batch commit failed; retrying');
        await sleep(Math.min(2_000, 100 * 2 ** attempt));
      }
    }
  }

  async function loop(slot: number) {
    let failures = 0;
    while (!stopping) {
      try {
        if (gate.pending) {
          await gate.pending;
          continue;
        }
        if (slot === 0 && quarantineDue()) await quarantineExhaustedLeases(database.db);
        // The claim counts as busy until its batch ends, so a solo run never starts between
        // this claim returning and its batch starting.
        gate.enter();
        let rows: ClaimedConversation[];
        try {
          rows = await claimBatch(database.db, {
            limit: settings.batchSize,
            leaseSeconds: settings.leaseSeconds,
            workerId: id,
          });
        } catch (error) {
          gate.leave();
          throw error;
        }
        failures = 0;
        if (rows.length === 0) {
          gate.leave();
          await waitForWork();
          continue;
        }
        if (rows.some((row) => row.reclaimed)) {
          gate.leave();
          await runAlone(rows);
        } else {
          try {
            await runBatch(rows);
          } finally {
            gate.leave();
          }
        }
      } catch (error) {
        // The database is unreachable or a batch failed unexpectedly: back off and keep
        // going; the leases of anything unfinished expire and the rows are reclaimed.
        failures++;
        log.error({ err: error, workerId: id }, 'worker loop error');
        // Capped at 2 s so a restarted database gets its throughput back within seconds.
        await sleep(Math.min(2_000, 100 * 2 ** Math.min(failures, 5)));
      }
    }
  }

  async function beat() {
    const tokens = [...inFlight.values(), ...waiting.values()].flat().map((r) => r.leaseToken);
    if (tokens.length === 0) return;
    try {
      await extendLeases(database.db, { leaseTokens: tokens, leaseSeconds: settings.leaseSeconds });
    } catch (error) {
      log.warn({ err: error }, 'heartbeat failed');
    }
  }

  return {
    id,
    stats,
    wake,
    async start() {
      stopping = false;
      try {
        unlisten = await database.listen(QUEUE_CHANNEL, wake);
      } catch (error) {
        log.warn({ err: error }, 'LISTEN unavailable: polling only');
      }
      heartbeat = setInterval(() => void beat(), (settings.leaseSeconds * 1000) / 3);
      heartbeat.unref();
      loops = Array.from({ length: settings.concurrency }, (_, slot) => loop(slot));
      log.info(
        { workerId: id, batchSize: settings.batchSize, concurrency: settings.concurrency },
        'worker started',
      );
    },
    async stop() {
      stopping = true;
      wake();
      let deadline: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        Promise.all(loops).then(() => true),
        new Promise<boolean>((resolve) => {
          deadline = setTimeout(() => resolve(false), settings.drainTimeoutMs);
        }),
      ]);
      clearTimeout(deadline);
      if (!drained) {
        const tokens = [...inFlight.values(), ...waiting.values()].flat().map((r) => r.leaseToken);
        const released = await releaseLeases(database.db, tokens).catch(() => 0);
        log.warn({ released }, 'drain timed out: unfinished rows handed back to the queue');
      }
      clearInterval(heartbeat);
      await unlisten?.().catch(() => {});
      log.info({ workerId: id, ...stats }, 'worker stopped');
    },
  };
}
