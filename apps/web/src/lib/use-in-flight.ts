import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc.ts';

export const FAST_POLL_MS = 2_000;

/**
 * One shared, cheap query that says whether anything is queued or running. Pages poll their
 * own data only while this is true; it polls itself only while the tab is visible.
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
      // Something running: follow it closely. Idle: look again now and then for new work.
      return busy ? FAST_POLL_MS : 15_000;
    },
  });
  return Boolean(
    counts.data?.statuses.some(
      (s) => (s.status === 'queued' || s.status === 'enrichment_in_progress') && s.count > 0,
    ),
  );
}
