import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { conversations } from '../schema/index.ts';
import type { EnrichmentStatus } from '../statuses.ts';

/** The filter shared by listing, counting, bulk selections and exports. */
export interface ConversationFilter {
  statuses?: EnrichmentStatus[] | undefined;
  ownerId?: string | undefined;
  personaId?: string | undefined;
  emotionalArcId?: string | undefined;
  trainingTopicId?: string | undefined;
  /** Case-insensitive substring of the id, title or persona. */
  search?: string | undefined;
  createdFrom?: Date | undefined;
  /** Exclusive upper bound. */
  createdTo?: Date | undefined;
  /** Conversations whose last validation report has a blocker with this code. */
  ruleCode?: string | undefined;
  bulkOperationId?: string | undefined;
  /** Produced with a rule set or enrichment profile other than the active ones. */
  stale?: boolean | undefined;
}

export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * Stale: a completed conversation whose output was made with another rule set or profile
 * than the active ones, or a validated / failed-validation one judged by another rule set.
 * A bulk re-enrich (or re-validate) brings them up to date.
 */
function staleSql(): SQL {
  const c = conversations;
  const activeRuleSet = sql`(select version from rule_sets where is_active)`;
  const activeProfile = sql`(select version from enrichment_profiles where is_active)`;
  return sql`(
    (${c.enrichmentStatus} = 'completed' and (${c.ruleSetVersion} is distinct from ${activeRuleSet}
      or ${c.enrichmentProfileVersion} is distinct from ${activeProfile}))
    or (${c.enrichmentStatus} in ('validated', 'validation_failed')
      and ${c.ruleSetVersion} is distinct from ${activeRuleSet}))`;
}

/** Builds the WHERE clause of a filter; undefined when nothing filters. */
export function conversationFilterSql(filter: ConversationFilter): SQL | undefined {
  const c = conversations;
  const conditions: SQL[] = [];
  if (filter.statuses && filter.statuses.length > 0) {
    conditions.push(
      filter.statuses.length === 1
        ? eq(c.enrichmentStatus, filter.statuses[0]!)
        : inArray(c.enrichmentStatus, filter.statuses),
    );
  }
  if (filter.ownerId) conditions.push(eq(c.ownerId, filter.ownerId));
  if (filter.personaId) conditions.push(eq(c.personaId, filter.personaId));
  if (filter.emotionalArcId) conditions.push(eq(c.emotionalArcId, filter.emotionalArcId));
  if (filter.trainingTopicId) conditions.push(eq(c.trainingTopicId, filter.trainingTopicId));
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    conditions.push(sql`${c.searchText} like ${`%${escapeLikePattern(search)}%`}`);
  }
  if (filter.createdFrom) conditions.push(gte(c.createdAt, filter.createdFrom));
  if (filter.createdTo) conditions.push(lt(c.createdAt, filter.createdTo));
  if (filter.ruleCode) {
    conditions.push(sql`${c.failingRuleCodes} @> array[${filter.ruleCode}]::text[]`);
  }
  if (filter.bulkOperationId) conditions.push(eq(c.lastBulkOperationId, filter.bulkOperationId));
  if (filter.stale) conditions.push(staleSql());
  return conditions.length > 0 ? and(...conditions) : undefined;
}
