import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process per data directory: a second opener would corrupt it. Whoever opens
 * the embedded database first writes this lock; everyone else reads who holds it.
 */
export interface LockHolder {
  pid: number;
  role: 'server' | 'cli';
  /** Where a holding server listens, so other commands can go through it. */
  url?: string;
  /** The server's token for local commands; the file is readable by its owner only. */
  token?: string;
  startedAt: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const who =
      holder.role === 'server'
        ? `the Refinery server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''})`
        : `another refinery command (pid ${holder.pid})`;
    super(
      `The embedded database in ${dataDir} is in use by ${who}. ` +
        'An embedded database can be opened by one process at a time: stop that process first, ' +
        'or set DATABASE_URL to use a PostgreSQL server, which any number of processes can share.',
    );
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dataDir: string): string {
  return join(dataDir, 'refinery.lock');
}

export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockHolder;
    return isAlive(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

export interface DataDirLock {
  update(fields: Partial<LockHolder>): void;
  release(): void;
}

export function acquireDataDirLock(dataDir: string, role: LockHolder['role']): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  let holder: LockHolder = { pid: process.pid, role, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
      process.once('exit', release);
      return {
        update(fields) {
          holder = { ...holder, ...fields };
          writeFileSync(path, JSON.stringify(holder), { mode: 0o600 });
        },
        release,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readLockHolder(dataDir);
      if (current) throw new DataDirInUseError(dataDir, current);
      // The holder died without cleaning up: the lock is stale.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${path}`);
}
