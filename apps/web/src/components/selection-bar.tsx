import { ACTION_LABELS, type BulkAction } from './bulk-dialog.tsx';

export interface SelectionSummary {
  count: number;
  allMatching: boolean;
  pageSize: number;
  matchingTotal: number | null;
}

/** What is selected, how to widen it to everything matching, and what to do with it. */
export function SelectionBar({
  summary,
  onSelectPage,
  onSelectAllMatching,
  onClear,
  onAction,
  onExport,
  canAct,
}: {
  onExport: () => void;
  canAct: boolean;
  summary: SelectionSummary;
  onSelectPage: () => void;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onAction: (action: BulkAction) => void;
}) {
  return (
    <section className="selection-bar" aria-label="Selection">
      <span aria-live="polite" data-testid="selection-count">
        {summary.count === 0
          ? 'Nothing selected'
          : summary.allMatching
            ? `All ${summary.count.toLocaleString()} matching conversations selected`
            : `${summary.count.toLocaleString()} selected`}
      </span>
      <button type="button" className="button secondary small" onClick={onSelectPage}>
        Select loaded rows ({summary.pageSize.toLocaleString()})
      </button>
      {summary.matchingTotal !== null && !summary.allMatching && (
        <button type="button" className="button secondary small" onClick={onSelectAllMatching}>
          Select all {summary.matchingTotal.toLocaleString()} matching this filter
        </button>
      )}
      {summary.count > 0 && (
        <>
          <button type="button" className="button secondary small" onClick={onClear}>
            Clear selection
          </button>
          <button type="button" className="button small" onClick={onExport}>
            Export…
          </button>
          {canAct && (
            <fieldset className="selection-actions">
              <legend className="sr-only">Bulk actions</legend>
              {(Object.keys(ACTION_LABELS) as BulkAction[]).map((action) => (
                <button
                  key={action}
                  type="button"
                  className="button small"
                  onClick={() => onAction(action)}
                >
                  {ACTION_LABELS[action]}…
                </button>
              ))}
            </fieldset>
          )}
        </>
      )}
    </section>
  );
}
