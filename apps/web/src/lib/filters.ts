import type { RouterInputs } from '@refinery/api/types';
import { type EnrichmentStatus, STATUS_LABELS } from './status.ts';

export type ListInput = RouterInputs['conversations']['list'];
export type ConversationFilter = Omit<ListInput, 'limit' | 'cursor' | 'sort'>;
export type Sort = NonNullable<ListInput['sort']>;

export const SORT_LABELS: Record<Sort, string> = {
  updated_desc: 'Recently updated',
  updated_asc: 'Least recently updated',
  created_desc: 'Newest first',
  created_asc: 'Oldest first',
};

function isStatus(value: string): value is EnrichmentStatus {
  return value in STATUS_LABELS;
}

/** Short, readable URL keys for every filter: links stay shareable and hand-editable. */
export function filterFromParams(params: URLSearchParams): {
  filter: ConversationFilter;
  sort: Sort;
} {
  const filter: ConversationFilter = {};
  const statuses = params.getAll('status').filter(isStatus);
  if (statuses.length) filter.statuses = statuses;
  const text = (key: string) => params.get(key) || undefined;
  filter.personaId = text('persona');
  filter.emotionalArcId = text('arc');
  filter.trainingTopicId = text('topic');
  filter.ownerId = text('owner');
  filter.search = text('q');
  filter.ruleCode = text('rule');
  filter.bulkOperationId = text('bulk');
  if (params.get('stale') === '1') filter.stale = true;
  const from = text('from');
  const to = text('to');
  if (from) filter.createdFrom = new Date(`${from}T00:00:00`);
  // "to" is a calendar day, inclusive: the filter's bound is the next midnight.
  if (to) filter.createdTo = new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000);
  const sortParam = params.get('sort');
  const sort = sortParam && sortParam in SORT_LABELS ? (sortParam as Sort) : 'updated_desc';
  for (const key of Object.keys(filter) as (keyof ConversationFilter)[]) {
    if (filter[key] === undefined) delete filter[key];
  }
  return { filter, sort };
}

export const FILTER_PARAM_KEYS = [
  'status',
  'persona',
  'arc',
  'topic',
  'owner',
  'q',
  'rule',
  'bulk',
  'stale',
  'from',
  'to',
];

export function hasActiveFilter(params: URLSearchParams): boolean {
  return FILTER_PARAM_KEYS.some((key) => params.has(key));
}
