import { join } from 'node:path';
import { createBulkRunner } from '@refinery/pipeline/bulk';
import { createWebhookDispatcher } from '@refinery/pipeline/webhooks';
import { createWorker } from '@refinery/pipeline/worker';
import { newSecret } from './auth/tokens.ts';
import { prepareData } from './boot.ts';
import { bootstrapAdmin } from './bootstrap-admin.ts';
import { DataDirInUseError } from './data-dir-lock.ts';
import { InvalidEnvironmentError, parseEnv } from './env.ts';
import { openRuntime } from './runtime.ts';
import { createServer } from './server.ts';

/** `pnpm start`: API, dashboard and in-process workers in one process. */
async function main() {
  const env = parseEnv();
  const runtime = await openRuntime(env, 'server');
  const { defaultOwnerId } = await prepareData(runtime, env.DEMO_COUNT, (m) => console.log(m));
  await bootstrapAdmin(runtime.database.db, {
    email: env.REFINERY_ADMIN_EMAIL,
    password: env.REFINERY_ADMIN_PASSWORD,
    print: (line) => console.log(line),
  });
  // Commands run beside an embedded database go through this server with this token, which
  // only the lock file (mode 600) holds.
  const localPrincipal = runtime.lock
    ? {
        token: newSecret('rfl'),
        user: {
          id: defaultOwnerId,
          email: 'local@refinery.local',
          displayName: 'Local command line',
          role: 'admin' as const,
        },
      }
    : undefined;
  const app = await createServer({
    database: runtime.database,
    storage: runtime.storage,
    localPrincipal,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    webDistDir: env.WEB_DIST_DIR,
    loginAttemptsPerMinute: env.LOGIN_RATE_LIMIT,
    mutationsPerMinute: env.MUTATION_RATE_LIMIT,
    exportsDir: join(env.DATA_DIR, 'exports'),
  });
  const log = app.server.log;
  const worker =
    env.WORKER_CONCURRENCY > 0
      ? createWorker(runtime.database, runtime.storage, {
          concurrency: env.WORKER_CONCURRENCY,
          batchSize: env.WORKER_BATCH_SIZE,
          leaseSeconds: env.LEASE_SECONDS,
          logger: log,
        })
      : null;
  await worker?.start();
  // Bulk actions are applied here, chunk by chunk, whatever process they were requested in.
  const bulkRunner = createBulkRunner(runtime.database, {
    onError: (err) => log.error({ err }, 'bulk runner error'),
  });
  await bulkRunner.start();
  // Webhook deliveries go out from here, beside the pipeline and never inside it.
  const dispatcher = createWebhookDispatcher(runtime.database, {
    onError: (err) => log.error({ err }, 'webhook dispatcher error'),
  });
  dispatcher.start();
  const url = await app.start();
  runtime.lock?.update({ url, token: localPrincipal?.token });
  console.log(`Refinery is running at ${url} (database: ${runtime.database.location})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: draining workers and closing`);
    // A hung close must not keep the process alive forever.
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await bulkRunner.stop();
      await dispatcher.stop();
      await worker?.stop();
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
