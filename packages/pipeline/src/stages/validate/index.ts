import type { RuleSet } from '../../rules/rule-set.ts';
import { checkDocument } from './document-rules.ts';
import type { Finding } from './issues.ts';
import { parseJsonDocument } from './parse.ts';
import { buildReport, type ValidationReport } from './report.ts';

export * from './issues.ts';
export * from './report.ts';

export interface ValidateInput {
  conversationId: string;
  /** Decoded text of the raw file (fetch has already refused bad bytes). */
  text: string;
  ruleSet: RuleSet;
  now: Date;
  /** Findings from fetch (BOM_STRIPPED-style notes become warnings here if any). */
  extraFindings?: Finding[];
}

export type ValidateOutput = { report: ValidationReport; document: unknown | undefined };

/**
 * The validate stage: never throws, whatever the input. Unparseable or over-deep input gives
 * a report with that single blocker; otherwise every rule runs over the parsed document.
 */
export function validateConversation(input: ValidateInput): ValidateOutput {
  const context = { conversationId: input.conversationId, ruleSet: input.ruleSet, now: input.now };
  const parsed = parseJsonDocument(input.text, input.ruleSet.config.maxNestingDepth);
  if (!parsed.ok) return { report: buildReport([parsed.finding], context), document: undefined };
  const findings = [
    ...(input.extraFindings ?? []),
    ...checkDocument(parsed.value, input.ruleSet.config),
  ];
  return { report: buildReport(findings, context), document: parsed.value };
}

/** A report for input refused before parsing (size, encoding): that one blocker only. */
export function refusalReport(
  finding: Finding,
  context: Omit<ValidateInput, 'text' | 'extraFindings'>,
) {
  return buildReport([finding], context);
}
