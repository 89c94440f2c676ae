import { isInFlightStatus } from '@refinery/db';
import { getConversation } from '@refinery/db/queries';
import { requestEnrich } from '@refinery/pipeline/control';
import { createWorker } from '@refinery/pipeline/worker';
import type { Command } from 'commander';
import { parseEnv } from '../../env.ts';
import { buildReportView } from '../../routers/conversations/report-view.ts';
import { formatRunReport } from '../print-report.ts';
import { enrichThroughServer, trpcQueryThroughServer } from '../server-client.ts';
import { openCliTarget } from '../target.ts';
import { waitUntil } from '../wait.ts';

export function registerEnrich(program: Command) {
  program
    .command('enrich')
    .description('run one conversation through the pipeline and print each stage and the report')
    .argument('<id>', 'conversation id')
    .option('--force', 're-run a completed conversation (its output is replaced only on success)')
    .option('--timeout <seconds>', 'give up waiting after this long', (v) => Number(v), 120)
    .action(async (id: string, options: { force?: boolean; timeout: number }) => {
      const env = parseEnv();
      const target = await openCliTarget(env);
      const timeoutMs = options.timeout * 1000;
      let report: Awaited<ReturnType<typeof buildReportView>>;
      // Already queued (ingest queues automatically) or running: just follow that run.
      if (target.kind === 'server') {
        const state = await trpcQueryThroughServer<{ status: string }>(
          target.server,
          'conversations.report',
          { id },
        );
        if (!isInFlightStatus(state.status as never) || options.force) {
          await enrichThroughServer(target.server, id, {
            force: Boolean(options.force),
            timeoutMs,
          });
        }
        await waitUntil(async () => {
          const current = await trpcQueryThroughServer<{ status: string }>(
            target.server,
            'conversations.report',
            { id },
          );
          return !isInFlightStatus(current.status as never);
        }, timeoutMs);
        report = await trpcQueryThroughServer(target.server, 'conversations.report', { id });
      } else {
        const { runtime } = target;
        const worker = createWorker(runtime.database, runtime.storage, {
          pollIntervalMs: 50,
          concurrency: 1,
        });
        try {
          const row = await getConversation(runtime.database.db, id);
          if (!row || !isInFlightStatus(row.enrichmentStatus) || options.force) {
            await requestEnrich(runtime.database.db, id, { force: Boolean(options.force) });
          }
          await worker.start();
          await waitUntil(async () => {
            const row = await getConversation(runtime.database.db, id);
            return row !== null && !isInFlightStatus(row.enrichmentStatus);
          }, timeoutMs);
          report = await buildReportView(runtime.database.db, id);
        } finally {
          await worker.stop();
          await runtime.close();
        }
      }
      console.log(formatRunReport(id, report));
      process.exitCode = report.status === 'completed' ? 0 : 1;
    });
}
