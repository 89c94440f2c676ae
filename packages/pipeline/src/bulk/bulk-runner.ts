import type { Database, Db } from '@refinery/db';
import {
  applyBulkChunk,
  BULK_CHANNEL,
  lockNextRunningBulkOperation,
  notifyQueue,
  recordBulkProgress,
  reviveSelection,
} from '@refinery/db/queries';
import { bulkPlan } from './bulk-actions.ts';

export interface BulkRunnerOptions {
  /** Conversations per chunk: one transaction each, so progress shows and cancel is quick. */
  chunkSize?: number;
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface BulkRunner {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Applies chunks until no running operation is left (tests, CLI). */
  drain(): Promise<void>;
}

/**
 * Applies bulk operations server-side, chunk by chunk, each chunk in one transaction that
 * also advances the stored cursor: a restart resumes where it stopped, and several runners
 * (one per process) share the work through SKIP LOCKED without applying a chunk twice.
 */
export function createBulkRunner(database: Database, options: BulkRunnerOptions = {}): BulkRunner {
  const chunkSize = options.chunkSize ?? 2_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  let stopping = false;
  let loop: Promise<void> | null = null;
  let unlisten: (() => Promise<void>) | undefined;
  let wake: (() => void) | null = null;

  /** Applies one chunk of one operation; false when nothing is running. */
  async function step(): Promise<boolean> {
    let progressed = false;
    await database.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      const operation = await lockNextRunningBulkOperation(db);
      if (!operation) return;
      const selection = reviveSelection(operation.selection);
      const ownerScope = (operation.selection as { ownerScope?: string | null }).ownerScope ?? null;
      const plan = bulkPlan(operation.action, operation.id);
      const chunk = await applyBulkChunk(db, {
        selection,
        ownerScope,
        afterId: (operation.cursor as string | null) ?? null,
        chunkSize,
        fromStatuses: plan.fromStatuses,
        values: plan.values,
      });
      await recordBulkProgress(db, operation.id, chunk, chunk.scanned < chunkSize);
      progressed = true;
    });
    if (progressed) await notifyQueue(database.db);
    return progressed;
  }

  async function run() {
    while (!stopping) {
      try {
        if (await step()) continue;
      } catch (error) {
        options.onError?.(error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  return {
    async start() {
      stopping = false;
      unlisten = await database.listen(BULK_CHANNEL, () => wake?.()).catch(() => undefined);
      loop = run();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await unlisten?.().catch(() => {});
    },
    async drain() {
      while (await step()) {
        // keep applying chunks
      }
    },
  };
}
