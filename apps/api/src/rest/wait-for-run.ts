import { type Db, isInFlightStatus } from '@refinery/db';
import { getConversation } from '@refinery/db/queries';

/**
 * Polls the row until its run ends or the deadline passes, and returns what the database
 * holds: the caller reports that, never a status of its own making.
 */
export async function waitForRunEnd(db: Db, id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await getConversation(db, id);
    if (!row || !isInFlightStatus(row.enrichmentStatus) || Date.now() >= deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
