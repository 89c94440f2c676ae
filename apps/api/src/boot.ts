import { hasAnyConversation } from '@refinery/db/queries';
import { loadDemoCatalog, seedDemoConversations } from '@refinery/pipeline/demo';
import { seedReferenceData } from '@refinery/pipeline/seed';
import type { Runtime } from './runtime.ts';

/**
 * Reference data on every start (only what is missing), and demo conversations when the
 * database has none, so a first `pnpm start` opens on something to look at.
 */
export async function prepareData(
  runtime: Runtime,
  demoCount: number,
  log: (message: string) => void,
): Promise<{ defaultOwnerId: string }> {
  const { db } = runtime.database;
  const { demoOwnerId } = await seedReferenceData(db);
  if (demoCount > 0 && !(await hasAnyConversation(db))) {
    const catalog = await loadDemoCatalog(db);
    await seedDemoConversations(db, runtime.storage, catalog, {
      ownerId: demoOwnerId,
      count: demoCount,
    });
    log(`Seeded ${demoCount} demo conversations into the empty database`);
  }
  return { defaultOwnerId: demoOwnerId };
}
