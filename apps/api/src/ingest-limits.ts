import { isUtf8 } from 'node:buffer';
import type { Db } from '@refinery/db';
import type { AuthUser } from '@refinery/db/queries';
import { loadActiveRuleSet } from '@refinery/pipeline';
import { ingestRaw } from '@refinery/pipeline/ingest';
import { maxNestingDepth } from '@refinery/pipeline/parse';
import type { BlobStorage } from '@refinery/pipeline/storage';
import { audit } from './audit.ts';

export class IngestRefusedError extends Error {
  constructor(
    readonly code: 'PAYLOAD_TOO_LARGE' | 'NESTING_TOO_DEEP',
    message: string,
  ) {
    super(message);
    this.name = 'IngestRefusedError';
  }
}

/**
 * What the HTTP API refuses at the door, with the rule set's own limits: files over the size
 * cap and documents nested deeper than the nesting limit. Everything else (invalid JSON,
 * other encodings) is stored unchanged for the pipeline to report on.
 */
export async function assertIngestLimits(db: Db, bytes: Buffer): Promise<void> {
  const { config } = await loadActiveRuleSet(db);
  if (bytes.length > config.maxPayloadBytes) {
    throw new IngestRefusedError(
      'PAYLOAD_TOO_LARGE',
      `The file is ${bytes.length.toLocaleString('en-US')} bytes, over the ${config.maxPayloadBytes.toLocaleString('en-US')}-byte cap.`,
    );
  }
  if (
    isUtf8(bytes) &&
    maxNestingDepth(bytes.toString('utf8'), config.maxNestingDepth) > config.maxNestingDepth
  ) {
    throw new IngestRefusedError(
      'NESTING_TOO_DEEP',
      `The document nests deeper than ${config.maxNestingDepth} levels.`,
    );
  }
}

export interface IngestRequest {
  fileName?: string | undefined;
  persona?: string | undefined;
  arc?: string | undefined;
  topic?: string | undefined;
  template?: string | undefined;
  qualityScore?: number | null | undefined;
  tier?: string | null | undefined;
}

/**
 * An ingest as the API does it, for REST and tRPC alike: the door's limits, the store and
 * queue, the audit entry, and the answer in the original design's JSON shape.
 */
export async function ingestForCaller(
  db: Db,
  storage: BlobStorage,
  who: { user: AuthUser; ip: string | null },
  bytes: Buffer,
  request: IngestRequest,
) {
  await assertIngestLimits(db, bytes);
  const result = await ingestRaw(db, storage, {
    ownerId: who.user.id,
    bytes,
    fileName: request.fileName,
    references: {
      persona: request.persona,
      arc: request.arc,
      topic: request.topic,
      template: request.template,
    },
    qualityScore: request.qualityScore ?? null,
    tier: request.tier ?? null,
  });
  await audit(
    db,
    who,
    'conversation.ingest',
    { type: 'conversation', id: result.conversationId },
    { duplicate: result.duplicate, bytes: bytes.length },
  );
  return {
    conversation_id: result.conversationId,
    enrichment_status: result.enrichmentStatus,
    duplicate: result.duplicate,
  };
}
