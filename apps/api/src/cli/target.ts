import { DataDirInUseError, readLockHolder } from '../data-dir-lock.ts';
import type { Env } from '../env.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import type { ServerTarget } from './server-client.ts';

/**
 * Where a command does its work. On PostgreSQL, directly. On the embedded database, directly
 * when nobody holds it, through the running server when the server holds it (PGlite allows
 * one process per data dir), and never by opening it a second time.
 */
export type CliTarget =
  | { kind: 'direct'; runtime: Runtime }
  | { kind: 'server'; server: ServerTarget };

/**
 * REFINERY_URL + REFINERY_TOKEN point commands at a remote server. Otherwise the embedded
 * server's own lock file gives its address and local token.
 */
export async function openCliTarget(env: Env): Promise<CliTarget> {
  if (env.REFINERY_URL) {
    if (!env.REFINERY_TOKEN)
      throw new Error(
        'REFINERY_URL needs REFINERY_TOKEN: create an API token in the dashboard (Account → API tokens).',
      );
    return {
      kind: 'server',
      server: { url: env.REFINERY_URL.replace(/\/+$/, ''), token: env.REFINERY_TOKEN },
    };
  }
  if (!env.DATABASE_URL) {
    const holder = readLockHolder(env.DATA_DIR);
    if (holder?.role === 'server' && holder.url && holder.token) {
      return { kind: 'server', server: { url: holder.url, token: holder.token } };
    }
    if (holder) throw new DataDirInUseError(env.DATA_DIR, holder);
  }
  return { kind: 'direct', runtime: await openRuntime(env, 'cli') };
}
