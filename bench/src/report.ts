import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { QueryTiming } from './dashboard-bench.ts';
import type { ExportBench } from './export-bench.ts';
import type { PipelineRow } from './pipeline-bench.ts';
import { fmt, fmtSpread, type Spread } from './stats.ts';

const here = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));

export interface Results {
  machine: {
    cores: number;
    cpu: string;
    memoryGiB: number;
    node: string;
    date: string;
    quick: boolean;
    durationSeconds: number;
  };
  pipeline: PipelineRow[];
  latency: { samples: number; p50: number; p95: number };
  memory: { peakRssMiB: number; count: number; avgBytes: number };
  dashboard: QueryTiming[];
  rows: number;
  bulk: {
    rows: number;
    queued: number;
    seconds: number;
    claimP50: number;
    claimP95: number;
    claims: number;
  };
  exportRun: ExportBench;
  bundle: { files: number; rawKiB: number; gzipKiB: number };
  firstRow: Spread;
}

const mark = (ok: boolean) => (ok ? '✅' : '❌');

export function writeResults(results: Results) {
  writeFileSync(here('results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Measured by \`pnpm bench\` on ${m.date.slice(0, 10)}: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL on the same machine; the whole run took ${m.durationSeconds} s${m.quick ? ' (QUICK mode: small corpora)' : ''}. Figures are the median of several runs, with min–max in brackets.`,
    '',
    '## Pipeline: conversations per second',
    '',
    '(a) floor: the pure stages in a loop, in one process, no database or disk. (b) the engine end to end: queued → completed through the claim/lease/commit protocol, files on the `fs` driver, 1 and 2 `refinery worker` processes. (c) the original design: one conversation at a time, storage read, a status UPDATE per stage, metadata read per conversation, storage write.',
    '',
    '| size | avg bytes | conversations | (a) floor | (b) engine, 1 worker | (b) engine, 2 workers | (c) original | engine(1) / floor | best engine / original |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of results.pipeline) {
    const best = Math.max(row.engine1.median, row.engine2.median);
    lines.push(
      `| ${row.size} | ${fmt(row.avgBytes, 0)} | ${row.count} | ${fmtSpread(row.floor, 0)} | ${fmtSpread(row.engine1, 0)} | ${fmtSpread(row.engine2, 0)} | ${fmtSpread(row.original, 0)} | ${fmt(row.engine1.median / row.floor.median, 2)} | ${fmt(best / row.original.median, 1)} |`,
    );
  }
  const at50 = results.pipeline.find((r) => r.size === '50KB');
  if (at50) {
    const ratio = at50.engine1.median / at50.floor.median;
    const _vsOriginal = Math.max(at50.engine1.median, at50.engine2.median) / at50.original.median;
    lines.push(
      '',
      `Targets: engine/floor ≥ 0.5 at 50 KB: ${fmt(ratio, 2)} ${mark(ratio >= 0.5)}. Engine/original ≥ 20: ${results.pipeline.map((r) => `${r.size} ${fmt(Math.max(r.engine1.median, r.engine2.median) / r.original.median, 1)}`).join(', ')} ${mark(results.pipeline.every((r) => Math.max(r.engine1.median, r.engine2.median) / r.original.median >= 20))}.`,
    );
  }
  lines.push(
    '',
    '## Latency: ingest → completed (light load, one idle worker process)',
    '',
    '| samples | p50 | p95 | target p50 ≤ 100 ms |',
    '|---:|---:|---:|---|',
    `| ${results.latency.samples} | ${fmt(results.latency.p50)} ms | ${fmt(results.latency.p95)} ms | ${mark(results.latency.p50 <= 100)} (the original: 3–5 s) |`,
    '',
    `## Dashboard queries on ${results.rows.toLocaleString('en-US')} conversations`,
    '',
    '| query | database p50 | database p95 | API p50 | API p95 | target |',
    '|---|---:|---:|---:|---:|---|',
  );
  for (const t of results.dashboard) {
    const isCount = /counts|failures/.test(t.query);
    const ok = isCount ? t.dbP95 <= 20 : t.dbP95 <= 10 && t.apiP95 <= 50;
    lines.push(
      `| ${t.query} | ${fmt(t.dbP50, 2)} ms | ${fmt(t.dbP95, 2)} ms | ${fmt(t.apiP50, 2)} ms | ${fmt(t.apiP95, 2)} ms | ${isCount ? '≤ 20 ms' : '≤ 10 ms db, ≤ 50 ms API'} ${mark(ok)} |`,
    );
  }
  const b = results.bulk;
  lines.push(
    '',
    `## Bulk: retry ${b.rows.toLocaleString('en-US')} failed conversations`,
    '',
    '| conversations queued | time until all queued | target ≤ 60 s | worker claim latency meanwhile (p50 / p95, batch of 25) |',
    '|---:|---:|---|---:|',
    `| ${b.queued.toLocaleString('en-US')} | ${fmt(b.seconds)} s | ${mark(b.seconds <= 60)} | ${fmt(b.claimP50, 1)} ms / ${fmt(b.claimP95, 1)} ms (${b.claims} claims) |`,
    '',
    '## Memory',
    '',
    `Peak RSS (VmHWM) of one \`refinery worker\` process enriching ${results.memory.count} conversations of ${fmt(results.memory.avgBytes / 1024, 0)} KB at the default batch size (25) and concurrency (2): **${fmt(results.memory.peakRssMiB, 0)} MiB**.`,
    '',
    '## Export',
    '',
    `\`refinery export --format chat\` of every completed conversation of the ${results.rows.toLocaleString('en-US')}-row table (each pointing at one real enriched file), to /dev/null:`,
    '',
    '| conversations | lines | bytes | time | conversations/s | RSS at 10% | peak RSS | flat memory (peak ≤ 1.2 × RSS at 10%) |',
    '|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${results.exportRun.conversations.toLocaleString('en-US')} | ${results.exportRun.lines.toLocaleString('en-US')} | ${fmt(results.exportRun.bytes / 2 ** 20, 0)} MiB | ${fmt(results.exportRun.seconds)} s | ${fmt(results.exportRun.perSecond, 0)} | ${fmt(results.exportRun.rssAtTenthMiB, 0)} MiB | ${fmt(results.exportRun.peakRssMiB, 0)} MiB | ${mark(results.exportRun.peakRssMiB <= 1.2 * results.exportRun.rssAtTenthMiB)} |`,
    '',
    '## Web',
    '',
    `| dashboard JavaScript (gzip) | raw | navigation → first table row (signed in, ${results.rows.toLocaleString('en-US')} rows) |`,
    '|---:|---:|---:|',
    `| ${fmt(results.bundle.gzipKiB)} KiB | ${fmt(results.bundle.rawKiB)} KiB | ${fmtSpread(results.firstRow, 0)} ms |`,
    '',
  );
  const analysis = here('ANALYSIS.md');
  if (existsSync(analysis)) lines.push(readFileSync(analysis, 'utf8').trim(), '');
  writeFileSync(here('RESULTS.md'), lines.join('\n'));
}
