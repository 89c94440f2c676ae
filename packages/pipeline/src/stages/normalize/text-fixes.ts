/**
 * String fixes of DOMAIN.md §2.4, each counted so the run can report what it changed.
 * Order matters: line endings before trailing spaces, surrogates before NFC.
 */
export interface FixCounts {
  nfc: number;
  lineEndings: number;
  controlCharacters: number;
  deleteCharacters: number;
  loneSurrogates: number;
  trailingSpaces: number;
  asciiPunctuation: number;
}

export function emptyFixCounts(): FixCounts {
  return {
    nfc: 0,
    lineEndings: 0,
    controlCharacters: 0,
    deleteCharacters: 0,
    loneSurrogates: 0,
    trailingSpaces: 0,
    asciiPunctuation: 0,
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls except \t (09) and \n (0A); \r is handled as a line ending first.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const C0_CONTROLS = /[\u0000-\u0008\u000B-\u000C\u000E-\u001F]/g;
const TRAILING_SPACES = /[ \t]+$/gm;
const CURLY_TO_ASCII: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
};
const CURLY = /[\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u2013\u2014\u2212]/g;

function replaceCounting(
  text: string,
  pattern: RegExp,
  replacement: (m: string) => string,
): [string, number] {
  let count = 0;
  const result = text.replace(pattern, (match) => {
    count++;
    return replacement(match);
  });
  return [result, count];
}

export function fixString(input: string, counts: FixCounts, asciiPunctuation: boolean): string {
  let text = input;
  let n: number;
  [text, n] = replaceCounting(text, LONE_SURROGATE, () => '\uFFFD');
  counts.loneSurrogates += n;
  [text, n] = replaceCounting(text, /\r\n?/g, () => '\n');
  counts.lineEndings += n;
  [text, n] = replaceCounting(text, C0_CONTROLS, () => '');
  counts.controlCharacters += n;
  [text, n] = replaceCounting(text, /\u007F/g, () => '');
  counts.deleteCharacters += n;
  [text, n] = replaceCounting(text, TRAILING_SPACES, () => '');
  counts.trailingSpaces += n;
  if (asciiPunctuation) {
    [text, n] = replaceCounting(text, CURLY, (m) => CURLY_TO_ASCII[m]!);
    counts.asciiPunctuation += n;
  }
  const composed = text.normalize('NFC');
  if (composed !== text) counts.nfc++;
  return composed;
}
