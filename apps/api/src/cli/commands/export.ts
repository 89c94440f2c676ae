import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { EXPORT_FORMATS, type ExportFormat } from '@refinery/db';
import { type BulkSelection, countExportable } from '@refinery/db/queries';
import { type ExportManifest, writeExport } from '@refinery/pipeline/export';
import { type Command, Option } from 'commander';
import { parseEnv } from '../../env.ts';
import { createProgressBar } from '../progress.ts';
import {
  type ServerTarget,
  streamThroughServer,
  trpcMutationThroughServer,
  trpcQueryThroughServer,
} from '../server-client.ts';
import { openCliTarget } from '../target.ts';

interface ExportOptions {
  status: string;
  format: ExportFormat;
  search?: string;
  output?: string;
  manifest?: string;
}

class ExportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportRefusedError';
  }
}

function selectionOf(options: ExportOptions): BulkSelection {
  const statuses = options.status.split(',').map((s) => s.trim());
  if (statuses.some((s) => s !== 'completed')) {
    throw new ExportRefusedError(
      `exports hold completed conversations only; --status ${options.status} cannot be exported`,
    );
  }
  return {
    filter: { statuses: ['completed'], ...(options.search ? { search: options.search } : {}) },
    all: true,
    include: [],
    exclude: [],
  };
}

function manifestPathOf(options: ExportOptions) {
  if (options.manifest) return options.manifest;
  if (options.output) return `${options.output}.manifest.json`;
  return `refinery-export-${new Date().toISOString().replace(/[:.]/g, '-')}.manifest.json`;
}

async function exportDirect(
  options: ExportOptions,
  output: Writable,
  runtime: Extract<Awaited<ReturnType<typeof openCliTarget>>, { kind: 'direct' }>['runtime'],
) {
  const selection = selectionOf(options);
  const db = runtime.database.db;
  const total = await countExportable(db, selection, null);
  const bar = createProgressBar('export', total);
  const manifest = await writeExport({
    db,
    storage: runtime.storage,
    selection,
    ownerScope: null,
    format: options.format,
    output,
    total,
    onProgress: (progress) => bar.update(progress.processed),
  });
  bar.finish(`Exported ${manifest.count} conversations as ${manifest.lines} lines`);
  return manifest;
}

async function exportThroughServer(options: ExportOptions, output: Writable, server: ServerTarget) {
  const { id, total } = await trpcMutationThroughServer<{ id: string; total: number }>(
    server,
    'exports.create',
    { selection: selectionOf(options), format: options.format },
  );
  const bar = createProgressBar('export', total);
  let manifest: ExportManifest | null = null;
  while (!manifest) {
    const state = await trpcQueryThroughServer<{
      state: string;
      processed: number;
      error: string | null;
      manifest: ExportManifest | null;
    }>(server, 'exports.byId', { id });
    bar.update(state.processed);
    if (state.state === 'failed') throw new Error(state.error ?? 'the export failed');
    if (state.state === 'done') {
      if (!state.manifest) throw new Error('the server finished the export without a manifest');
      manifest = state.manifest;
    } else {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const body = await streamThroughServer(server, `/api/exports/${id}/download`);
  await pipeline(Readable.fromWeb(body as never), output, { end: false });
  bar.finish(`Exported ${manifest.count} conversations as ${manifest.lines} lines`);
  return manifest;
}

export function registerExport(program: Command) {
  program
    .command('export')
    .description(
      'write completed conversations as JSONL to stdout (or --output), with a manifest file beside it',
    )
    .option(
      '--status <statuses>',
      'which conversations: only "completed" can be exported',
      'completed',
    )
    .addOption(
      new Option('--format <format>', 'enriched documents, or chat messages for fine-tuning')
        .choices([...EXPORT_FORMATS])
        .default('enriched'),
    )
    .option('--search <text>', 'only conversations whose id, title or persona contains this')
    .option('--output <file>', 'write the JSONL here instead of stdout')
    .option(
      '--manifest <file>',
      'where to write the manifest (default: next to --output, or the current directory)',
    )
    .addHelpText(
      'after',
      '\nExample: refinery export --status completed --format chat > train.jsonl',
    )
    .action(async (options: ExportOptions) => {
      selectionOf(options);
      const target = await openCliTarget(parseEnv());
      const output: Writable = options.output ? createWriteStream(options.output) : process.stdout;
      try {
        const manifest =
          target.kind === 'server'
            ? await exportThroughServer(options, output, target.server)
            : await exportDirect(options, output, target.runtime);
        const manifestPath = manifestPathOf(options);
        await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
        process.stderr.write(`Manifest: ${manifestPath} (sha256 ${manifest.sha256})\n`);
      } finally {
        if (options.output) {
          output.end();
          await finished(output);
        }
        if (target.kind === 'direct') await target.runtime.close();
      }
    });
}
