import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@refinery/db';
import { rowsOf } from '@refinery/db/queries';
import { sql } from 'drizzle-orm';

/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, its own port), so
 * a scenario can stop, restart and kill it without touching the shared server other tests
 * use. Runs as the `postgres` system user when the tests run as root (initdb refuses root).
 */
export interface PrivatePostgres {
  url: string;
  /** Shuts the server down: `fast` rolls back and disconnects, `immediate` is a crash. */
  stop(mode: 'fast' | 'immediate'): void;
  /** Starts it again; returns once it accepts connections. */
  start(): void;
  /** `pg_terminate_backend` on every other connection to the database. */
  terminateConnections(): Promise<number>;
  destroy(): Promise<void>;
}

function binDir(): string {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    if (!newest) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are not installed');
    return `/usr/lib/postgresql/${newest}/bin`;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const isRoot = process.getuid?.() === 0;

function run(command: string, args: string[]) {
  if (!isRoot) return execFileSync(command, args, { stdio: 'pipe' });
  const quoted = [command, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  return execFileSync('su', ['postgres', '-c', quoted], { stdio: 'pipe' });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const home = mkdtempSync(join(tmpdir(), 'refinery-pg-'));
  if (isRoot) chownSync(home, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
  const data = join(home, 'data');
  const port = await freePort();
  run(`${bin}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const serverOptions = `-p ${port} -k ${home} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const pgCtl = (...args: string[]) =>
    run(`${bin}/pg_ctl`, ['-D', data, '-l', join(home, 'log'), '-o', serverOptions, ...args]);
  pgCtl('-w', 'start');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  return {
    url,
    stop: (mode) => pgCtl('-m', mode, '-w', 'stop'),
    start: () => pgCtl('-w', 'start'),
    async terminateConnections() {
      const admin = await createDatabase({ url, maxConnections: 1 });
      try {
        const result = await admin.db.execute(sql`
          select pg_terminate_backend(pid) from pg_stat_activity
          where pid <> pg_backend_pid() and datname = current_database()`);
        return rowsOf(result).length;
      } finally {
        await admin.close();
      }
    },
    async destroy() {
      try {
        pgCtl('-m', 'immediate', '-w', 'stop');
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  };
}
