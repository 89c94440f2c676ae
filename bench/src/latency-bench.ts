import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoCatalog } from '@refinery/pipeline/demo';
import { ingestRaw } from '@refinery/pipeline/ingest';
import { createFsStorage } from '@refinery/pipeline/storage';
import postgres from 'postgres';
import { makeCorpus } from './corpus.ts';
import { freshDatabase } from './database.ts';
import { spawnWorker, stopProcess } from './pipeline-bench.ts';
import { percentile } from './stats.ts';

/** Ingest → completed, one conversation at a time, with one idle worker process waiting. */
export async function benchLatency(samples: number) {
  const { database, url, ownerId } = await freshDatabase('refinery_bench_latency');
  const storageRoot = mkdtempSync(join(tmpdir(), 'refinery-bench-latency-'));
  const storage = createFsStorage(storageRoot);
  const catalog = await loadDemoCatalog(database.db);
  const corpus = makeCorpus(catalog, samples * 3, 5_000, 'latency');
  const clean = corpus.filter((c) => c.raw.toString().includes('"turns"')).slice(0, samples);
  const worker = await spawnWorker(url, storageRoot);
  const db = postgres(url, { max: 1, onnotice: () => {} });
  const latencies: number[] = [];
  for (const item of clean) {
    const started = performance.now();
    const { conversationId } = await ingestRaw(database.db, storage, { ownerId, bytes: item.raw });
    for (;;) {
      const [row] =
        await db`select enrichment_status from conversations where id = ${conversationId}`;
      if (
        row!.enrichment_status !== 'queued' &&
        row!.enrichment_status !== 'enrichment_in_progress'
      )
        break;
      await new Promise((r) => setTimeout(r, 2));
    }
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopProcess(worker);
  await db.end();
  await database.close();
  return {
    samples: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}
