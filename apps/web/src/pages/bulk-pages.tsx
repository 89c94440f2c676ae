import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ACTION_LABELS } from '../components/bulk-dialog.tsx';
import { ProgressBar } from '../components/progress-bar.tsx';
import { formatDateTime, formatSeconds } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { STATUS_LABELS } from '../lib/status.ts';
import { FAST_POLL_MS } from '../lib/use-in-flight.ts';
import { useTRPC } from '../trpc.ts';

export function BulkOperationPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const operation = useQuery({
    ...trpc.bulk.byId.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data?.state === 'running' ? FAST_POLL_MS / 2 : false),
  });
  const cancel = useMutation(
    trpc.bulk.cancel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.bulk.pathFilter()),
    }),
  );
  if (operation.isPending) return <p className="loading">Loading bulk operation…</p>;
  if (operation.isError) return <p role="alert">Could not load it: {operation.error.message}</p>;
  const op = operation.data;
  const reasons = Object.entries(op.skippedReasons) as [keyof typeof STATUS_LABELS, number][];
  return (
    <article aria-labelledby="bulk-heading">
      <p>
        <Link href="/bulk">← Bulk operations</Link>
      </p>
      <h1 id="bulk-heading">
        {ACTION_LABELS[op.action]} · <span data-testid="bulk-state">{op.state}</span>
      </h1>
      <ProgressBar value={op.processed} max={op.total} label="Bulk operation progress" />
      <dl className="bulk-stats">
        <div>
          <dt>Processed</dt>
          <dd data-testid="bulk-processed">
            {op.processed.toLocaleString()} of {op.total.toLocaleString()}
          </dd>
        </div>
        <div>
          <dt>{op.action === 'cancel' ? 'Cancelled' : 'Queued'}</dt>
          <dd data-testid="bulk-queued">{op.queued.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd data-testid="bulk-skipped">{op.skipped.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{op.ratePerSecond.toLocaleString()} / s</dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd>{op.state === 'running' ? formatSeconds(op.etaSeconds) : '—'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(op.createdAt)}</dd>
        </div>
      </dl>
      {reasons.length > 0 && (
        <>
          <h2>Skipped, by status</h2>
          <ul>
            {reasons.map(([status, count]) => (
              <li key={status}>
                {count.toLocaleString()} {STATUS_LABELS[status] ?? status}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        {op.state === 'running' && (
          <button
            type="button"
            className="button secondary"
            onClick={() => cancel.mutate({ id })}
            disabled={cancel.isPending}
          >
            Cancel operation
          </button>
        )}
        <Link className="button secondary" href={`/?bulk=${op.id}`}>
          Show its conversations
        </Link>
      </div>
      {cancel.isError && <p role="alert">{cancel.error.message}</p>}
    </article>
  );
}

export function BulkListPage() {
  const trpc = useTRPC();
  const list = useQuery({
    ...trpc.bulk.list.queryOptions({ limit: 100 }),
    refetchInterval: (q) =>
      q.state.data?.some((op) => op.state === 'running') ? FAST_POLL_MS : false,
  });
  return (
    <section aria-labelledby="bulk-list-heading">
      <h1 id="bulk-list-heading">Bulk operations</h1>
      {list.isPending && <p className="loading">Loading…</p>}
      {list.isError && <p role="alert">Could not load them: {list.error.message}</p>}
      {list.data?.length === 0 && (
        <p className="empty-state">
          No bulk operations yet. Select conversations on the Conversations page to start one.
        </p>
      )}
      {list.data && list.data.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">State</th>
              <th scope="col">Progress</th>
              <th scope="col" className="numeric">
                Queued
              </th>
              <th scope="col" className="numeric">
                Skipped
              </th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((op) => (
              <tr key={op.id}>
                <td>
                  <Link href={`/bulk/${op.id}`}>{ACTION_LABELS[op.action]}</Link>
                </td>
                <td>{op.state}</td>
                <td>
                  <ProgressBar
                    value={op.processed}
                    max={op.total}
                    label={`${ACTION_LABELS[op.action]} progress`}
                  />
                </td>
                <td className="numeric">{op.queued.toLocaleString()}</td>
                <td className="numeric">{op.skipped.toLocaleString()}</td>
                <td>{formatDateTime(op.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
