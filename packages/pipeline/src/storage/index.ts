import { createFsStorage } from './fs-storage.ts';
import type { BlobStorage } from './types.ts';

export * from './fs-storage.ts';
export * from './keys.ts';
export * from './types.ts';

export type StorageConfig = { driver: 'fs'; root: string };

export function createStorage(config: StorageConfig): BlobStorage {
  return createFsStorage(config.root);
}
export * from './memory-storage.ts';
