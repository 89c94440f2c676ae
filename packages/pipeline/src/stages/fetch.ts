import { isUtf8 } from 'node:buffer';
import type { BlobStorage } from '../storage/types.ts';
import { StorageUnavailableError } from '../storage/types.ts';
import { sha256Hex } from '../util/hash.ts';
import { StageError } from './errors.ts';
import type { Finding } from './validate/issues.ts';

export type FetchResult =
  | { ok: true; text: string; bytes: Buffer; sha256: string; findings: Finding[] }
  /** Refused before parsing: the finding is the report's only blocker. */
  | { ok: false; bytes: Buffer; sha256: string; finding: Finding };

const BOMS: [number[], string][] = [
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 (big-endian)'],
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 (little-endian)'],
  [[0xfe, 0xff], 'UTF-16 (big-endian)'],
  [[0xff, 0xfe], 'UTF-16 (little-endian)'],
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Offset of the first byte that is not valid UTF-8 (overlongs and surrogates included). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    // A sequence cut off by the end of the file.
    if (i + need >= bytes.length) return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * The fetch stage: read the raw bytes and refuse, before any parsing, what cannot be a
 * UTF-8 JSON document. A missing object is a retryable stage error (RAW_NOT_FOUND): storage
 * may be catching up.
 */
export async function fetchRaw(
  storage: BlobStorage,
  key: string,
  limits: { maxPayloadBytes: number },
): Promise<FetchResult> {
  let bytes: Buffer | null;
  try {
    bytes = await storage.get(key);
  } catch (error) {
    const retryable = error instanceof StorageUnavailableError;
    throw new StageError('fetch', 'STORAGE_UNAVAILABLE', (error as Error).message, retryable, {
      cause: error,
    });
  }
  if (bytes === null) {
    throw new StageError('fetch', 'RAW_NOT_FOUND', `The raw file ${key} is not in storage.`, true);
  }
  return decodeRaw(bytes, limits);
}

/** The pure half of fetch: size cap, BOM handling and strict UTF-8. */
export function decodeRaw(bytes: Buffer, limits: { maxPayloadBytes: number }): FetchResult {
  const sha256 = sha256Hex(bytes);
  const refuse = (
    code: 'PAYLOAD_TOO_LARGE' | 'INVALID_ENCODING',
    message: string,
  ): FetchResult => ({
    ok: false,
    bytes,
    sha256,
    finding: { code, field: 'root', message },
  });
  if (bytes.length > limits.maxPayloadBytes) {
    return refuse(
      'PAYLOAD_TOO_LARGE',
      `The raw file is ${bytes.length.toLocaleString('en-US')} bytes, over the ${limits.maxPayloadBytes.toLocaleString('en-US')}-byte cap.`,
    );
  }
  for (const [bom, name] of BOMS) {
    if (startsWith(bytes, bom)) {
      return refuse(
        'INVALID_ENCODING',
        `The raw file starts with a ${name} byte order mark at byte offset 0; only UTF-8 is accepted.`,
      );
    }
  }
  const findings: Finding[] = [];
  let body = bytes;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    body = bytes.subarray(3);
    findings.push({
      code: 'BOM_STRIPPED',
      field: 'root',
      message: 'A UTF-8 byte order mark was stripped from the start of the file.',
    });
  }
  if (!isUtf8(body)) {
    const offset = firstInvalidUtf8Offset(body) + (body === bytes ? 0 : 3);
    return refuse(
      'INVALID_ENCODING',
      `The raw file is not valid UTF-8: invalid byte 0x${bytes[offset]?.toString(16).padStart(2, '0') ?? '??'} at byte offset ${offset}.`,
    );
  }
  return { ok: true, text: body.toString('utf8'), bytes, sha256, findings };
}
