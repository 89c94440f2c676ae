/**
 * The enrichment status machine's vocabulary (DOMAIN.md §3). These names are a contract with
 * stored rows and API clients: add, never rename.
 */
export const ENRICHMENT_STATUSES = [
  'not_started',
  'queued',
  'enrichment_in_progress',
  'validated',
  'enriched',
  'completed',
  'validation_failed',
  'enrichment_failed',
  'normalization_failed',
  'storage_failed',
  'cancelled',
] as const;

export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];

export const FAILED_STATUSES = [
  'validation_failed',
  'enrichment_failed',
  'normalization_failed',
  'storage_failed',
] as const satisfies readonly EnrichmentStatus[];

export type FailedStatus = (typeof FAILED_STATUSES)[number];

/** Statuses a worker owns or will own: the dashboard polls while any row is in one. */
export const IN_FLIGHT_STATUSES = [
  'queued',
  'enrichment_in_progress',
] as const satisfies readonly EnrichmentStatus[];

/** Statuses no worker will move on its own. */
export const TERMINAL_STATUSES = [
  'not_started',
  'validated',
  'enriched',
  'completed',
  'cancelled',
  ...FAILED_STATUSES,
] as const satisfies readonly EnrichmentStatus[];

export function isEnrichmentStatus(value: unknown): value is EnrichmentStatus {
  return (ENRICHMENT_STATUSES as readonly unknown[]).includes(value);
}

export function isFailedStatus(status: EnrichmentStatus): status is FailedStatus {
  return (FAILED_STATUSES as readonly string[]).includes(status);
}

export function isInFlightStatus(status: EnrichmentStatus): boolean {
  return (IN_FLIGHT_STATUSES as readonly string[]).includes(status);
}

export const PIPELINE_STAGES = ['fetch', 'validate', 'enrich', 'normalize', 'store'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

export const USER_ROLES = ['admin', 'operator', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const BULK_ACTIONS = ['enrich', 'retry', 'revalidate', 'reenrich', 'cancel'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const BULK_STATES = ['running', 'done', 'cancelled'] as const;
export type BulkState = (typeof BULK_STATES)[number];

export const EXPORT_FORMATS = ['enriched', 'chat'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Background jobs (exports, rule-set impact previews). */
export const JOB_STATES = ['running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const WEBHOOK_EVENTS = [
  'conversation.completed',
  'conversation.failed',
  'bulk_operation.finished',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
