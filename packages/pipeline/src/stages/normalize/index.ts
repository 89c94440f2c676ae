import { createHash } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import enrichedSchema from '../../../schema/enriched-conversation.schema.json' with {
  type: 'json',
};
import type { RuleSetConfig } from '../../rules/rule-set.ts';
import { emptyFixCounts, type FixCounts, fixString } from './text-fixes.ts';

export interface NormalizationIssue {
  type: 'encoding' | 'formatting' | 'schema' | 'size';
  severity: 'info' | 'warning' | 'error';
  message: string;
  count: number;
}

export type NormalizeResult =
  | { ok: true; bytes: Buffer; sha256: string; issues: NormalizationIssue[] }
  | { ok: false; issues: NormalizationIssue[]; error: string };

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateEnriched = ajv.compile(enrichedSchema);

/** Applies the string fixes to every string value (and key) of a JSON value. */
function normalizeValue(value: unknown, counts: FixCounts, ascii: boolean): unknown {
  if (typeof value === 'string') return fixString(value, counts, ascii);
  if (Array.isArray(value)) return value.map((item) => normalizeValue(item, counts, ascii));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[fixString(key, counts, ascii)] = normalizeValue(item, counts, ascii);
    }
    return out;
  }
  return value;
}

const FIX_DESCRIPTIONS: [
  keyof FixCounts,
  NormalizationIssue['type'],
  NormalizationIssue['severity'],
  string,
][] = [
  ['loneSurrogates', 'encoding', 'warning', 'lone surrogates replaced by U+FFFD'],
  ['nfc', 'encoding', 'info', 'strings recomposed to Unicode NFC'],
  ['controlCharacters', 'encoding', 'warning', 'C0 control characters removed'],
  ['deleteCharacters', 'encoding', 'warning', 'DEL characters removed'],
  ['lineEndings', 'formatting', 'info', 'CR / CRLF line endings changed to LF'],
  ['trailingSpaces', 'formatting', 'info', 'trailing spaces removed from line ends'],
  ['asciiPunctuation', 'formatting', 'info', 'curly quotes and dashes changed to ASCII'],
];

/**
 * The normalize stage (DOMAIN.md §2.4): fix every string, check the schema, serialize
 * canonically (UTF-8, 2-space indent, final newline). The bytes returned are the bytes stored.
 */
export function normalizeEnriched(document: unknown, config: RuleSetConfig): NormalizeResult {
  const counts = emptyFixCounts();
  const normalized = normalizeValue(document, counts, config.asciiPunctuation);
  const issues: NormalizationIssue[] = FIX_DESCRIPTIONS.filter(([key]) => counts[key] > 0).map(
    ([key, type, severity, what]) => ({
      type,
      severity,
      message: `${counts[key]} ${what}`,
      count: counts[key],
    }),
  );

  if (!validateEnriched(normalized)) {
    const errors = (validateEnriched.errors ?? []).slice(0, 5);
    const detail = errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    issues.push({
      type: 'schema',
      severity: 'error',
      message: `Enriched document breaks the schema: ${detail}`,
      count: validateEnriched.errors?.length ?? 1,
    });
    return { ok: false, issues, error: `Schema violation: ${detail}` };
  }

  const bytes = Buffer.from(`${JSON.stringify(normalized, null, 2)}\n`, 'utf8');
  if (bytes.length > config.maxPayloadBytes) {
    const message = `Output is ${bytes.length} bytes, over the ${config.maxPayloadBytes}-byte cap`;
    issues.push({ type: 'size', severity: 'error', message, count: 1 });
    return { ok: false, issues, error: message };
  }
  if (bytes.length < config.minOutputBytes) {
    const message = `Output is ${bytes.length} bytes, under the ${config.minOutputBytes}-byte minimum`;
    issues.push({ type: 'size', severity: 'error', message, count: 1 });
    return { ok: false, issues, error: message };
  }
  return { ok: true, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), issues };
}
