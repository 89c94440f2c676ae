import { useQuery } from '@tanstack/react-query';
import { ExportStatus, FORMAT_LABELS } from '../components/export-dialog.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useTRPC } from '../trpc.ts';

/** Past exports with their progress and downloads; new ones start from a selection. */
export function ExportsPage() {
  const trpc = useTRPC();
  const exports = useQuery({
    ...trpc.exports.list.queryOptions(),
    refetchInterval: (query) =>
      query.state.data?.some((row) => row.state === 'running') ? 1_000 : false,
  });
  return (
    <section aria-labelledby="exports-heading">
      <div className="page-heading">
        <h1 id="exports-heading">Exports</h1>
        <p className="muted">
          Select conversations on the Conversations page, then Export…; or from a terminal:{' '}
          <code>pnpm refinery export --status completed --format chat &gt; train.jsonl</code>
        </p>
      </div>
      {exports.isError && <p role="alert">Could not load exports: {exports.error.message}</p>}
      {exports.data?.length === 0 && <p className="empty-state">No exports yet.</p>}
      {exports.data?.map((row) => (
        <article key={row.id} className="panel" aria-label={`Export ${row.id}`}>
          <h2>
            {row.format === 'chat' ? 'Chat format' : 'Enriched documents'} ·{' '}
            {formatDateTime(row.createdAt)}
          </h2>
          <p className="muted">{FORMAT_LABELS[row.format]}</p>
          <ExportStatus row={row} />
        </article>
      ))}
    </section>
  );
}
