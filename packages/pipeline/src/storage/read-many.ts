import { forEachConcurrently } from '../util/concurrency.ts';
import type { BlobStorage } from './types.ts';

/** Files read at once: enough to hide storage latency, small enough to keep memory flat. */
const READ_CONCURRENCY = 8;

/**
 * Reads one file per item, a few at a time, keyed by the item's id. A file that is missing
 * or cannot be read maps to null: bulk readers (export, impact preview) count it and go on.
 */
export async function readMany<T extends { id: string }>(
  storage: BlobStorage,
  items: readonly T[],
  keyOf: (item: T) => string,
): Promise<Map<string, Buffer | null>> {
  const files = new Map<string, Buffer | null>();
  await forEachConcurrently(items, READ_CONCURRENCY, async (item) => {
    files.set(item.id, await storage.get(keyOf(item)).catch(() => null));
  });
  return files;
}
