import type { Db } from '@refinery/db';
import {
  ensureActiveEnrichmentProfile,
  ensureActiveRuleSet,
  ensureUser,
  insertMissingReferenceRows,
} from '@refinery/db/queries';
import { DEFAULT_PROFILE_CONFIG } from '../enrich/profile.ts';
import { DEFAULT_RULE_SET_CONFIG } from '../rules/rule-set.ts';
import { readSeedRows, snakeToCamelKeys } from './metadata-files.ts';
import { SEED_PROMPT_TEMPLATES } from './prompt-templates.ts';

/**
 * Owner of the demo conversations and of what is ingested without an account: a system
 * account that cannot log in.
 */
export const DEMO_OWNER = {
  email: 'local@refinery.local',
  displayName: 'Local operator',
  role: 'operator',
} as const;

/**
 * Makes a database usable: metadata rows, the default rule set and enrichment profile, and
 * the demo owner. Safe to run on every start: it only adds what is missing.
 */
export async function seedReferenceData(db: Db): Promise<{ demoOwnerId: string }> {
  await insertMissingReferenceRows(db, {
    personas: readSeedRows('personas').map(snakeToCamelKeys) as never,
    emotionalArcs: readSeedRows('emotional-arcs').map(snakeToCamelKeys) as never,
    trainingTopics: readSeedRows('training-topics').map(snakeToCamelKeys) as never,
    promptTemplates: SEED_PROMPT_TEMPLATES.map((t) => ({ ...t, variables: [...t.variables] })),
  });
  await ensureActiveRuleSet(db, {
    name: 'Default rules',
    config: DEFAULT_RULE_SET_CONFIG as unknown as Record<string, unknown>,
  });
  await ensureActiveEnrichmentProfile(db, {
    name: 'Fee-only financial planner',
    profile: DEFAULT_PROFILE_CONFIG as unknown as Record<string, unknown>,
  });
  const demoOwnerId = await ensureUser(db, DEMO_OWNER);
  return { demoOwnerId };
}
