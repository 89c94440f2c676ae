import { createDatabase, type Database, migrateDatabase } from '@refinery/db';
import type { BlobStorage } from '@refinery/pipeline/storage';
import { createStorage } from '@refinery/pipeline/storage';
import { acquireDataDirLock, type DataDirLock, type LockHolder } from './data-dir-lock.ts';
import type { Env } from './env.ts';

/** What a process needs to do work: the database, blob storage, and the embedded lock. */
export interface Runtime {
  database: Database;
  storage: BlobStorage;
  lock: DataDirLock | null;
  close(): Promise<void>;
}

/**
 * Opens the database (taking the embedded lock first, so a second process is refused before
 * it touches the files), applies pending migrations and opens storage.
 */
export async function openRuntime(env: Env, role: LockHolder['role']): Promise<Runtime> {
  const lock = env.DATABASE_URL ? null : acquireDataDirLock(env.DATA_DIR, role);
  let database: Database;
  try {
    database = await createDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
    await migrateDatabase(database);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const storage = createStorage(
    env.STORAGE_DRIVER === 's3'
      ? {
          driver: 's3',
          bucket: env.S3_BUCKET!,
          region: env.S3_REGION,
          endpoint: env.S3_ENDPOINT,
          accessKeyId: env.S3_ACCESS_KEY_ID,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY,
          forcePathStyle: env.S3_FORCE_PATH_STYLE,
          prefix: env.S3_PREFIX,
        }
      : { driver: 'fs', root: env.STORAGE_ROOT },
  );
  return {
    database,
    storage,
    lock,
    async close() {
      await database.close();
      lock?.release();
    },
  };
}
