import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '@refinery/db';
import { rowsOf } from '@refinery/db/queries';
import { recomputeEnrichedBytes } from '@refinery/pipeline/recompute';
import { sql } from 'drizzle-orm';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface NothingLostReport {
  problems: string[];
  byStatus: Record<string, number>;
}

/**
 * The "nothing lost" checker, run after every scenario:
 * (a) every ingested conversation exists, in exactly one status;
 * (b) none is left queued or in progress;
 * (c) every completed one has its file, whose SHA-256 matches the row and whose bytes equal a
 *     fresh recomputation from the raw;
 * (d) exactly one completed run per conversation and output, and attempts ≤ max attempts;
 * (e) every raw is byte-identical to what was ingested.
 */
export async function checkNothingLost(
  db: Db,
  params: { storageRoot: string; ingested: Map<string, Buffer> },
): Promise<NothingLostReport> {
  const problems: string[] = [];
  const ids = [...params.ingested.keys()];
  const rows = rowsOf<{
    id: string;
    enrichment_status: string;
    attempts: number;
    max_attempts: number;
    raw_response_path: string;
    enriched_file_path: string | null;
    enriched_sha256: string | null;
  }>(
    await db.execute(sql`
    select id, enrichment_status, attempts, max_attempts, raw_response_path, enriched_file_path, enriched_sha256
    from conversations where id = any(${`{${ids.join(',')}}`}::uuid[])`),
  );
  const byStatus: Record<string, number> = {};
  for (const row of rows)
    byStatus[row.enrichment_status] = (byStatus[row.enrichment_status] ?? 0) + 1;

  if (rows.length !== ids.length)
    problems.push(`(a) ${ids.length - rows.length} ingested conversations are missing`);
  const runs = rowsOf<{ conversation_id: string; output_version: string; n: number }>(
    await db.execute(sql`
    select conversation_id, output_version, count(*)::int as n from stage_events
    where stage = 'run' and outcome = 'completed' and conversation_id = any(${`{${ids.join(',')}}`}::uuid[])
    group by 1, 2`),
  );
  const completedRuns = new Map<string, number>();
  for (const run of runs) {
    if (Number(run.n) !== 1)
      problems.push(
        `(d) ${run.conversation_id} has ${run.n} completed runs with output ${run.output_version.slice(0, 12)}`,
      );
    completedRuns.set(run.conversation_id, (completedRuns.get(run.conversation_id) ?? 0) + 1);
  }

  for (const row of rows) {
    if (row.enrichment_status === 'queued' || row.enrichment_status === 'enrichment_in_progress') {
      problems.push(`(b) ${row.id} is still ${row.enrichment_status}`);
    }
    if (row.attempts > row.max_attempts)
      problems.push(`(d) ${row.id} used ${row.attempts} of ${row.max_attempts} attempts`);
    const ingested = params.ingested.get(row.id)!;
    const raw = await readFile(join(params.storageRoot, row.raw_response_path)).catch(() => null);
    if (!raw?.equals(ingested)) problems.push(`(e) the raw of ${row.id} is not what was ingested`);
    if (row.enrichment_status !== 'completed') continue;
    if (!completedRuns.has(row.id))
      problems.push(`(d) completed ${row.id} has no completed run event`);
    const file = row.enriched_file_path
      ? await readFile(join(params.storageRoot, row.enriched_file_path)).catch(() => null)
      : null;
    if (!file) {
      problems.push(`(c) completed ${row.id} has no enriched file`);
      continue;
    }
    if (sha(file) !== row.enriched_sha256)
      problems.push(`(c) the file of ${row.id} does not match its SHA-256`);
    const recomputed = await recomputeEnrichedBytes(db, row.id, ingested);
    if (!recomputed?.equals(file))
      problems.push(`(c) the file of ${row.id} differs from a recomputation`);
  }
  return { problems, byStatus };
}
