import type { Db } from '@refinery/db';
import type { ClaimedConversation } from '@refinery/db/queries';
import { getActiveEnrichmentProfile, listMetadataByIds } from '@refinery/db/queries';
import { DEFAULT_PROFILE, type EnrichmentProfileConfig } from '../enrich/profile.ts';
import { loadActiveRuleSet } from '../rules/active-rule-set.ts';
import type { BlobStorage } from '../storage/types.ts';
import type { BatchContext } from './run-context.ts';

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

/** Configuration and metadata for one batch: a handful of small queries, not one per row. */
export async function loadBatchContext(
  db: Db,
  rows: ClaimedConversation[],
  options: {
    storage: BlobStorage;
    workerId: string;
    retry: BatchContext['retry'];
    faultPause?: BatchContext['faultPause'];
    faultCrashOn?: BatchContext['faultCrashOn'];
  },
): Promise<BatchContext> {
  const [ruleSet, profileRow, metadata] = await Promise.all([
    loadActiveRuleSet(db),
    getActiveEnrichmentProfile(db),
    listMetadataByIds(db, {
      personaIds: distinct(rows.map((r) => r.personaId)),
      arcIds: distinct(rows.map((r) => r.emotionalArcId)),
      topicIds: distinct(rows.map((r) => r.trainingTopicId)),
      templateIds: distinct(rows.map((r) => r.promptTemplateId)),
    }),
  ]);
  return {
    ruleSet,
    profile: profileRow
      ? {
          version: profileRow.version,
          config: profileRow.profile as unknown as EnrichmentProfileConfig,
        }
      : DEFAULT_PROFILE,
    personas: new Map(metadata.personas.map((p) => [p.id, p])),
    arcs: new Map(metadata.emotionalArcs.map((a) => [a.id, a])),
    topics: new Map(metadata.trainingTopics.map((t) => [t.id, t])),
    templates: new Map(metadata.promptTemplates.map((t) => [t.id, t])),
    storage: options.storage,
    workerId: options.workerId,
    retry: options.retry,
    faultPause: options.faultPause,
    faultCrashOn: options.faultCrashOn,
  };
}
