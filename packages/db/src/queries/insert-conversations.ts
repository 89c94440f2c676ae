import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { conversations, type NewConversationRow } from '../schema/index.ts';

export const QUEUE_CHANNEL = 'refinery_queue';

/**
 * Multi-row insert. Callers chunk: PostgreSQL takes at most 65,535 parameters a statement,
 * and a row here binds about 20.
 */
export async function insertConversations(db: Db, rows: NewConversationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(conversations).values(rows);
}

/** Wakes listening workers. Cheap and idempotent: workers re-check the table anyway. */
export async function notifyQueue(db: Db): Promise<void> {
  await db.execute(sql`select pg_notify(${QUEUE_CHANNEL}, '')`);
}

export async function findConversationByRawSha(
  db: Db,
  ownerId: string,
  rawSha256: string,
): Promise<{ id: string; enrichmentStatus: string } | null> {
  const [row] = await db
    .select({ id: conversations.id, enrichmentStatus: conversations.enrichmentStatus })
    .from(conversations)
    .where(and(eq(conversations.ownerId, ownerId), eq(conversations.rawSha256, rawSha256)))
    .limit(1);
  return row ?? null;
}

export async function countConversationsOfOwner(db: Db, ownerId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(conversations)
    .where(eq(conversations.ownerId, ownerId));
  return Number(row?.count ?? 0);
}

/** Inserts one conversation unless the owner already has one with the same raw hash. */
export async function insertConversationIfNew(db: Db, row: NewConversationRow): Promise<boolean> {
  const inserted = await db
    .insert(conversations)
    .values(row)
    .onConflictDoNothing({ target: [conversations.ownerId, conversations.rawSha256] })
    .returning({ id: conversations.id });
  return inserted.length > 0;
}
