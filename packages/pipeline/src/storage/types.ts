export interface PutOptions {
  /**
   * Skip fsync. Only for bulk writes of data that can be regenerated (the demo corpus):
   * everything the pipeline stores is written durably.
   */
  durable?: boolean;
}

/** Blob storage for raw and enriched files; every driver behaves the same. */
export interface BlobStorage {
  readonly driver: 'fs' | 's3';
  /** Readers never see a partial object: a put is all or nothing. */
  put(key: string, bytes: Uint8Array, options?: PutOptions): Promise<void>;
  /** Null when there is no object under the key. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
  /** Human-readable location, without credentials. */
  describe(): string;
}

/** Storage I/O that may succeed when tried again (DOMAIN.md §3: transient). */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}
