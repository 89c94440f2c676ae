import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ConversationsTable } from '../components/conversations-table.tsx';
import { StatusCounts } from '../components/status-counts.tsx';
import { type EnrichmentStatus, IN_FLIGHT, STATUS_LABELS } from '../lib/status.ts';
import { useSearchParams } from '../lib/url-state.ts';
import { useTRPC } from '../trpc.ts';

const FAST_POLL_MS = 2_000;
const IDLE_POLL_MS = 15_000;

function isStatus(value: string): value is EnrichmentStatus {
  return value in STATUS_LABELS;
}

export function ConversationsPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const statuses = params.getAll('status').filter(isStatus);

  const counts = useQuery({
    ...trpc.conversations.counts.queryOptions(),
    // Poll quickly while work is in flight, slowly otherwise; never while the tab is hidden.
    refetchInterval: (query) =>
      query.state.data?.statuses.some((s) => IN_FLIGHT.includes(s.status) && s.count > 0)
        ? FAST_POLL_MS
        : IDLE_POLL_MS,
  });
  const inFlight = counts.data?.statuses.some((s) => IN_FLIGHT.includes(s.status) && s.count > 0);

  const list = useInfiniteQuery({
    ...trpc.conversations.list.infiniteQueryOptions(
      { limit: 50, statuses: statuses.length ? statuses : undefined },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    refetchInterval: inFlight ? FAST_POLL_MS : false,
  });

  const toggleStatus = (status: EnrichmentStatus) =>
    setParams((next) => {
      const current = next.getAll('status');
      next.delete('status');
      const updated = current.includes(status)
        ? current.filter((s) => s !== status)
        : [...current, status];
      for (const s of updated) next.append('status', s);
    });

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="conversations-heading">
      <div className="page-heading">
        <h1 id="conversations-heading">Conversations</h1>
        {counts.data && (
          <p className="muted" data-testid="total-count">
            {counts.data.total.toLocaleString()} in total
            {inFlight ? ' · processing' : ''}
          </p>
        )}
      </div>

      {counts.isError && <p role="alert">Could not load the counts: {counts.error.message}</p>}
      {counts.data && (
        <StatusCounts counts={counts.data} selected={statuses} onToggle={toggleStatus} />
      )}

      {list.isPending && <p aria-live="polite">Loading conversations…</p>}
      {list.isError && (
        <div role="alert" className="error-box">
          Could not load conversations: {list.error.message}{' '}
          <button type="button" onClick={() => list.refetch()}>
            Try again
          </button>
        </div>
      )}
      {list.isSuccess && items.length === 0 && (
        <p className="empty-state">
          {statuses.length
            ? 'No conversations have the selected statuses.'
            : 'No conversations yet. Ingest some with `pnpm refinery ingest <folder>`.'}
        </p>
      )}
      {items.length > 0 && <ConversationsTable items={items} />}
      {list.hasNextPage && (
        <div className="load-more">
          <button
            type="button"
            onClick={() => list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
