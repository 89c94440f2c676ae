import type { Command } from 'commander';
import { parseEnv } from '../../env.ts';
import { openRuntime } from '../../runtime.ts';

export function registerMigrate(program: Command) {
  program
    .command('migrate')
    .description('apply pending database migrations (the server also does this at start)')
    .action(async () => {
      const env = parseEnv();
      const runtime = await openRuntime(env, 'cli');
      try {
        console.error(`Database is up to date (${runtime.database.location})`);
      } finally {
        await runtime.close();
      }
    });
}
