import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc.ts';

export const FAST_POLL_MS = 2_000;

/**
 * One shared, cheap query that says whether anything is queued or running. Pages poll their
 * own data only while this is true, and this query polls only while it is true too. TanStack
 * pauses every interval while the tab is hidden, and refetches on focus, which is how work
 * started elsewhere (the CLI, a script) appears once the operator looks again.
 */
export function useInFlight(): boolean {
  const trpc = useTRPC();
  const counts = useQuery({
    ...trpc.conversations.counts.queryOptions(),
    refetchInterval: (query) => {
      const data = query.state.data;
      const busy = data?.statuses.some(
        (s) => (s.status === 'queued' || s.status === 'enrichment_in_progress') && s.count > 0,
      );
      return busy ? FAST_POLL_MS : false;
    },
  });
  return Boolean(
    counts.data?.statuses.some(
      (s) => (s.status === 'queued' || s.status === 'enrichment_in_progress') && s.count > 0,
    ),
  );
}
