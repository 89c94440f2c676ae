import { isUtf8 } from 'node:buffer';
import { maxNestingDepth } from '../stages/validate/parse.ts';

/** Only small, sane files are peeked at for a title; the rest get the file name. */
const PEEK_LIMIT_BYTES = 2 * 1024 * 1024;

export interface RawDescription {
  title: string;
  clientPersona: string;
  referenceKeys: { persona?: string; arc?: string; topic?: string };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * A best-effort label for the dashboard, read without trusting the file: anything odd
 * (too big, not UTF-8, too deep, not JSON) just falls back to the file name.
 */
export function describeRaw(bytes: Buffer, fileName?: string): RawDescription {
  const fallback = {
    title: fileName ?? 'Untitled conversation',
    clientPersona: '',
    referenceKeys: {},
  };
  if (bytes.length > PEEK_LIMIT_BYTES || !isUtf8(bytes)) return fallback;
  const source = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (maxNestingDepth(source, 64) > 64) return fallback;
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch {
    return fallback;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fallback;
  const record = doc as Record<string, unknown>;
  const meta =
    (typeof record.conversation_metadata === 'object' && record.conversation_metadata) || {};
  const params = (typeof record.input_parameters === 'object' && record.input_parameters) || {};
  const turns = Array.isArray(record.turns) ? record.turns : [];
  const firstUser = turns.find(
    (t) => typeof t === 'object' && t !== null && (t as Record<string, unknown>).role === 'user',
  ) as Record<string, unknown> | undefined;
  const m = meta as Record<string, unknown>;
  const p = params as Record<string, unknown>;
  const title =
    text(m.session_context) ?? text(firstUser?.content)?.slice(0, 120) ?? fallback.title;
  return {
    title,
    clientPersona: text(m.client_persona) ?? '',
    referenceKeys: {
      persona: text(p.persona_key),
      arc: text(p.emotional_arc_key) ?? text(p.arc_key),
      topic: text(p.training_topic_key) ?? text(p.topic_key),
    },
  };
}
