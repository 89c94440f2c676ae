import { basename } from 'node:path';
import { isInFlightStatus } from '@refinery/db';
import { ingestRaw } from '@refinery/pipeline/ingest';
import { seedReferenceData } from '@refinery/pipeline/seed';
import { createWorker } from '@refinery/pipeline/worker';
import { type Command, InvalidArgumentError } from 'commander';
import { parseEnv } from '../../env.ts';
import { buildReportView } from '../../routers/conversations/report-view.ts';
import { collectInputFiles } from '../collect-files.ts';
import { createProgressBar } from '../progress.ts';
import { ingestThroughServer, trpcQueryThroughServer } from '../server-client.ts';
import { openCliTarget } from '../target.ts';
import { waitUntil } from '../wait.ts';

interface IngestOptions {
  wait?: boolean;
  json?: boolean;
  persona?: string;
  arc?: string;
  topic?: string;
  template?: string;
  qualityScore?: number;
  tier?: string;
  timeout: number;
}

interface Outcome {
  file: string;
  conversation_id: string | null;
  enrichment_status: string;
  blockers: string[];
  warnings: string[];
  error?: string;
}

type ReportView = Awaited<ReturnType<typeof buildReportView>>;

function score(value: string) {
  const n = Number(value);
  if (!(n >= 0 && n <= 5)) throw new InvalidArgumentError('must be a number from 0 to 5');
  return n;
}

export function registerIngest(program: Command) {
  program
    .command('ingest')
    .description(
      'store raw conversation files and queue each for enrichment (idempotent per file content)',
    )
    .argument(
      '<paths...>',
      'files, folders (their .json files, recursively), or - for standard input',
    )
    .option('--wait', 'wait until every conversation reaches a final status')
    .option(
      '--json',
      'print [{ file, conversation_id, enrichment_status, blockers, warnings }] to stdout',
    )
    .option('--persona <key>', 'persona key or id for every file')
    .option('--arc <key>', 'emotional arc key or id')
    .option('--topic <key>', 'training topic key or id')
    .option('--template <key>', 'prompt template key or id')
    .option('--quality-score <n>', 'quality score 0–5', score)
    .option('--tier <tier>', 'tier label')
    .option('--timeout <seconds>', 'with --wait: give up after this long', (v) => Number(v), 600)
    .addHelpText(
      'after',
      '\nExit code: 0 when every file was stored (with --wait: when every conversation completed).\nTip: `pnpm --silent refinery ingest --json …` keeps pnpm’s own banner out of stdout.',
    )
    .action(async (paths: string[], options: IngestOptions) => {
      const env = parseEnv();
      const files = await collectInputFiles(paths);
      if (files.length === 0) throw new Error(`No .json files found in ${paths.join(', ')}`);
      const target = await openCliTarget(env);
      const outcomes: Outcome[] = [];
      const bar = createProgressBar('ingest', files.length);
      const refs = {
        persona: options.persona,
        arc: options.arc,
        topic: options.topic,
        template: options.template,
      };
      let readReport: (id: string) => Promise<ReportView>;
      let cleanup = async () => {};

      type Stored = { conversation_id: string; enrichment_status: string };
      let storeOne: (file: (typeof files)[number]) => Promise<Stored>;
      if (target.kind === 'server') {
        storeOne = async (file) => {
          const { conversation_id, enrichment_status } = await ingestThroughServer(
            target.server,
            await file.read(),
            {
              ...refs,
              quality_score: options.qualityScore?.toString(),
              tier: options.tier,
              file_name: file.name === '-' ? undefined : basename(file.name),
            },
          );
          return { conversation_id, enrichment_status };
        };
        readReport = (id) => trpcQueryThroughServer(target.server, 'conversations.report', { id });
      } else {
        const { runtime } = target;
        const { db } = runtime.database;
        const { demoOwnerId } = await seedReferenceData(db);
        storeOne = async (file) => {
          const result = await ingestRaw(db, runtime.storage, {
            ownerId: demoOwnerId,
            bytes: await file.read(),
            fileName: file.name === '-' ? undefined : basename(file.name),
            references: refs,
            qualityScore: options.qualityScore ?? null,
            tier: options.tier ?? null,
          });
          return {
            conversation_id: result.conversationId,
            enrichment_status: result.enrichmentStatus,
          };
        };
        // With no server to do it, this process runs the workers while it waits.
        const worker = options.wait
          ? createWorker(runtime.database, runtime.storage, { pollIntervalMs: 50 })
          : null;
        await worker?.start();
        readReport = (id) => buildReportView(db, id);
        cleanup = async () => {
          await worker?.stop();
          await runtime.close();
        };
      }
      // One file at a time: a bad file is reported and the rest still go in.
      for (const file of files) {
        try {
          outcomes.push({ file: file.name, ...(await storeOne(file)), blockers: [], warnings: [] });
        } catch (error) {
          outcomes.push({
            file: file.name,
            conversation_id: null,
            enrichment_status: 'not_ingested',
            blockers: [],
            warnings: [],
            error: (error as Error).message,
          });
        }
        bar.update(outcomes.length);
      }
      bar.finish(
        `Stored ${outcomes.filter((o) => o.conversation_id).length} of ${files.length} files`,
      );

      try {
        const ids = outcomes.flatMap((o) => (o.conversation_id ? [o.conversation_id] : []));
        if (options.wait && ids.length > 0) {
          const waitBar = createProgressBar('enrich', ids.length);
          const pending = new Set(ids);
          await waitUntil(
            async () => {
              for (const id of [...pending]) {
                const report = await readReport(id);
                if (!isInFlightStatus(report.status)) pending.delete(id);
              }
              waitBar.update(ids.length - pending.size);
              return pending.size === 0;
            },
            options.timeout * 1000,
            250,
          );
          waitBar.finish('All conversations reached a final status');
        }
        for (const outcome of outcomes) {
          if (!outcome.conversation_id) continue;
          const report = await readReport(outcome.conversation_id);
          outcome.enrichment_status = report.status;
          outcome.blockers = (report.validationReport?.blockers ?? []).map((b) => b.code);
          outcome.warnings = (report.validationReport?.warnings ?? []).map((w) => w.code);
        }
      } finally {
        await cleanup();
      }

      if (options.json) process.stdout.write(`${JSON.stringify(outcomes)}\n`);
      else {
        for (const o of outcomes) {
          const detail = o.error ?? [...o.blockers, ...o.warnings].join(', ');
          console.log(
            `${o.enrichment_status.padEnd(22)} ${o.conversation_id ?? '-'.padEnd(36)}  ${o.file}${detail ? `  (${detail})` : ''}`,
          );
        }
      }
      const ok = options.wait
        ? outcomes.every((o) => o.enrichment_status === 'completed')
        : outcomes.every((o) => o.conversation_id !== null);
      process.exitCode = ok ? 0 : 1;
    });
}
