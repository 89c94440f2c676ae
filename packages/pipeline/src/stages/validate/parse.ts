import type { Finding } from './issues.ts';

export type ParseResult = { ok: true; value: unknown } | { ok: false; finding: Finding };

/**
 * Depth of the deepest array/object, found by one pass over the text (strings skipped), so
 * a 10,000-deep document is refused before JSON.parse builds it.
 */
export function maxNestingDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (ch === 125 || ch === 93) depth--;
  }
  return deepest;
}

/** Line and column (1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function errorOffset(message: string, text: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  // "Unexpected end of JSON input" and friends: the problem is where the text stops.
  return text.length;
}

/** JSON.parse with a nesting limit; every failure is a finding, never an exception. */
export function parseJsonDocument(text: string, nestingLimit: number): ParseResult {
  const depth = maxNestingDepth(text, nestingLimit);
  if (depth > nestingLimit) {
    return {
      ok: false,
      finding: {
        code: 'NESTING_TOO_DEEP',
        field: 'root',
        message: `The document nests deeper than ${nestingLimit} levels.`,
      },
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = (error as Error).message.replace(/\s*\(line \d+ column \d+\)$/, '');
    const { line, column } = lineAndColumn(text, errorOffset(reason, text));
    const detail =
      text.trim() === '' ? 'the file is empty' : reason.replace(/ in JSON at position \d+/, '');
    return {
      ok: false,
      finding: {
        code: 'INVALID_JSON_SYNTAX',
        field: 'root',
        message: `Not valid JSON at line ${line}, column ${column}: ${detail}.`,
      },
    };
  }
}
