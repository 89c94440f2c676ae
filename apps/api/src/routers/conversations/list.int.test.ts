import { loadDemoCatalog, seedDemoConversations } from '@refinery/pipeline/demo';
import { seedReferenceData } from '@refinery/pipeline/seed';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApi } from '../../testing/caller.ts';

let api: Awaited<ReturnType<typeof makeTestApi>>;

beforeAll(async () => {
  api = await makeTestApi();
  const { db } = api.database;
  const { demoOwnerId } = await seedReferenceData(db);
  const catalog = await loadDemoCatalog(db);
  await seedDemoConversations(db, api.storage, catalog, { ownerId: demoOwnerId, count: 120 });
});

afterAll(async () => {
  await api.database.close();
});

describe('conversations procedures', () => {
  it('counts every status in the machine order and totals them', async () => {
    const counts = await api.caller.conversations.counts();
    expect(counts.statuses.map((s) => s.status)[0]).toBe('not_started');
    expect(counts.statuses).toHaveLength(11);
    expect(counts.total).toBe(120);
    expect(counts.statuses.find((s) => s.status === 'queued')?.count).toBe(120);
  });

  it('pages with a cursor and joins the metadata names', async () => {
    const first = await api.caller.conversations.list({ limit: 100 });
    expect(first.items).toHaveLength(100);
    expect(first.items.filter((item) => item.trainingTopicName).length).toBe(100);
    const second = await api.caller.conversations.list({ limit: 100, cursor: first.nextCursor });
    expect(second.items).toHaveLength(20);
    expect(second.nextCursor).toBeNull();
  });

  it('answers BAD_REQUEST for a forged cursor and for an unknown status', async () => {
    await expect(api.caller.conversations.list({ cursor: 'bogus' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      api.caller.conversations.list({ statuses: ['done' as never] }),
    ).rejects.toBeInstanceOf(TRPCError);
  });
});
