import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ThroughputChart } from '../components/throughput-chart.tsx';
import { formatDuration, formatPercent, newIdempotencyKey } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { canOperate, useCurrentUser } from '../lib/session.ts';
import { STATUS_LABELS, STATUS_TONES } from '../lib/status.ts';
import { navigate } from '../lib/url-state.ts';
import { FAST_POLL_MS, useInFlight } from '../lib/use-in-flight.ts';
import { useTRPC } from '../trpc.ts';

export function OverviewPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inFlight = useInFlight();
  const me = useCurrentUser();
  const poll = inFlight ? FAST_POLL_MS * 2 : false;
  const overview = useQuery({ ...trpc.stats.overview.queryOptions(), refetchInterval: poll });
  const throughput = useQuery({
    ...trpc.stats.throughput.queryOptions({ minutes: 60 }),
    refetchInterval: poll,
  });
  const durations = useQuery({
    ...trpc.stats.stageDurations.queryOptions({ minutes: 60 }),
    refetchInterval: poll,
  });
  const failures = useQuery({ ...trpc.stats.failuresByRule.queryOptions(), refetchInterval: poll });
  const [retryKeys] = useState(() => new Map<string, string>());
  const retryCluster = useMutation(
    trpc.bulk.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries(trpc.bulk.pathFilter());
        navigate(`/bulk/${id}`);
      },
    }),
  );

  return (
    <section aria-labelledby="overview-heading">
      <h1 id="overview-heading">Overview</h1>
      {overview.isError && (
        <p role="alert">Could not load the overview: {overview.error.message}</p>
      )}
      {overview.data && (
        <div className="stat-cards">
          <div className="stat-card">
            <span className="stat-label">Conversations</span>
            <span className="stat-value" data-testid="overview-total">
              {overview.data.estimated ? '≈' : ''}
              {overview.data.total.toLocaleString()}
            </span>
            {overview.data.estimated && (
              <span className="stat-label">estimated from a 2% sample</span>
            )}
          </div>
          <div className="stat-card">
            <span className="stat-label">Success rate</span>
            <span className="stat-value" data-testid="overview-success-rate">
              {formatPercent(overview.data.successRate)}
            </span>
          </div>
          <div className="stat-card">
            <span className="stat-label">In flight</span>
            <span className="stat-value" data-testid="overview-in-flight">
              {overview.data.inFlight.toLocaleString()}
            </span>
          </div>
          <div className="stat-card">
            <span className="stat-label">Failed</span>
            <span className="stat-value tone-bad" data-testid="overview-failed">
              {overview.data.failed.toLocaleString()}
            </span>
          </div>
        </div>
      )}

      <div className="overview-grid">
        <section className="panel" aria-labelledby="by-status-heading">
          <h2 id="by-status-heading">By status</h2>
          <table className="data-table">
            <tbody>
              {overview.data &&
                (
                  Object.entries(overview.data.counts) as [keyof typeof STATUS_LABELS, number][]
                ).map(([status, count]) => (
                  <tr key={status}>
                    <th scope="row">
                      <Link href={`/?status=${status}`} className={`tone-${STATUS_TONES[status]}`}>
                        {STATUS_LABELS[status]}
                      </Link>
                    </th>
                    <td className="numeric" data-testid={`overview-count-${status}`}>
                      {count.toLocaleString()}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>

        <section className="panel" aria-labelledby="throughput-heading">
          <h2 id="throughput-heading">Throughput, last hour</h2>
          {throughput.data && <ThroughputChart points={throughput.data} />}
          <h2>Stage durations, last hour</h2>
          {durations.data && durations.data.length === 0 && (
            <p className="muted">No runs in the last hour.</p>
          )}
          {durations.data && durations.data.length > 0 && (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Stage</th>
                  <th scope="col" className="numeric">
                    Runs
                  </th>
                  <th scope="col" className="numeric">
                    p50
                  </th>
                  <th scope="col" className="numeric">
                    p95
                  </th>
                </tr>
              </thead>
              <tbody>
                {durations.data.map((d) => (
                  <tr key={d.stage}>
                    <th scope="row">{d.stage}</th>
                    <td className="numeric">{d.runs.toLocaleString()}</td>
                    <td className="numeric">{formatDuration(d.p50Ms)}</td>
                    <td className="numeric">{formatDuration(d.p95Ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section className="panel" aria-labelledby="clusters-heading">
        <h2 id="clusters-heading">Failures by rule</h2>
        {failures.data?.length === 0 && <p className="muted">No validation failures. Nice.</p>}
        {retryCluster.isError && <p role="alert">{retryCluster.error.message}</p>}
        {failures.data && failures.data.length > 0 && (
          <table className="data-table" aria-label="Failure clusters">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col" className="numeric">
                  Conversations
                </th>
                <th scope="col" className="numeric">
                  Share
                </th>
                <th scope="col">Example</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {failures.data.map((cluster) => {
                const filter = { ruleCode: cluster.code, statuses: ['validation_failed' as const] };
                return (
                  <tr key={cluster.code} data-testid={`cluster-${cluster.code}`}>
                    <th scope="row">
                      <code>{cluster.code}</code>
                    </th>
                    <td className="numeric">
                      {cluster.estimated ? (
                        <abbr title="Estimated from a 5% sample of a very large table">
                          ≈{cluster.count.toLocaleString()}
                        </abbr>
                      ) : (
                        cluster.count.toLocaleString()
                      )}
                    </td>
                    <td className="numeric">{formatPercent(cluster.share)}</td>
                    <td className="example">
                      <Link href={`/conversations/${cluster.exampleId}`}>
                        {cluster.exampleMessage ?? 'open example'}
                      </Link>
                    </td>
                    <td className="cluster-actions">
                      <Link
                        className="button secondary small"
                        href={`/?status=validation_failed&rule=${cluster.code}`}
                      >
                        Show {cluster.estimated ? '≈' : ''}
                        {cluster.count.toLocaleString()}
                      </Link>
                      {canOperate(me.data) && (
                        <button
                          type="button"
                          className="button small"
                          disabled={retryCluster.isPending}
                          onClick={() => {
                            // One key per cluster: clicking twice reuses the same operation.
                            if (!retryKeys.has(cluster.code))
                              retryKeys.set(cluster.code, newIdempotencyKey());
                            retryCluster.mutate({
                              action: 'retry',
                              selection: { filter, all: true, include: [], exclude: [] },
                              idempotencyKey: retryKeys.get(cluster.code)!,
                            });
                          }}
                        >
                          Retry all
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
