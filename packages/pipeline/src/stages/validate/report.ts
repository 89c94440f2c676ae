import { GATE_RULES, RULE_DEFAULTS, type RuleCode } from '../../rules/rule-codes.ts';
import type { RuleSet } from '../../rules/rule-set.ts';
import { type Finding, SUGGESTIONS, type ValidationIssue } from './issues.ts';

export interface ValidationReport {
  isValid: boolean;
  hasBlockers: boolean;
  hasWarnings: boolean;
  blockers: ValidationIssue[];
  warnings: ValidationIssue[];
  conversationId: string;
  validatedAt: string;
  summary: string;
  ruleSetVersion: number;
}

/** Applies the rule set's severities (gate rules are fixed) and assembles the report. */
export function buildReport(
  findings: Finding[],
  context: { conversationId: string; ruleSet: RuleSet; now: Date },
): ValidationReport {
  const blockers: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  for (const finding of findings) {
    const severity = severityOf(finding.code, context.ruleSet);
    if (severity === 'off') continue;
    const issue = { ...finding, severity, suggestion: SUGGESTIONS[finding.code] };
    (severity === 'blocker' ? blockers : warnings).push(issue);
  }
  return {
    isValid: blockers.length === 0,
    hasBlockers: blockers.length > 0,
    hasWarnings: warnings.length > 0,
    blockers,
    warnings,
    conversationId: context.conversationId,
    validatedAt: context.now.toISOString(),
    summary: summarize(blockers, warnings),
    ruleSetVersion: context.ruleSet.version,
  };
}

function severityOf(code: RuleCode, ruleSet: RuleSet) {
  if ((GATE_RULES as readonly string[]).includes(code)) return RULE_DEFAULTS[code];
  return ruleSet.config.severities[code] ?? RULE_DEFAULTS[code];
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summarize(blockers: ValidationIssue[], warnings: ValidationIssue[]): string {
  if (blockers.length === 0 && warnings.length === 0) return 'Valid: no issues found.';
  const codes = [...new Set([...blockers, ...warnings].map((i) => i.code))].join(', ');
  const verdict = blockers.length > 0 ? 'Invalid' : 'Valid with warnings';
  return `${verdict}: ${plural(blockers.length, 'blocker')}, ${plural(warnings.length, 'warning')} (${codes}).`;
}
