import { prepareData } from './boot.ts';
import { DataDirInUseError } from './data-dir-lock.ts';
import { InvalidEnvironmentError, parseEnv } from './env.ts';
import { openRuntime } from './runtime.ts';
import { createServer } from './server.ts';

/** `pnpm start`: API, dashboard and (from the pipeline) workers in one process. */
async function main() {
  const env = parseEnv();
  const runtime = await openRuntime(env, 'server');
  const app = await createServer({
    database: runtime.database,
    storage: runtime.storage,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    webDistDir: env.WEB_DIST_DIR,
  });
  const log = app.server.log;
  await prepareData(runtime, env.DEMO_COUNT, (message) => log.info(message));
  const url = await app.start();
  runtime.lock?.update({ url });
  log.info(`Refinery is running at ${url} (database: ${runtime.database.location})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: finishing requests and closing the database`);
    // A hung close must not keep the process alive forever.
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.stop();
      await runtime.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError || error instanceof DataDirInUseError) {
    console.error(error.message);
  } else {
    console.error('Refinery failed to start:', error);
  }
  process.exit(1);
});
