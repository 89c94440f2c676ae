import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Db } from '@refinery/db';
import {
  type BulkSelection,
  finishExportRow,
  reviveSelection,
  updateExportProgress,
} from '@refinery/db/queries';
import type { ExportRow } from '@refinery/db/schema';
import type { BlobStorage } from '../storage/types.ts';
import { everyMs } from '../util/throttle.ts';
import { type ExportManifest, writeExport } from './write-export.ts';

export const exportFileName = (id: string) => `${id}.jsonl`;
export const manifestFileName = (id: string) => `${id}.manifest.json`;

/** Progress is written at most this often: a million-row export is not a million UPDATEs. */
const PROGRESS_INTERVAL_MS = 500;

/**
 * Runs one export row to its end: the JSONL goes to `<exportsDir>/<id>.jsonl` (written under
 * a temporary name, renamed when complete), the manifest beside it and in the row. Never
 * throws: a failure is recorded on the row with its reason.
 */
export async function runExportJob(params: {
  db: Db;
  storage: BlobStorage;
  exportsDir: string;
  row: ExportRow;
}): Promise<ExportManifest | null> {
  const { db, row } = params;
  const stored = row.selection as unknown as BulkSelection & { ownerScope: string | null };
  const selection = reviveSelection(stored);
  const finalPath = join(params.exportsDir, exportFileName(row.id));
  const temporary = `${finalPath}.partial`;
  try {
    await mkdir(params.exportsDir, { recursive: true });
    const output = createWriteStream(temporary);
    const progressDue = everyMs(PROGRESS_INTERVAL_MS);
    const manifest = await writeExport({
      db,
      storage: params.storage,
      selection,
      ownerScope: stored.ownerScope ?? null,
      format: row.format,
      output,
      total: row.total,
      async onProgress(progress) {
        if (progressDue()) await updateExportProgress(db, row.id, progress);
      },
    });
    output.end();
    await finished(output);
    await rename(temporary, finalPath);
    const withId = { exportId: row.id, ...manifest };
    await writeFile(
      join(params.exportsDir, manifestFileName(row.id)),
      `${JSON.stringify(withId, null, 2)}\n`,
    );
    await finishExportRow(db, row.id, {
      state: 'done',
      processed: manifest.count + manifest.unreadable.length,
      lines: manifest.lines,
      filePath: finalPath,
      fileSize: manifest.bytes,
      sha256: manifest.sha256,
      manifest: withId as unknown as Record<string, unknown>,
    });
    return manifest;
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    await finishExportRow(db, row.id, {
      state: 'failed',
      error: `Export failed: ${(error as Error).message}`,
    }).catch(() => {});
    return null;
  }
}
