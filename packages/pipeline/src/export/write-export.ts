import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Db, ExportFormat } from '@refinery/db';
import {
  type BulkSelection,
  getActiveEnrichmentProfile,
  getActiveRuleSet,
  listExportablePage,
} from '@refinery/db/queries';
import { readMany } from '../storage/read-many.ts';
import type { BlobStorage } from '../storage/types.ts';
import { toChatLines } from './chat-format.ts';

/** Written next to every export: what is in the file and how to check it. */
export interface ExportManifest {
  format: ExportFormat;
  /** Conversations exported. */
  count: number;
  /** JSONL lines written (one per conversation, or one per training pair for chat). */
  lines: number;
  /** Chat format: training pairs left out because no user message precedes the answer. */
  skippedPairs: number;
  /** Completed conversations whose enriched file could not be read (listed by id). */
  unreadable: string[];
  selection: BulkSelection & { ownerScope: string | null };
  ruleSetVersions: number[];
  enrichmentProfileVersions: number[];
  activeRuleSetVersion: number | null;
  activeEnrichmentProfileVersion: number | null;
  sha256: string;
  bytes: number;
  createdAt: string;
}

export interface ExportProgress {
  processed: number;
  total: number;
  lines: number;
}

const PAGE_SIZE = 250;

/**
 * Streams the completed conversations of a selection to `output` as JSONL, page by page in
 * id order (constant memory at any size, honouring the stream's backpressure), and returns
 * the manifest with the SHA-256 of exactly the bytes written.
 */
export async function writeExport(params: {
  db: Db;
  storage: BlobStorage;
  selection: BulkSelection;
  ownerScope: string | null;
  format: ExportFormat;
  output: Writable;
  total: number;
  onProgress?: (progress: ExportProgress) => void | Promise<void>;
}): Promise<ExportManifest> {
  const { db, storage, output } = params;
  const hash = createHash('sha256');
  const ruleSetVersions = new Set<number>();
  const profileVersions = new Set<number>();
  const unreadable: string[] = [];
  let bytes = 0;
  let lines = 0;
  let processed = 0;
  let skippedPairs = 0;
  let afterId: string | null = null;

  async function write(text: string) {
    const chunk = Buffer.from(text, 'utf8');
    hash.update(chunk);
    bytes += chunk.length;
    if (!output.write(chunk)) await once(output, 'drain');
  }

  for (;;) {
    const page = await listExportablePage(db, {
      selection: params.selection,
      ownerScope: params.ownerScope,
      afterId,
      limit: PAGE_SIZE,
    });
    if (page.length === 0) break;
    afterId = page.at(-1)!.id;
    const files = await readMany(storage, page, (row) => row.enrichedFilePath);
    for (const row of page) {
      processed++;
      const file = files.get(row.id);
      if (!file) {
        unreadable.push(row.id);
        continue;
      }
      if (row.ruleSetVersion !== null) ruleSetVersions.add(row.ruleSetVersion);
      if (row.enrichmentProfileVersion !== null) profileVersions.add(row.enrichmentProfileVersion);
      const document = JSON.parse(file.toString('utf8')) as { training_pairs?: unknown };
      if (params.format === 'enriched') {
        await write(`${JSON.stringify(document)}\n`);
        lines++;
        continue;
      }
      const chat = toChatLines(document);
      skippedPairs += chat.skipped;
      for (const line of chat.lines) {
        await write(`${JSON.stringify(line)}\n`);
        lines++;
      }
    }
    await params.onProgress?.({ processed, total: params.total, lines });
  }

  const [activeRuleSet, activeProfile] = await Promise.all([
    getActiveRuleSet(db),
    getActiveEnrichmentProfile(db),
  ]);
  const numeric = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return {
    format: params.format,
    count: processed - unreadable.length,
    lines,
    skippedPairs,
    unreadable,
    selection: { ...params.selection, ownerScope: params.ownerScope },
    ruleSetVersions: numeric(ruleSetVersions),
    enrichmentProfileVersions: numeric(profileVersions),
    activeRuleSetVersion: activeRuleSet?.version ?? null,
    activeEnrichmentProfileVersion: activeProfile?.version ?? null,
    sha256: hash.digest('hex'),
    bytes,
    createdAt: new Date().toISOString(),
  };
}
