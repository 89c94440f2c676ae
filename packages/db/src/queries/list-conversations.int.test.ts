import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, users } from '../schema/index.ts';
import type { EnrichmentStatus } from '../statuses.ts';
import { makeTestDatabase, type TestDatabase } from '../testing/index.ts';
import { InvalidCursorError } from './cursor.ts';
import { countConversationsByStatus, listConversations } from './list-conversations.ts';

let database: TestDatabase;
let ownerA: string;
let ownerB: string;

const statusCycle: EnrichmentStatus[] = ['completed', 'queued', 'validation_failed'];

beforeAll(async () => {
  database = await makeTestDatabase();
  const { db } = database;
  const [a, b] = await db
    .insert(users)
    .values([
      { email: 'a@example.test', displayName: 'A', role: 'operator' },
      { email: 'b@example.test', displayName: 'B', role: 'operator' },
    ])
    .returning({ id: users.id });
  ownerA = a!.id;
  ownerB = b!.id;
  // 250 rows, many sharing one updated_at to the microsecond, so the keyset must break ties
  // by id rather than by timestamp alone.
  await db.insert(conversations).values(
    Array.from({ length: 250 }, (_, i) => ({
      ownerId: i % 5 === 0 ? ownerB : ownerA,
      title: i === 7 ? 'Roth conversion worries' : `Conversation ${i}`,
      searchText: i === 7 ? 'roth conversion worries' : `conversation ${i}`,
      enrichmentStatus: statusCycle[i % 3]!,
      failingRuleCodes: i % 3 === 2 ? ['MISSING_CONTENT'] : [],
      updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 10))),
    })),
  );
  // Sub-millisecond timestamps: a cursor that went through a JS Date would lose these.
  await db.execute(sql`update conversations set updated_at = updated_at + interval '17 microseconds'
    where title = 'Conversation 3'`);
});

afterAll(async () => {
  await database.close();
});

async function readAllPages(params: Parameters<typeof listConversations>[1]) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listConversations(database.db, { ...params, cursor });
    seen.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('listConversations', () => {
  it('pages through every row exactly once, newest first', async () => {
    const ids = await readAllPages({ limit: 17 });
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    const first = await listConversations(database.db, { limit: 3 });
    const times = first.items.map((item) => item.updatedAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('filters by status, owner, rule code and text', async () => {
    const failed = await readAllPages({ statuses: ['validation_failed'], limit: 40 });
    expect(failed).toHaveLength(83);
    const mine = await readAllPages({ ownerId: ownerB, statuses: ['completed', 'queued'] });
    expect(mine).toHaveLength(33);
    const byRule = await readAllPages({ ruleCode: 'MISSING_CONTENT' });
    expect(byRule).toHaveLength(83);
    const found = await listConversations(database.db, { search: 'ROTH' });
    expect(found.items.map((item) => item.title)).toEqual(['Roth conversion worries']);
    const none = await listConversations(database.db, { search: '100%' });
    expect(none.items).toHaveLength(0);
  });

  it('refuses a forged cursor with a typed error', async () => {
    await expect(listConversations(database.db, { cursor: 'not-a-cursor' })).rejects.toThrow(
      InvalidCursorError,
    );
  });
});

describe('countConversationsByStatus', () => {
  it('counts every status, zeros included, optionally for one owner', async () => {
    const all = await countConversationsByStatus(database.db);
    expect(all.completed).toBe(84);
    expect(all.queued).toBe(83);
    expect(all.validation_failed).toBe(83);
    expect(all.cancelled).toBe(0);
    const forB = await countConversationsByStatus(database.db, { ownerId: ownerB });
    expect(Object.values(forB).reduce((a, b) => a + b, 0)).toBe(50);
  });
});

describe('listConversations sort orders', () => {
  it('pages every order completely, each row once, in order', async () => {
    for (const sort of ['updated_asc', 'created_desc', 'created_asc'] as const) {
      const seen: { id: string; key: number }[] = [];
      let cursor: string | null = null;
      do {
        const page = await listConversations(database.db, { sort, limit: 33, cursor });
        seen.push(
          ...page.items.map((i) => ({
            id: i.id,
            key: (sort.startsWith('created') ? i.createdAt : i.updatedAt).getTime(),
          })),
        );
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen.map((s) => s.id)).size).toBe(250);
      const keys = seen.map((s) => s.key);
      const sorted = [...keys].sort((a, b) => (sort.endsWith('asc') ? a - b : b - a));
      expect(keys).toEqual(sorted);
    }
  });
});
