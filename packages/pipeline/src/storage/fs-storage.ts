import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { BlobStorage, PutOptions, StagedObject } from './types.ts';
import { StorageUnavailableError } from './types.ts';

export class StorageKeyOutsideRootError extends Error {
  constructor(key: string) {
    super(`Storage key ${JSON.stringify(key.slice(0, 120))} resolves outside the storage root`);
    this.name = 'StorageKeyOutsideRootError';
  }
}

function unavailable(action: string, key: string, error: unknown) {
  return new StorageUnavailableError(`Could not ${action} ${key}: ${(error as Error).message}`, {
    cause: error,
  });
}

/**
 * Files under one root directory. Writes go to a temporary name, are fsynced, then renamed:
 * a crash leaves either the old file or the new one, never a torn one.
 */
export function createFsStorage(root: string): BlobStorage {
  const absoluteRoot = resolve(root);

  const pathOf = (key: string) => {
    const path = resolve(absoluteRoot, key);
    if (!path.startsWith(absoluteRoot + sep)) throw new StorageKeyOutsideRootError(key);
    return path;
  };

  async function writeTemporary(key: string, bytes: Uint8Array, durable: boolean) {
    const path = pathOf(key);
    const temporary = `${path}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(bytes);
        if (durable) await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => {});
      throw unavailable('write', key, error);
    }
    return { path, temporary };
  }

  async function stage(key: string, bytes: Uint8Array, durable = true): Promise<StagedObject> {
    const { path, temporary } = await writeTemporary(key, bytes, durable);
    return {
      key,
      async commit() {
        try {
          await rename(temporary, path);
        } catch (error) {
          await rm(temporary, { force: true }).catch(() => {});
          throw unavailable('publish', key, error);
        }
      },
      discard: () => rm(temporary, { force: true }),
    };
  }

  return {
    driver: 'fs',
    describe: () => `fs:${absoluteRoot}`,
    stage: (key, bytes) => stage(key, bytes),

    async put(key: string, bytes: Uint8Array, options: PutOptions = {}) {
      const staged = await stage(key, bytes, options.durable !== false);
      await staged.commit();
    },

    async get(key: string) {
      const path = pathOf(key);
      try {
        return await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw unavailable('read', key, error);
      }
    },

    async delete(key: string) {
      await rm(pathOf(key), { force: true });
    },
  };
}
