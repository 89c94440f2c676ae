export interface PutOptions {
  /**
   * Skip fsync. Only for bulk writes of data that can be regenerated (the demo corpus):
   * everything the pipeline stores is written durably.
   */
  durable?: boolean;
}

/**
 * Bytes written durably but not yet visible under their key. The store stage stages first,
 * then commits inside the lease-checked transaction, so a run that lost its lease never
 * replaces what another run committed.
 */
export interface StagedObject {
  readonly key: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Blob storage for raw and enriched files; every driver behaves the same. */
export interface BlobStorage {
  readonly driver: 'fs' | 's3';
  stage(key: string, bytes: Uint8Array): Promise<StagedObject>;
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
