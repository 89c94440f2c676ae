import type { Db } from '@refinery/db';
import { getActiveRuleSet } from '@refinery/db/queries';
import { DEFAULT_RULE_SET, parseRuleSetConfig, type RuleSet } from './rule-set.ts';

/** The rule set in force: the active row, completed with defaults, or the built-in one. */
export async function loadActiveRuleSet(db: Db): Promise<RuleSet> {
  const row = await getActiveRuleSet(db);
  return row ? { version: row.version, config: parseRuleSetConfig(row.config) } : DEFAULT_RULE_SET;
}
