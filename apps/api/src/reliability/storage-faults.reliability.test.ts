import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowsOf } from '@refinery/db/queries';
import { requestRetry } from '@refinery/pipeline/control';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useWorkerFleet, waitFor } from '../testing/worker-fleet.ts';
import { checkNothingLost } from './nothing-lost.ts';
import { recordFigure, scaled } from './scale.ts';

/**
 * The storage directory turns read-only, or fills up, while workers run; then the fault is
 * removed. Nothing may be marked completed without its file; every conversation ends
 * completed after recovery or `storage_failed` (and an operator's retry then completes it).
 * The directory is a small tmpfs, so the test needs root (CI runs as root).
 */
let mountPoint: string;
const fleet = useWorkerFleet('storage-faults', {
  storageRoot() {
    if (process.getuid?.() !== 0) {
      throw new Error('the storage-fault scenarios mount a tmpfs: run them as root');
    }
    mountPoint = mkdtempSync(join(tmpdir(), 'refinery-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint]);
    return mountPoint;
  },
});

// A failed scenario must not leave its fault behind for the next one.
let removeActiveFault: (() => void) | null = null;
afterEach(() => {
  removeActiveFault?.();
  removeActiveFault = null;
});

afterAll(() => {
  if (!mountPoint) return;
  execFileSync('umount', ['-l', mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

const remount = (mode: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${mode}`, mountPoint]);

/** Fills the filesystem to the last byte; returns a function that frees the space again. */
function fillUp() {
  const filler = join(mountPoint, 'filler');
  const { bavail, bsize } = statfsSync(mountPoint);
  writeFileSync(filler, Buffer.alloc(Number(bavail) * Number(bsize)));
  return () => rmSync(filler);
}

function temporaryFilesLeft(dir = mountPoint): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? temporaryFilesLeft(join(dir, entry.name))
      : entry.name.includes('.tmp-')
        ? [entry.name]
        : [],
  );
}

async function statusOf(ids: string[]) {
  return fleet.statusCounts(ids);
}

const faults = {
  'read-only': () => {
    remount('ro');
    return () => remount('rw');
  },
  full: fillUp,
} as const;

describe('storage faults under load', () => {
  for (const [name, inject] of Object.entries(faults)) {
    it(`${name} storage: nothing completed without its file; storage_failed or completed after recovery`, async () => {
      const ingested = await fleet.seedRemembering(scaled(400, 150), `storage-${name}`);
      const ids = [...ingested.keys()];
      // Half the conversations get one attempt only: they end storage_failed during the
      // fault. The other half are still retrying with backoff when the fault is removed.
      const oneAttempt = ids.slice(0, ids.length / 2);
      await fleet.database.db.execute(sql`
        update conversations set max_attempts = 1
        where id = any(${`{${oneAttempt.join(',')}}`}::uuid[])`);

      removeActiveFault = inject();
      const worker = fleet.startWorker();
      const settledAmong = async (subset: string[]) => {
        const counts = await statusOf(subset);
        return (counts.queued ?? 0) + (counts.enrichment_in_progress ?? 0) === 0;
      };
      await waitFor(() => settledAmong(oneAttempt), 60_000);
      const duringFault = await statusOf(ids);
      expect(duringFault.completed ?? 0).toBe(0);
      expect(duringFault.storage_failed ?? 0).toBeGreaterThan(0);
      removeActiveFault();
      removeActiveFault = null;
      const recoveredAt = Date.now();

      await waitFor(() => settledAmong(ids), 120_000);
      recordFigure(
        `${name} storage: seconds from the fault's removal to all settled`,
        (Date.now() - recoveredAt) / 1000,
      );
      const settled = await statusOf(ids);
      expect(settled.completed ?? 0).toBeGreaterThan(0);
      for (const status of Object.keys(settled)) {
        expect(['completed', 'validation_failed', 'storage_failed']).toContain(status);
      }
      const failedRows = rowsOf<{ id: string; enrichment_error: string }>(
        await fleet.database.db.execute(sql`
          select id, enrichment_error from conversations
          where enrichment_status = 'storage_failed' and id = any(${`{${ids.join(',')}}`}::uuid[])`),
      );
      for (const row of failedRows)
        expect(row.enrichment_error).toMatch(/at store: Could not write/);

      // The operator retries what failed; the worker finishes it now that storage is back.
      for (const row of failedRows) await requestRetry(fleet.database.db, row.id, {});
      await waitFor(async () => ((await statusOf(ids)).storage_failed ?? 0) === 0, 60_000);
      await waitFor(() => settledAmong(ids), 60_000);
      worker.kill('SIGTERM');

      expect(temporaryFilesLeft()).toEqual([]);
      const report = await checkNothingLost(fleet.database.db, {
        storageRoot: fleet.storageRoot,
        ingested,
      });
      expect(report.problems).toEqual([]);
      expect((report.byStatus.completed ?? 0) + (report.byStatus.validation_failed ?? 0)).toBe(
        ids.length,
      );
    }, 300_000);
  }
});
