import { type Db, isInFlightStatus } from '@refinery/db';
import { countMatchingConversations, getConversation } from '@refinery/db/queries';

/** Polls until the conversation leaves queued / in progress (test helper). */
export async function waitForTerminal(db: Db, id: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await getConversation(db, id);
    if (!row) throw new Error(`conversation ${id} not found`);
    if (!isInFlightStatus(row.enrichmentStatus)) return row;
    if (Date.now() > deadline)
      throw new Error(`conversation ${id} still ${row.enrichmentStatus} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until nothing in the whole table is queued or in progress (test helper). */
export async function waitForQueueIdle(db: Db, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy = await countMatchingConversations(db, {
      statuses: ['queued', 'enrichment_in_progress'],
    });
    if (busy === 0) return;
    if (Date.now() > deadline) throw new Error(`still ${busy} conversations in flight`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
