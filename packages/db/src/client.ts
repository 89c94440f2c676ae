import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;

/**
 * The query layer's handle: a database or a transaction, on either driver. Query functions
 * take this so they run the same inside and outside a transaction, on PGlite and PostgreSQL.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives, without credentials: for logs and error messages. */
  location: string;
  /** Subscribe to a NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** `postgres://…` selects the server; absent selects embedded PGlite. */
  url?: string | undefined;
  /** Embedded database home; the PGlite files go in `<dataDir>/pglite`. */
  dataDir?: string | undefined;
  /** Embedded only: start from this data-dir dump (tests clone a migrated template). */
  loadDataDir?: Blob | undefined;
  /** Embedded only: keep everything in memory. */
  inMemory?: boolean;
  /** Server only: connection pool size. */
  maxConnections?: number;
}

export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<Database> {
  if (options.url) return createServerDatabase(options.url, options.maxConnections ?? 10);
  return createEmbeddedDatabase(options);
}

async function createEmbeddedDatabase(options: CreateDatabaseOptions): Promise<Database> {
  let location = 'memory://';
  if (!options.inMemory) {
    const dataDir = options.dataDir ?? './.data';
    location = join(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(options.inMemory ? undefined : location, {
    extensions: { pg_trgm },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location,
    async listen(channel, onPayload) {
      const unlisten = await client.listen(channel, onPayload);
      return async () => unlisten();
    },
    close: () => client.close(),
  };
}

function createServerDatabase(url: string, maxConnections: number): Database {
  const client = postgres(url, {
    max: maxConnections,
    onnotice: () => {},
    // Fail fast instead of hanging when the server is down: callers retry or answer 503.
    connect_timeout: 10,
    // Delay before reconnecting after a failed connection. The driver's default grows to
    // 10–20 s after a few refused attempts, which kept workers idle that long after a
    // restarted database was back; capped at 1 s, they reconnect within a second.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
  });
  const db = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    location: redactUrl(url),
    async listen(channel, onPayload) {
      const { unlisten } = await client.listen(channel, (payload) => onPayload(payload));
      return unlisten;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}
