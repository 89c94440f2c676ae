import type { RouterOutputs } from '@refinery/api/types';

export type EnrichmentStatus =
  RouterOutputs['conversations']['counts']['statuses'][number]['status'];

/** Display names and colour families; the API owns the list and its order. */
export const STATUS_LABELS: Record<EnrichmentStatus, string> = {
  not_started: 'Not started',
  queued: 'Queued',
  enrichment_in_progress: 'In progress',
  validated: 'Validated',
  enriched: 'Enriched',
  completed: 'Completed',
  validation_failed: 'Validation failed',
  enrichment_failed: 'Enrichment failed',
  normalization_failed: 'Normalization failed',
  storage_failed: 'Storage failed',
  cancelled: 'Cancelled',
};

export const STATUS_TONES: Record<EnrichmentStatus, 'neutral' | 'info' | 'busy' | 'ok' | 'bad'> = {
  not_started: 'neutral',
  queued: 'info',
  enrichment_in_progress: 'busy',
  validated: 'ok',
  enriched: 'ok',
  completed: 'ok',
  validation_failed: 'bad',
  enrichment_failed: 'bad',
  normalization_failed: 'bad',
  storage_failed: 'bad',
  cancelled: 'neutral',
};

export const IN_FLIGHT: EnrichmentStatus[] = ['queued', 'enrichment_in_progress'];
