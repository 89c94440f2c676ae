import { RULE_CODES, type RuleCode, type Severity } from './rule-codes.ts';

/** The editable part of validation and normalization: thresholds, severities, flags. */
export interface RuleSetConfig {
  minTurns: number;
  maxTurns: number;
  shortContentChars: number;
  maxNestingDepth: number;
  maxPayloadBytes: number;
  /** Below this many bytes the normalized output is refused as suspiciously empty. */
  minOutputBytes: number;
  /** Normalize curly quotes and dashes to ASCII. */
  asciiPunctuation: boolean;
  /** Per-rule overrides; `off` silences a rule. Gate rules cannot be changed. */
  severities: Partial<Record<RuleCode, Severity | 'off'>>;
}

export interface RuleSet {
  version: number;
  config: RuleSetConfig;
}

export const DEFAULT_RULE_SET_CONFIG: RuleSetConfig = {
  minTurns: 2,
  maxTurns: 50,
  shortContentChars: 10,
  maxNestingDepth: 64,
  maxPayloadBytes: 10 * 1024 * 1024,
  minOutputBytes: 200,
  asciiPunctuation: false,
  severities: {},
};

export const DEFAULT_RULE_SET: RuleSet = { version: 1, config: DEFAULT_RULE_SET_CONFIG };

export class InvalidRuleSetError extends Error {
  constructor(problem: string) {
    super(`Invalid rule set: ${problem}`);
    this.name = 'InvalidRuleSetError';
  }
}

/** Reads a stored config, filling defaults for keys added after it was saved. */
export function parseRuleSetConfig(value: unknown): RuleSetConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRuleSetError('the configuration must be an object');
  }
  const merged = { ...DEFAULT_RULE_SET_CONFIG, ...(value as Partial<RuleSetConfig>) };
  for (const key of [
    'minTurns',
    'maxTurns',
    'shortContentChars',
    'maxNestingDepth',
    'maxPayloadBytes',
    'minOutputBytes',
  ] as const) {
    const n = merged[key];
    if (!Number.isInteger(n) || n < 0) {
      throw new InvalidRuleSetError(`${key} must be a whole number ≥ 0, got ${String(n)}`);
    }
  }
  if (merged.minTurns > merged.maxTurns) {
    throw new InvalidRuleSetError('minTurns must not exceed maxTurns');
  }
  for (const [code, severity] of Object.entries(merged.severities ?? {})) {
    if (!(RULE_CODES as string[]).includes(code)) {
      throw new InvalidRuleSetError(`unknown rule code ${code}`);
    }
    if (!['blocker', 'warning', 'off'].includes(String(severity))) {
      throw new InvalidRuleSetError(`severity of ${code} must be blocker, warning or off`);
    }
  }
  return merged;
}
