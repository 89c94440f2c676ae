import { Command, CommanderError } from 'commander';
import { DataDirInUseError } from '../data-dir-lock.ts';
import { InvalidEnvironmentError } from '../env.ts';
import { registerDemo } from './commands/demo.ts';
import { registerEnrich } from './commands/enrich.ts';
import { registerExport } from './commands/export.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerUsers } from './commands/users.ts';
import { registerWorker } from './commands/worker.ts';

/**
 * `pnpm refinery <command>`. Commands talk to the database directly: the embedded one in
 * DATA_DIR, or PostgreSQL when DATABASE_URL is set.
 */
export function buildProgram(): Command {
  const program = new Command('refinery')
    .description('Refinery: turn raw LLM conversations into training data you can trust')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nEnvironment: DATABASE_URL (PostgreSQL; default embedded in DATA_DIR), DATA_DIR (default ./.data)',
    );
  registerMigrate(program);
  registerDemo(program);
  registerIngest(program);
  registerEnrich(program);
  registerExport(program);
  registerWorker(program);
  registerUsers(program);
  return program;
}

/** Piped stdout is asynchronous: exiting before it drains would cut the output short. */
async function exitAfterFlush(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map(
      (stream) => new Promise((resolve) => stream.write('', resolve)),
    ),
  );
  process.exit(code);
}

async function main() {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(process.argv);
    // Open pools and timers must not keep a finished command alive.
    await exitAfterFlush(Number(process.exitCode ?? 0));
  } catch (error) {
    if (error instanceof CommanderError) await exitAfterFlush(error.exitCode);
    if (error instanceof InvalidEnvironmentError || error instanceof DataDirInUseError) {
      console.error(error.message);
      await exitAfterFlush(2);
    }
    // Expected failures (bad input, refusals) print their message; bugs print the stack.
    const known =
      error instanceof Error &&
      /Error$/.test(error.name) &&
      error.name !== 'Error' &&
      error.name !== 'TypeError';
    console.error(
      known || (error instanceof Error && error.constructor === Error)
        ? (error as Error).message
        : error,
    );
    process.exit(1);
  }
}

await main();
