/**
 * Keyset cursors are opaque to clients: base64url of the last row's sort key. The timestamp
 * travels as PostgreSQL's own text form so microseconds survive the round trip (a JS Date
 * would truncate to milliseconds and skip or repeat rows).
 */
export interface KeysetPosition {
  sortValue: string;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.sortValue, position.id])).toString('base64url');
}

export class InvalidCursorError extends Error {
  constructor() {
    super('The page cursor is not valid: start again from the first page.');
    this.name = 'InvalidCursorError';
  }
}

/** PostgreSQL's ISO output for timestamptz, e.g. `2026-01-01 00:00:24.000017+00`. */
const TIMESTAMPTZ_TEXT_PATTERN =
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      UUID_PATTERN.test(parsed[1]) &&
      TIMESTAMPTZ_TEXT_PATTERN.test(parsed[0])
    ) {
      return { sortValue: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the typed error
  }
  throw new InvalidCursorError();
}
