import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import {
  type BulkAction,
  BulkDialog,
  type BulkSelectionInput,
} from '../components/bulk-dialog.tsx';
import { ConversationsTable } from '../components/conversations-table.tsx';
import { ExportDialog } from '../components/export-dialog.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { SelectionBar } from '../components/selection-bar.tsx';
import { StatusCounts } from '../components/status-counts.tsx';
import { filterFromParams, hasActiveFilter } from '../lib/filters.ts';
import { canOperate, useCurrentUser } from '../lib/session.ts';
import type { EnrichmentStatus } from '../lib/status.ts';
import { useSearchParams } from '../lib/url-state.ts';
import { FAST_POLL_MS, useInFlight } from '../lib/use-in-flight.ts';
import { useTRPC } from '../trpc.ts';

type Selection = { mode: 'ids'; ids: Set<string> } | { mode: 'all'; exclude: Set<string> };
const EMPTY: Selection = { mode: 'ids', ids: new Set() };

export function ConversationsPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const { filter, sort } = filterFromParams(params);
  const filterKey = JSON.stringify({ filter, sort });
  const inFlight = useInFlight();
  const me = useCurrentUser();
  const [selection, setSelection] = useState<{ key: string; value: Selection }>({
    key: filterKey,
    value: EMPTY,
  });
  // A new filter is a new set of rows: the old selection no longer means anything.
  const current = selection.key === filterKey ? selection.value : EMPTY;
  const setCurrent = (value: Selection) => setSelection({ key: filterKey, value });
  const [bulkAction, setBulkAction] = useState<BulkAction | null>(null);
  const [exporting, setExporting] = useState(false);

  const counts = useQuery({
    ...trpc.conversations.counts.queryOptions(),
    refetchInterval: inFlight ? FAST_POLL_MS : false,
  });
  const matching = useQuery({
    ...trpc.conversations.countMatching.queryOptions(filter),
    refetchInterval: inFlight ? FAST_POLL_MS * 2 : false,
  });
  const list = useInfiniteQuery({
    ...trpc.conversations.list.infiniteQueryOptions(
      { ...filter, sort, limit: 100 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    refetchInterval: inFlight ? FAST_POLL_MS : false,
  });
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const isSelected = (id: string) =>
    current.mode === 'all' ? !current.exclude.has(id) : current.ids.has(id);
  const toggle = (id: string) => {
    const next = new Set(current.mode === 'all' ? current.exclude : current.ids);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCurrent(
      current.mode === 'all' ? { mode: 'all', exclude: next } : { mode: 'ids', ids: next },
    );
  };
  const selectedCount =
    current.mode === 'all'
      ? Math.max((matching.data ?? 0) - current.exclude.size, 0)
      : current.ids.size;
  const selectionInput: BulkSelectionInput =
    current.mode === 'all'
      ? { filter, all: true, include: [], exclude: [...current.exclude] }
      : { filter: {}, all: false, include: [...current.ids], exclude: [] };

  const toggleStatus = (status: EnrichmentStatus) =>
    setParams((next) => {
      const statuses = next.getAll('status');
      next.delete('status');
      const updated = statuses.includes(status)
        ? statuses.filter((s) => s !== status)
        : [...statuses, status];
      for (const s of updated) next.append('status', s);
    });

  return (
    <section aria-labelledby="conversations-heading">
      <div className="page-heading">
        <h1 id="conversations-heading">Conversations</h1>
        {matching.data !== undefined && (
          <p className="muted" data-testid="matching-count">
            {matching.data.toLocaleString()} {hasActiveFilter(params) ? 'matching' : 'in total'}
            {inFlight ? ' · processing' : ''}
          </p>
        )}
      </div>

      {counts.isError && <p role="alert">Could not load the counts: {counts.error.message}</p>}
      {counts.data && (
        <StatusCounts
          counts={counts.data}
          selected={filter.statuses ?? []}
          onToggle={toggleStatus}
        />
      )}
      <FilterBar />
      <SelectionBar
        summary={{
          count: selectedCount,
          allMatching: current.mode === 'all',
          pageSize: items.length,
          matchingTotal: matching.data ?? null,
        }}
        onSelectPage={() => setCurrent({ mode: 'ids', ids: new Set(items.map((i) => i.id)) })}
        onSelectAllMatching={() => setCurrent({ mode: 'all', exclude: new Set() })}
        onClear={() => setCurrent(EMPTY)}
        onAction={setBulkAction}
        onExport={() => setExporting(true)}
        canAct={canOperate(me.data)}
      />

      {list.isPending && (
        <p aria-live="polite" className="loading">
          Loading conversations…
        </p>
      )}
      {list.isError && (
        <div role="alert" className="error-box">
          Could not load conversations: {list.error.message}{' '}
          <button type="button" className="button small" onClick={() => list.refetch()}>
            Try again
          </button>
        </div>
      )}
      {list.isSuccess && items.length === 0 && (
        <p className="empty-state">
          {hasActiveFilter(params)
            ? 'No conversations match these filters.'
            : 'No conversations yet. Ingest some with `pnpm refinery ingest <folder>`.'}
        </p>
      )}
      {items.length > 0 && (
        <ConversationsTable
          items={items}
          isSelected={isSelected}
          onToggle={toggle}
          onReachEnd={loadMore}
        />
      )}
      {list.hasNextPage && (
        <div className="load-more">
          <button
            type="button"
            className="button"
            onClick={loadMore}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
      {exporting && <ExportDialog selection={selectionInput} onClose={() => setExporting(false)} />}
      {bulkAction && (
        <BulkDialog
          action={bulkAction}
          selection={selectionInput}
          onClose={() => setBulkAction(null)}
        />
      )}
    </section>
  );
}
