import type { BulkAction, Db, EnrichmentStatus } from '@refinery/db';
import {
  type BulkSelection,
  cancelValues,
  countSelectionByStatus,
  createBulkOperation,
  requeueValues,
} from '@refinery/db/queries';
import { requeueModeOf, type StatusEvent, statusesAllowing } from '../status-machine.ts';

const EVENT_OF_ACTION = {
  enrich: 'enqueue',
  retry: 'retry',
  revalidate: 'revalidate',
  // Replaces finished output: how stale conversations catch up with new configuration.
  reenrich: 'force',
  cancel: 'cancel',
} as const satisfies Record<BulkAction, StatusEvent>;

/** The statuses an action moves, and the values it writes: straight from the status machine. */
export function bulkPlan(action: BulkAction, bulkOperationId?: string) {
  const event = EVENT_OF_ACTION[action];
  const fromStatuses = statusesAllowing(event);
  const values =
    event === 'cancel'
      ? cancelValues(bulkOperationId)
      : requeueValues({ ...requeueModeOf(event), bulkOperationId });
  return { fromStatuses, values: values as Record<string, unknown> };
}

const SKIP_REASONS: Partial<Record<EnrichmentStatus, string>> = {
  queued: 'already queued',
  enrichment_in_progress: 'being processed now',
  completed: 'already completed (re-run one with force from its page)',
  cancelled: 'cancelled',
  not_started: 'not started yet (use Enrich)',
  validation_failed: 'failed (use Retry)',
  enrichment_failed: 'failed (use Retry)',
  normalization_failed: 'failed (use Retry)',
  storage_failed: 'failed (use Retry)',
  validated: 'validated only (use Enrich)',
  enriched: 'enriched, not stored (use Enrich)',
};

export interface BulkPreview {
  total: number;
  willApply: number;
  skipped: { status: EnrichmentStatus; count: number; reason: string }[];
}

export async function previewBulkAction(
  db: Db,
  selection: BulkSelection,
  action: BulkAction,
  ownerScope?: string,
): Promise<BulkPreview> {
  const counts = await countSelectionByStatus(db, selection, ownerScope);
  const { fromStatuses } = bulkPlan(action);
  let total = 0;
  let willApply = 0;
  const skipped: BulkPreview['skipped'] = [];
  for (const [status, count] of Object.entries(counts) as [EnrichmentStatus, number][]) {
    total += count;
    if (fromStatuses.includes(status)) willApply += count;
    else skipped.push({ status, count, reason: SKIP_REASONS[status] ?? status });
  }
  skipped.sort((a, b) => b.count - a.count);
  return { total, willApply, skipped };
}

/**
 * Records the operation; a bulk runner applies it in chunks. The client's idempotency key
 * makes a double click (or a retried request) return the same operation.
 */
export async function startBulkAction(
  db: Db,
  params: {
    action: BulkAction;
    selection: BulkSelection;
    idempotencyKey: string;
    requestedBy: string | null;
    ownerScope?: string | undefined;
  },
) {
  const preview = await previewBulkAction(db, params.selection, params.action, params.ownerScope);
  return createBulkOperation(db, {
    action: params.action,
    selection: params.selection,
    requestedBy: params.requestedBy,
    idempotencyKey: params.idempotencyKey,
    total: preview.total,
    ownerScope: params.ownerScope ?? null,
  });
}
