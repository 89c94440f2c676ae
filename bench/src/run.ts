import { cpus, totalmem } from 'node:os';
import { benchBulk, benchDashboard, seedMillion, stopChild } from './dashboard-bench.ts';
import { dropDatabase } from './database.ts';
import { benchExport } from './export-bench.ts';
import { benchLatency } from './latency-bench.ts';
import { benchPipeline, benchWorkerMemory } from './pipeline-bench.ts';
import { writeResults } from './report.ts';
import { dashboardBundleSize, timeToFirstRow } from './web-bench.ts';

/**
 * `pnpm bench`: every benchmark against a PostgreSQL server (BENCH_DATABASE_URL, default the
 * local one), then bench/RESULTS.md and bench/results.json. QUICK=1 shrinks the corpora.
 */
async function main() {
  const quick = process.env.QUICK === '1';
  const started = Date.now();
  const log = (m: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${m}`);
  const runs = quick ? 2 : 3;
  const sizes = [
    { label: '5KB', bytes: 5_000, count: quick ? 200 : 1000 },
    { label: '50KB', bytes: 50_000, count: quick ? 60 : 300 },
    { label: '300KB', bytes: 300_000, count: quick ? 12 : 60 },
  ];
  log('pipeline: floor, engine with 1 and 2 worker processes, original design');
  const pipeline = await benchPipeline(sizes, runs, log);
  log('latency: ingest → completed');
  const latency = await benchLatency(quick ? 15 : 40);
  log('memory: one worker on 300 KB documents');
  const memory = await benchWorkerMemory(quick ? 20 : 100, 300_000);
  const rows = quick ? 100_000 : 1_000_000;
  log(`dashboard: seeding ${rows.toLocaleString('en-US')} conversations`);
  const million = await seedMillion(rows);
  log('dashboard queries at the database and through the API');
  const dashboard = await benchDashboard(million, quick ? 10 : 30, 3391, rows);
  log('web: bundle size and time to the first row');
  const bundle = dashboardBundleSize();
  const firstRow = await timeToFirstRow(dashboard.base, quick ? 3 : 5);
  await stopChild(dashboard.api);
  log(`export: chat format of every completed conversation (${rows.toLocaleString('en-US')} rows)`);
  const exportRun = await benchExport(million.url, million.sql);
  log(`bulk: retry ${rows.toLocaleString('en-US')} failed conversations`);
  const bulk = await benchBulk(million.database, million.sql);
  await million.sql.end();
  await million.database.close();
  for (const name of [
    'refinery_bench_5kb',
    'refinery_bench_50kb',
    'refinery_bench_300kb',
    'refinery_bench_latency',
    'refinery_bench_memory',
    'refinery_bench_million',
  ]) {
    await dropDatabase(name);
  }
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
    quick,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeResults({
    machine,
    pipeline,
    latency,
    memory,
    dashboard: dashboard.timings,
    rows,
    bulk,
    exportRun,
    bundle,
    firstRow,
  });
  log('wrote bench/RESULTS.md and bench/results.json');
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
