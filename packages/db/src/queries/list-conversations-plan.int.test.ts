import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../schema/index.ts';
import {
  explainQuery,
  makeTestDatabase,
  type PlanNode,
  planNodes,
  type TestDatabase,
} from '../testing/index.ts';
import {
  buildCountByStatusQuery,
  buildListConversationsQuery,
  countConversationsForDashboard,
  listConversations,
} from './list-conversations.ts';

/**
 * The dashboard must stay fast at any depth: these check the plans, not timings. Each page
 * must be read from its named index in order (no sort, no sequential scan of conversations).
 */
const ROWS = 100_000;
let database: TestDatabase;

beforeAll(async () => {
  database = await makeTestDatabase();
  const { db } = database;
  const [owner] = await db
    .insert(users)
    .values({ email: 'plan@example.test', displayName: 'Plan', role: 'operator' })
    .returning({ id: users.id });
  await db.execute(sql`
    insert into conversations (owner_id, title, search_text, enrichment_status, updated_at)
    select ${owner!.id}::uuid, 'Conversation ' || g, 'conversation ' || g,
      (array['completed','completed','completed','queued','validation_failed','not_started'])[1 + g % 6],
      timestamptz '2026-01-01' + g * interval '1 second'
    from generate_series(1, ${ROWS}) g`);
  await db.execute(sql`vacuum analyze conversations`);
}, 180_000);

afterAll(async () => {
  await database?.close();
});

function expectIndexOrdered(plan: PlanNode, indexName: string) {
  const nodes = planNodes(plan);
  const scans = nodes.filter((n) => n['Relation Name'] === 'conversations');
  expect(scans.map((n) => n['Node Type'])).not.toContain('Seq Scan');
  expect(scans.map((n) => n['Index Name'])).toContain(indexName);
  expect(nodes.map((n) => n['Node Type'])).not.toContain('Sort');
}

describe(`listConversations plans on ${ROWS.toLocaleString('en-US')} rows`, () => {
  it('reads the first page from conversations_updated_idx', async () => {
    const plan = await explainQuery(
      database,
      buildListConversationsQuery(database.db, { limit: 50 }),
    );
    expectIndexOrdered(plan, 'conversations_updated_idx');
  });

  it('reads a page 90,000 rows deep from the same index, by keyset', async () => {
    // Walk to depth with large pages, then explain the next page's query.
    let cursor: string | null = null;
    for (let read = 0; read < 90_000; read += 500) {
      const page = await listConversations(database.db, { limit: 500, cursor });
      cursor = page.nextCursor;
    }
    expect(cursor).not.toBeNull();
    const deep = await listConversations(database.db, { limit: 50, cursor });
    expect(deep.items[0]!.title).toBe(`Conversation ${ROWS - 90_000}`);
    const plan = await explainQuery(
      database,
      buildListConversationsQuery(database.db, { limit: 50, cursor }),
    );
    expectIndexOrdered(plan, 'conversations_updated_idx');
  });

  it('reads a status-filtered page from conversations_status_updated_idx', async () => {
    const plan = await explainQuery(
      database,
      buildListConversationsQuery(database.db, { limit: 50, statuses: ['validation_failed'] }),
    );
    expectIndexOrdered(plan, 'conversations_status_updated_idx');
  });

  it('counts by status with an index-only scan', async () => {
    const plan = await explainQuery(database, buildCountByStatusQuery(database.db));
    const scans = planNodes(plan).filter((n) => n['Relation Name'] === 'conversations');
    expect(scans.map((n) => n['Node Type'])).toEqual(['Index Only Scan']);
    // Either status-covering index serves; the planner takes the narrower one.
    expect(['conversations_status_updated_idx', 'conversations_owner_status_idx']).toContain(
      scans[0]!['Index Name'],
    );
  });
});

describe('dashboard counts on a large table', () => {
  it('are exact below the threshold and a flagged sample estimate above it', async () => {
    const exact = await countConversationsForDashboard(database.db);
    expect(exact.estimated).toBe(false);
    expect(Object.values(exact.counts).reduce((a, b) => a + b, 0)).toBe(ROWS);
    const estimate = await countConversationsForDashboard(database.db, {
      estimateAboveRows: 50_000,
    });
    expect(estimate.estimated).toBe(true);
    const total = Object.values(estimate.counts).reduce((a, b) => a + b, 0);
    // A 2% block sample (REPEATABLE, so polls agree with each other) of 100,000 rows.
    expect(total).toBeGreaterThan(ROWS * 0.5);
    expect(total).toBeLessThan(ROWS * 1.5);
    expect(
      (await countConversationsForDashboard(database.db, { estimateAboveRows: 50_000 })).counts,
    ).toEqual(estimate.counts);
  });
});
