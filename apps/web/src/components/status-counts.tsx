import type { RouterOutputs } from '@refinery/api/types';
import { type EnrichmentStatus, STATUS_LABELS, STATUS_TONES } from '../lib/status.ts';

type Counts = RouterOutputs['conversations']['counts'];

/** Status totals that double as a multi-select filter (pressed = included). */
export function StatusCounts({
  counts,
  selected,
  onToggle,
}: {
  counts: Counts;
  selected: EnrichmentStatus[];
  onToggle: (status: EnrichmentStatus) => void;
}) {
  return (
    <ul className="status-counts" aria-label="Conversations by status">
      {counts.statuses.map(({ status, count }) => (
        <li key={status}>
          <button
            type="button"
            className={`count-chip tone-${STATUS_TONES[status]}`}
            aria-pressed={selected.includes(status)}
            data-status={status}
            onClick={() => onToggle(status)}
          >
            <span className="count-label">{STATUS_LABELS[status]}</span>
            <span className="count-value" data-testid={`count-${status}`}>
              {counts.estimated ? (
                <abbr title="Estimated from a 2% sample of a very large table">
                  ≈{count.toLocaleString()}
                </abbr>
              ) : (
                count.toLocaleString()
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
