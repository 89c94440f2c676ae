import { countConversationsOfOwner } from '@refinery/db/queries';
import { loadDemoCatalog, seedDemoConversations } from '@refinery/pipeline/demo';
import { seedReferenceData } from '@refinery/pipeline/seed';
import { type Command, InvalidArgumentError } from 'commander';
import { parseEnv } from '../../env.ts';
import { openRuntime } from '../../runtime.ts';
import { createProgressBar } from '../progress.ts';

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000) {
    throw new InvalidArgumentError('must be a whole number from 1 to 10,000,000');
  }
  return n;
}

export function registerDemo(program: Command) {
  program
    .command('demo')
    .description('add generated demo conversations (realistic dialogue, ~10% with blockers)')
    .option('-c, --count <n>', 'how many conversations to add', parseCount, 300)
    .option('--no-enqueue', 'store them without queueing them for enrichment')
    .action(async (options: { count: number; enqueue: boolean }) => {
      const env = parseEnv();
      const runtime = await openRuntime(env, 'cli');
      try {
        const { db } = runtime.database;
        const { demoOwnerId } = await seedReferenceData(db);
        const catalog = await loadDemoCatalog(db);
        // Continue the generator where earlier runs stopped, so every run adds new content.
        const startIndex = await countConversationsOfOwner(db, demoOwnerId);
        const bar = createProgressBar('demo', options.count);
        await seedDemoConversations(db, runtime.storage, catalog, {
          ownerId: demoOwnerId,
          count: options.count,
          startIndex,
          enqueue: options.enqueue,
          onProgress: (done) => bar.update(done),
        });
        bar.finish(`Added ${options.count} demo conversations to ${runtime.database.location}`);
      } finally {
        await runtime.close();
      }
    });
}
