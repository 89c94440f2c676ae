import { DataDirInUseError, readLockHolder } from '../data-dir-lock.ts';
import type { Env } from '../env.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

/**
 * Where a command does its work. On PostgreSQL, directly. On the embedded database, directly
 * when nobody holds it, through the running server when the server holds it (PGlite allows
 * one process per data dir), and never by opening it a second time.
 */
export type CliTarget = { kind: 'direct'; runtime: Runtime } | { kind: 'server'; url: string };

export async function openCliTarget(env: Env): Promise<CliTarget> {
  if (!env.DATABASE_URL) {
    const holder = readLockHolder(env.DATA_DIR);
    if (holder?.role === 'server' && holder.url) return { kind: 'server', url: holder.url };
    if (holder) throw new DataDirInUseError(env.DATA_DIR, holder);
  }
  return { kind: 'direct', runtime: await openRuntime(env, 'cli') };
}
