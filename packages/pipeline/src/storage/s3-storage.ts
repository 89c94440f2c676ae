import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { BlobStorage, StagedObject } from './types.ts';
import { StorageUnavailableError } from './types.ts';

export interface S3StorageConfig {
  bucket: string;
  region: string;
  /** For S3-compatible stores (MinIO, R2, Supabase Storage); unset for AWS. */
  endpoint?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible stores need. */
  forcePathStyle?: boolean;
  /** Optional key prefix inside the bucket. */
  prefix?: string | undefined;
}

export class InvalidObjectKeyError extends Error {
  constructor(key: string) {
    super(`Storage key ${JSON.stringify(key.slice(0, 120))} is not a plain relative key`);
    this.name = 'InvalidObjectKeyError';
  }
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    (error instanceof S3ServiceException &&
      (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404))
  );
}

/**
 * Any S3-compatible object store. A PUT is atomic per object, so a staged object is held
 * in memory and published by one PUT when the lease-checked transaction commits it.
 */
export function createS3Storage(config: S3StorageConfig): BlobStorage {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle ?? Boolean(config.endpoint),
    ...(config.accessKeyId && config.secretAccessKey
      ? {
          credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
        }
      : {}),
  });
  const prefix = config.prefix ? `${config.prefix.replace(/\/+$/, '')}/` : '';

  const objectKey = (key: string) => {
    // Same rule as the fs driver: no absolute keys, no `..` segments.
    if (key.startsWith('/') || key.split('/').some((part) => part === '..' || part === '')) {
      throw new InvalidObjectKeyError(key);
    }
    return `${prefix}${key}`;
  };

  const wrap = (action: string, key: string, error: unknown) =>
    new StorageUnavailableError(
      `Could not ${action} s3://${config.bucket}/${key}: ${(error as Error).message}`,
      { cause: error },
    );

  async function put(key: string, bytes: Uint8Array) {
    try {
      await client.send(
        new PutObjectCommand({ Bucket: config.bucket, Key: objectKey(key), Body: bytes }),
      );
    } catch (error) {
      if (error instanceof InvalidObjectKeyError) throw error;
      throw wrap('write', key, error);
    }
  }

  return {
    driver: 's3',
    describe: () =>
      `s3://${config.bucket}/${prefix}${config.endpoint ? ` at ${config.endpoint}` : ''}`,
    put: (key, bytes) => put(key, bytes),
    async stage(key, bytes): Promise<StagedObject> {
      objectKey(key);
      const copy = Buffer.from(bytes);
      return { key, commit: () => put(key, copy), discard: async () => {} };
    },
    async get(key) {
      try {
        const result = await client.send(
          new GetObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }),
        );
        return Buffer.from(await result.Body!.transformToByteArray());
      } catch (error) {
        if (error instanceof InvalidObjectKeyError) throw error;
        if (isMissing(error)) return null;
        throw wrap('read', key, error);
      }
    },
    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
      } catch (error) {
        if (!isMissing(error)) throw wrap('delete', key, error);
      }
    },
  };
}
