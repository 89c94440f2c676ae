import type { BlobStorage, StagedObject } from './types.ts';

/** Storage in a Map: for recomputing outputs in memory and for pure tests. */
export function createMemoryStorage(initial: Record<string, Uint8Array> = {}): BlobStorage & {
  objects: Map<string, Buffer>;
} {
  const objects = new Map(Object.entries(initial).map(([k, v]) => [k, Buffer.from(v)]));
  return {
    driver: 'fs',
    objects,
    describe: () => 'memory',
    async stage(key, bytes): Promise<StagedObject> {
      const copy = Buffer.from(bytes);
      return {
        key,
        async commit() {
          objects.set(key, copy);
        },
        async discard() {},
      };
    },
    async put(key, bytes) {
      objects.set(key, Buffer.from(bytes));
    },
    async get(key) {
      return objects.get(key) ?? null;
    },
    async delete(key) {
      objects.delete(key);
    },
  };
}
