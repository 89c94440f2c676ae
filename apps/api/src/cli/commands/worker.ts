import { createBulkRunner } from '@refinery/pipeline/bulk';
import { createWebhookDispatcher } from '@refinery/pipeline/webhooks';
import { createWorker } from '@refinery/pipeline/worker';
import { parseFaultPause } from '@refinery/pipeline/worker-faults';
import { type Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { parseEnv } from '../../env.ts';
import { openCliTarget } from '../target.ts';

function positive(value: string) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

export function registerWorker(program: Command) {
  program
    .command('worker')
    .description('run pipeline workers only (scale out: any number of these share one PostgreSQL)')
    .option('--concurrency <n>', 'batches in flight at once', positive)
    .option('--batch-size <n>', 'conversations claimed per batch', positive)
    .action(async (options: { concurrency?: number; batchSize?: number }) => {
      const env = parseEnv();
      const target = await openCliTarget(env);
      if (target.kind === 'server') {
        throw new Error(
          `The server at ${target.server.url} holds the embedded database and already runs workers. For more workers, use PostgreSQL (DATABASE_URL).`,
        );
      }
      const { runtime } = target;
      const logger = pino({ level: env.LOG_LEVEL });
      const worker = createWorker(runtime.database, runtime.storage, {
        concurrency: options.concurrency ?? env.WORKER_CONCURRENCY,
        batchSize: options.batchSize ?? env.WORKER_BATCH_SIZE,
        leaseSeconds: env.LEASE_SECONDS,
        logger,
        faultPause: parseFaultPause(env.REFINERY_FAULT_PAUSE),
        ...(env.REFINERY_FAULT_CRASH_ON ? { faultCrashOn: env.REFINERY_FAULT_CRASH_ON } : {}),
      });
      await worker.start();
      const bulkRunner = createBulkRunner(runtime.database, {
        onError: (err) => logger.error({ err }, 'bulk runner error'),
      });
      await bulkRunner.start();
      const dispatcher = createWebhookDispatcher(runtime.database, {
        onError: (err) => logger.error({ err }, 'webhook dispatcher error'),
      });
      dispatcher.start();
      console.error(
        `Worker ${worker.id} running on ${runtime.database.location}; Ctrl+C (SIGINT) or SIGTERM drains and stops.`,
      );
      await new Promise<void>((resolve) => {
        const stop = async () => {
          await bulkRunner.stop();
          await dispatcher.stop();
          await worker.stop();
          await runtime.close();
          resolve();
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      });
    });
}
