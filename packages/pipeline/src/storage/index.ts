import { createFsStorage } from './fs-storage.ts';
import { createS3Storage, type S3StorageConfig } from './s3-storage.ts';
import type { BlobStorage } from './types.ts';

export * from './fs-storage.ts';
export * from './keys.ts';
export * from './s3-storage.ts';
export * from './types.ts';

export type StorageConfig = { driver: 'fs'; root: string } | ({ driver: 's3' } & S3StorageConfig);

export function createStorage(config: StorageConfig): BlobStorage {
  return config.driver === 's3' ? createS3Storage(config) : createFsStorage(config.root);
}
export * from './memory-storage.ts';
