import { isUtf8 } from 'node:buffer';
import type { Db } from '@refinery/db';
import { getActiveRuleSet } from '@refinery/db/queries';
import { DEFAULT_RULE_SET_CONFIG, parseRuleSetConfig } from '@refinery/pipeline';
import { maxNestingDepth } from '@refinery/pipeline/parse';

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
  const row = await getActiveRuleSet(db);
  const config = row ? parseRuleSetConfig(row.config) : DEFAULT_RULE_SET_CONFIG;
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
