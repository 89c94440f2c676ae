import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';

const API_DIR = fileURLToPath(new URL('../../apps/api', import.meta.url));
const GOLDEN = fileURLToPath(
  new URL('../../packages/pipeline/src/enrich/golden/enriched.json', import.meta.url),
);
const GOLDEN_KEY = 'enriched/bench/golden.json';

export interface ExportBench {
  conversations: number;
  lines: number;
  bytes: number;
  seconds: number;
  perSecond: number;
  /** RSS once a tenth was written, and the peak: equal when memory stays flat. */
  rssAtTenthMiB: number;
  peakRssMiB: number;
}

function rssKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * `refinery export --format chat` over every completed conversation of the million-row
 * database (all pointing at one real enriched file, so the table, not the disk, is the
 * size), written to /dev/null: throughput, and RSS at a tenth of the way against the peak.
 */
export async function benchExport(url: string, sql: postgres.Sql): Promise<ExportBench> {
  const storageRoot = mkdtempSync(join(tmpdir(), 'refinery-bench-export-'));
  mkdirSync(dirname(join(storageRoot, GOLDEN_KEY)), { recursive: true });
  writeFileSync(join(storageRoot, GOLDEN_KEY), readFileSync(GOLDEN));
  await sql`
    update conversations set enriched_file_path = ${GOLDEN_KEY}, rule_set_version = 1,
      enrichment_profile_version = 1
    where enrichment_status = 'completed'`;
  const [{ total }] = (await sql`
    select count(*)::int as total from conversations where enrichment_status = 'completed'`) as unknown as [
    { total: number },
  ];
  const manifestPath = join(storageRoot, 'manifest.json');
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'export',
      '--format',
      'chat',
      '--output',
      '/dev/null',
      '--manifest',
      manifestPath,
    ],
    {
      cwd: API_DIR,
      env: { ...process.env, DATABASE_URL: url, STORAGE_ROOT: storageRoot, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let rssAtTenth = 0;
  let peak = 0;
  child.stderr!.on('data', (chunk: Buffer) => {
    // The progress bar prints a line every 10% on a non-TTY: sample RSS at the first one past 0.
    const match = /export \[.*\] (\d+)\/(\d+)/.exec(chunk.toString());
    if (match && rssAtTenth === 0 && Number(match[1]) >= Number(match[2]) / 10) {
      rssAtTenth = rssKiB(child.pid!, 'VmRSS');
    }
  });
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssKiB(child.pid!, 'VmHWM'));
  }, 200);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new Error(`export exited with ${code}`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    count: number;
    lines: number;
    bytes: number;
  };
  rmSync(storageRoot, { recursive: true, force: true });
  if (manifest.count !== total) throw new Error(`exported ${manifest.count} of ${total}`);
  return {
    conversations: manifest.count,
    lines: manifest.lines,
    bytes: manifest.bytes,
    seconds,
    perSecond: manifest.count / seconds,
    rssAtTenthMiB: rssAtTenth / 1024,
    peakRssMiB: peak / 1024,
  };
}
