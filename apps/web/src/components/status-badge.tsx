import { type EnrichmentStatus, STATUS_LABELS, STATUS_TONES } from '../lib/status.ts';

export function StatusBadge({ status }: { status: EnrichmentStatus }) {
  return (
    <span className={`badge badge-${STATUS_TONES[status]}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
