import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SEED_DIR = new URL('../../seed/', import.meta.url);

/** Reads one of the committed seed files: one JSON object a line, keys in snake_case. */
export function readSeedRows(name: 'personas' | 'emotional-arcs' | 'training-topics') {
  const text = readFileSync(fileURLToPath(new URL(`${name}.ndjson`, SEED_DIR)), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function snakeToCamelKeys(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase()),
      value,
    ]),
  );
}
