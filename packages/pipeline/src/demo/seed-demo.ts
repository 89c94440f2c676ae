import { randomUUID } from 'node:crypto';
import type { Db } from '@refinery/db';
import { insertConversations, notifyQueue } from '@refinery/db/queries';
import type { NewConversationRow } from '@refinery/db/schema';
import { rawKey } from '../storage/keys.ts';
import type { BlobStorage } from '../storage/types.ts';
import { forEachConcurrently } from '../util/concurrency.ts';
import { sha256Hex } from '../util/hash.ts';
import type { DemoCatalog } from './catalog.ts';
import { generateDemoConversation } from './generate.ts';

export interface SeedDemoOptions {
  ownerId: string;
  count: number;
  /** First generator index: continue after what an earlier run added to get new content. */
  startIndex?: number;
  runSeed?: string;
  /** Queue each conversation for enrichment, as ingest does (default true). */
  enqueue?: boolean;
  /** Called after each chunk with how many are stored so far. */
  onProgress?: (done: number, total: number) => void;
}

const CHUNK_SIZE = 1000;
const WRITE_CONCURRENCY = 32;

/**
 * Writes demo raws to storage and their rows to the database, a chunk at a time: files
 * first, so no row ever points at a raw that is not there. Returns the new ids.
 */
export async function seedDemoConversations(
  db: Db,
  storage: BlobStorage,
  catalog: DemoCatalog,
  options: SeedDemoOptions,
): Promise<string[]> {
  const enqueue = options.enqueue ?? true;
  const startIndex = options.startIndex ?? 0;
  const runSeed = options.runSeed ?? 'demo';
  const ids: string[] = [];
  for (let offset = 0; offset < options.count; offset += CHUNK_SIZE) {
    const size = Math.min(CHUNK_SIZE, options.count - offset);
    const rows: NewConversationRow[] = [];
    const files: { key: string; bytes: Buffer }[] = [];
    for (let i = 0; i < size; i++) {
      const demo = generateDemoConversation(catalog, runSeed, startIndex + offset + i);
      const id = randomUUID();
      const key = rawKey(options.ownerId, id);
      files.push({ key, bytes: demo.raw });
      const personaName = catalog.personas.find((p) => p.id === demo.personaId)?.name ?? '';
      const now = new Date();
      rows.push({
        id,
        ownerId: options.ownerId,
        personaId: demo.personaId,
        emotionalArcId: demo.emotionalArcId,
        trainingTopicId: demo.trainingTopicId,
        promptTemplateId: demo.promptTemplateId,
        qualityScore: demo.qualityScore,
        tier: demo.tier,
        title: demo.title,
        searchText: `${id} ${demo.title} ${personaName}`.toLowerCase(),
        rawResponsePath: key,
        rawResponseSize: demo.raw.length,
        rawStoredAt: now,
        rawSha256: sha256Hex(demo.raw),
        enrichmentStatus: enqueue ? 'queued' : 'not_started',
        queuedAt: enqueue ? now : null,
      });
      ids.push(id);
    }
    // Demo raws can be regenerated from their seed, so they skip the per-file fsync that
    // would make a 100,000-conversation demo take minutes.
    await forEachConcurrently(files, WRITE_CONCURRENCY, (file) =>
      storage.put(file.key, file.bytes, { durable: false }),
    );
    await insertConversations(db, rows);
    options.onProgress?.(offset + size, options.count);
  }
  if (enqueue) await notifyQueue(db);
  return ids;
}
