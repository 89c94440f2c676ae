import { randomUUID } from 'node:crypto';
import type { Db, EnrichmentStatus } from '@refinery/db';
import {
  findConversationByRawSha,
  insertConversationIfNew,
  listAllMetadata,
  notifyQueue,
  type ReferenceLookup,
  resolveReferences,
} from '@refinery/db/queries';
import { rawKey } from '../storage/keys.ts';
import type { BlobStorage } from '../storage/types.ts';
import { sha256Hex } from '../util/hash.ts';
import { describeRaw } from './describe-raw.ts';

export interface IngestInput {
  ownerId: string;
  /** Stored exactly as given: invalid JSON and non-UTF-8 bytes included. */
  bytes: Buffer;
  references?: ReferenceLookup;
  qualityScore?: number | null;
  tier?: string | null;
  fileName?: string;
  /** Queue for enrichment at once (the automatic trigger); default true. */
  enqueue?: boolean;
}

export interface IngestResult {
  conversationId: string;
  enrichmentStatus: EnrichmentStatus;
  /** The owner already had this exact raw: nothing new was stored. */
  duplicate: boolean;
}

export class UnknownReferenceError extends Error {
  constructor(readonly unknown: { kind: string; value: string }[]) {
    super(
      `Unknown ${unknown.map((u) => `${u.kind} ${JSON.stringify(u.value)}`).join(', ')}: use a key or id from the metadata tables.`,
    );
    this.name = 'UnknownReferenceError';
  }
}

export class InvalidIngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidIngestError';
  }
}

/**
 * Stores a raw conversation unchanged, creates its row and queues it: the "after
 * generation" trigger. Idempotent per owner by the raw's SHA-256.
 */
export async function ingestRaw(
  db: Db,
  storage: BlobStorage,
  input: IngestInput,
): Promise<IngestResult> {
  if (input.qualityScore != null && !(input.qualityScore >= 0 && input.qualityScore <= 5)) {
    throw new InvalidIngestError(
      `quality_score must be a number from 0 to 5, got ${input.qualityScore}`,
    );
  }
  const sha = sha256Hex(input.bytes);
  const existing = await findConversationByRawSha(db, input.ownerId, sha);
  if (existing) {
    return {
      conversationId: existing.id,
      enrichmentStatus: existing.enrichmentStatus as EnrichmentStatus,
      duplicate: true,
    };
  }

  const described = describeRaw(input.bytes, input.fileName);
  // Explicit references win; otherwise the keys the generator wrote into the file are used
  // when they name a real row.
  const explicit = input.references ?? {};
  const metadata = await listAllMetadata(db);
  const resolved = await resolveReferences(db, explicit, metadata);
  if (resolved.unknown.length > 0) throw new UnknownReferenceError(resolved.unknown);
  const fromFile = await resolveReferences(db, described.referenceKeys, metadata);

  const id = randomUUID();
  const key = rawKey(input.ownerId, id);
  await storage.put(key, input.bytes);
  const enqueue = input.enqueue ?? true;
  const personaId = resolved.personaId ?? fromFile.personaId;
  const personaName = resolved.personaName ?? fromFile.personaName ?? '';
  const inserted = await insertConversationIfNew(db, {
    id,
    ownerId: input.ownerId,
    personaId,
    emotionalArcId: resolved.emotionalArcId ?? fromFile.emotionalArcId,
    trainingTopicId: resolved.trainingTopicId ?? fromFile.trainingTopicId,
    promptTemplateId: resolved.promptTemplateId ?? fromFile.promptTemplateId,
    qualityScore: input.qualityScore ?? null,
    tier: input.tier ?? null,
    title: described.title,
    searchText: `${id} ${described.title} ${personaName} ${described.clientPersona}`.toLowerCase(),
    rawResponsePath: key,
    rawResponseSize: input.bytes.length,
    rawStoredAt: new Date(),
    rawSha256: sha,
    enrichmentStatus: enqueue ? 'queued' : 'not_started',
    processingStatus: enqueue ? 'waiting' : 'idle',
    queuedAt: enqueue ? new Date() : null,
  });
  if (!inserted) {
    // Lost a race with an identical ingest: keep theirs, drop our copy of the bytes.
    await storage.delete(key);
    const winner = await findConversationByRawSha(db, input.ownerId, sha);
    return {
      conversationId: winner!.id,
      enrichmentStatus: winner!.enrichmentStatus as EnrichmentStatus,
      duplicate: true,
    };
  }
  if (enqueue) await notifyQueue(db);
  return {
    conversationId: id,
    enrichmentStatus: enqueue ? 'queued' : 'not_started',
    duplicate: false,
  };
}
