import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET_CONFIG } from '../../rules/rule-set.ts';
import { normalizeEnriched } from './index.ts';
import { emptyFixCounts, fixString } from './text-fixes.ts';

function fix(text: string, ascii = false) {
  const counts = emptyFixCounts();
  return { text: fixString(text, counts, ascii), counts };
}

describe('string fixes (DOMAIN.md §2.4)', () => {
  it('recomposes to NFC', () => {
    const { text, counts } = fix('Cafe\u0301');
    expect(text).toBe('Caf\u00e9');
    expect(counts.nfc).toBe(1);
  });
  it('turns CRLF and lone CR into LF', () => {
    const { text, counts } = fix('a\r\nb\rc\nd');
    expect(text).toBe('a\nb\nc\nd');
    expect(counts.lineEndings).toBe(2);
  });
  it('removes C0 controls but keeps tab and newline', () => {
    const { text, counts } = fix('a\u0000b\u0007c\td\ne\u001f');
    expect(text).toBe('abc\td\ne');
    expect(counts.controlCharacters).toBe(3);
  });
  it('removes DEL', () => {
    const { text, counts } = fix('a\u007fb');
    expect(text).toBe('ab');
    expect(counts.deleteCharacters).toBe(1);
  });
  it('replaces lone surrogates with U+FFFD and keeps real pairs', () => {
    const { text, counts } = fix('x\ud800y\udc00z😀');
    expect(text).toBe('x\ufffdy\ufffdz😀');
    expect(counts.loneSurrogates).toBe(2);
  });
  it('strips trailing spaces at line ends only', () => {
    const { text, counts } = fix('a  \nb\t\n  c  ');
    expect(text).toBe('a\nb\n  c');
    expect(counts.trailingSpaces).toBe(3);
  });
  it('changes curly quotes and dashes to ASCII only when the flag is on', () => {
    expect(fix('“it’s” — fine').text).toBe('“it’s” — fine');
    const { text, counts } = fix('“it’s” — fine', true);
    expect(text).toBe('"it\'s" - fine');
    expect(counts.asciiPunctuation).toBe(4);
  });
  it('leaves clean text untouched', () => {
    const { text, counts } = fix('Plain text, nothing to do.');
    expect(text).toBe('Plain text, nothing to do.');
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });
});

describe('normalizeEnriched', () => {
  it('refuses a document that breaks the published schema, naming the path', () => {
    const result = normalizeEnriched(
      { dataset_metadata: {}, training_pairs: [] },
      DEFAULT_RULE_SET_CONFIG,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/Schema violation/);
      expect(result.issues.at(-1)).toMatchObject({ type: 'schema', severity: 'error' });
    }
  });
});
