import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsStorage, StorageKeyOutsideRootError } from './fs-storage.ts';
import { enrichedKey, InvalidStorageKeyError, rawKey } from './keys.ts';
import { startLocalS3 } from './testing-s3.ts';
import type { BlobStorage } from './types.ts';

const OWNER = '11111111-1111-4111-8111-111111111111';
const ID = '22222222-2222-4222-8222-222222222222';

let s3: Awaited<ReturnType<typeof startLocalS3>>;
const drivers: Record<string, () => BlobStorage> = {
  fs: () => createFsStorage(mkdtempSync(join(tmpdir(), 'refinery-fs-'))),
  s3: () => s3.storage,
};

beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3?.close();
});

describe.each(Object.keys(drivers))('%s storage driver', (name) => {
  it('round-trips bytes exactly, including invalid UTF-8', async () => {
    const storage = drivers[name]!();
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3]);
    await storage.put(rawKey(OWNER, ID), bytes);
    expect(Buffer.compare((await storage.get(rawKey(OWNER, ID)))!, bytes)).toBe(0);
  });

  it('answers null for a missing object', async () => {
    expect(
      await drivers[name]!().get(rawKey(OWNER, '33333333-3333-4333-8333-333333333333')),
    ).toBeNull();
  });

  it('keeps a staged object invisible until committed, and drops it when discarded', async () => {
    const storage = drivers[name]!();
    const key = enrichedKey(OWNER, ID);
    await storage.put(key, Buffer.from('old'));
    const staged = await storage.stage(key, Buffer.from('new'));
    expect((await storage.get(key))!.toString()).toBe('old');
    await staged.commit();
    expect((await storage.get(key))!.toString()).toBe('new');
    const dropped = await storage.stage(key, Buffer.from('never'));
    await dropped.discard();
    expect((await storage.get(key))!.toString()).toBe('new');
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
  });

  it('refuses keys that try to leave their place', async () => {
    const storage = drivers[name]!();
    await expect(storage.get('../../etc/passwd')).rejects.toThrow();
    expect(() => rawKey('../../etc', ID)).toThrow(InvalidStorageKeyError);
  });
});

it('the fs driver never resolves a key outside its root', async () => {
  const storage = createFsStorage(mkdtempSync(join(tmpdir(), 'refinery-fs-')));
  await expect(storage.put('raw/../../escape.json', Buffer.from('x'))).rejects.toThrow(
    StorageKeyOutsideRootError,
  );
});
