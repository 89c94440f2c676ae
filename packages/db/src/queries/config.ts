import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { enrichmentProfiles, ruleSets } from '../schema/index.ts';

export async function getActiveRuleSet(db: Db) {
  const [row] = await db
    .select({ version: ruleSets.version, config: ruleSets.config })
    .from(ruleSets)
    .where(eq(ruleSets.isActive, true));
  return row ?? null;
}

export async function getActiveEnrichmentProfile(db: Db) {
  const [row] = await db
    .select({ version: enrichmentProfiles.version, profile: enrichmentProfiles.profile })
    .from(enrichmentProfiles)
    .where(eq(enrichmentProfiles.isActive, true));
  return row ?? null;
}
