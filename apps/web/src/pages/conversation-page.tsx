import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Dialog } from '../components/dialog.tsx';
import { JsonViewer } from '../components/json-viewer.tsx';
import { StageTimeline } from '../components/stage-timeline.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { type ReportShape, ValidationReportView } from '../components/validation-report.tsx';
import { formatBytes, formatDateTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { canOperate, useCurrentUser } from '../lib/session.ts';
import { IN_FLIGHT } from '../lib/status.ts';
import { FAST_POLL_MS } from '../lib/use-in-flight.ts';
import { useTRPC } from '../trpc.ts';

type View = 'raw' | 'enriched' | 'side';
const FAILED = ['validation_failed', 'enrichment_failed', 'normalization_failed', 'storage_failed'];

export function ConversationPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>('raw');
  const [confirmForce, setConfirmForce] = useState(false);
  const me = useCurrentUser();
  const canAct = canOperate(me.data);

  const conversation = useQuery({
    ...trpc.conversations.byId.queryOptions({ id }),
    // Follow a run live until it ends; stop polling once nothing is happening.
    refetchInterval: (q) =>
      q.state.data && IN_FLIGHT.includes(q.state.data.enrichmentStatus) ? FAST_POLL_MS / 2 : false,
  });
  const status = conversation.data?.enrichmentStatus;
  const running = status !== undefined && IN_FLIGHT.includes(status);
  const report = useQuery({
    ...trpc.conversations.report.queryOptions({ id }),
    refetchInterval: running ? FAST_POLL_MS / 2 : false,
  });
  const raw = useQuery({ ...trpc.conversations.raw.queryOptions({ id }), staleTime: 60_000 });
  const hasEnriched = Boolean(conversation.data?.enrichedFilePath);
  const enriched = useQuery({
    ...trpc.conversations.enriched.queryOptions({ id }),
    enabled: hasEnriched,
  });
  const updatedAt = conversation.data?.updatedAt;
  // Every change to the row (a stage finished, the run ended) refreshes its report, so the
  // timeline never stops one poll short of the end.
  useEffect(() => {
    if (updatedAt)
      void queryClient.invalidateQueries(trpc.conversations.report.queryFilter({ id }));
  }, [updatedAt, id, queryClient, trpc]);
  const enrichedSha = conversation.data?.enrichedSha256;
  // A forced re-run stores a new file: re-read it when the stored hash changes.
  useEffect(() => {
    if (enrichedSha)
      void queryClient.invalidateQueries(trpc.conversations.enriched.queryFilter({ id }));
  }, [enrichedSha, id, queryClient, trpc]);

  const afterAction = {
    onSuccess: () => queryClient.invalidateQueries(trpc.conversations.pathFilter()),
  };
  const retry = useMutation(trpc.conversations.retry.mutationOptions(afterAction));
  const enrich = useMutation(trpc.conversations.enrich.mutationOptions(afterAction));
  const cancel = useMutation(trpc.conversations.cancel.mutationOptions(afterAction));
  const revalidate = useMutation(trpc.conversations.revalidate.mutationOptions(afterAction));
  const actionError = [retry, enrich, cancel, revalidate].find((m) => m.isError)?.error;

  if (conversation.isPending)
    return (
      <p aria-live="polite" className="loading">
        Loading conversation…
      </p>
    );
  if (conversation.isError) {
    return (
      <div role="alert" className="error-box">
        {conversation.error.data?.code === 'NOT_FOUND'
          ? 'No such conversation.'
          : `Could not load it: ${conversation.error.message}`}{' '}
        <Link href="/">Back to conversations</Link>
      </div>
    );
  }
  const row = conversation.data;
  const validation = (report.data?.validationReport ?? null) as ReportShape | null;
  const marks = new Map<string, string>();
  for (const issue of [...(validation?.blockers ?? []), ...(validation?.warnings ?? [])]) {
    if (!marks.has(issue.field)) marks.set(issue.field, `${issue.code}: ${issue.message}`);
  }

  const rawViewer = raw.data ? (
    <JsonViewer text={raw.data.text} marks={marks} label="Raw conversation" />
  ) : (
    <p className="muted">{raw.isError ? raw.error.message : 'Loading…'}</p>
  );
  const enrichedViewer = enriched.data ? (
    <JsonViewer text={enriched.data.text} label="Enriched conversation" />
  ) : (
    <p className="muted">{hasEnriched ? 'Loading…' : 'No enriched file yet.'}</p>
  );

  return (
    <article aria-labelledby="conversation-heading" className="detail">
      <p>
        <Link href="/">← Conversations</Link>
      </p>
      <header className="detail-header">
        <h1 id="conversation-heading">{row.title || 'Untitled conversation'}</h1>
        <div className="detail-meta">
          <StatusBadge status={row.enrichmentStatus} />
          <span>
            Attempt {row.attempts} of {row.maxAttempts}
          </span>
          <span className="mono">{row.id}</span>
          <span>Updated {formatDateTime(row.updatedAt)}</span>
        </div>
        {row.enrichmentError && (
          <p className="error-box" data-testid="enrichment-error">
            {row.enrichmentError}
          </p>
        )}
        <fieldset className="actions">
          <legend className="sr-only">Actions</legend>
          {canAct && FAILED.includes(row.enrichmentStatus) && (
            <button
              type="button"
              className="button"
              disabled={retry.isPending}
              onClick={() => retry.mutate({ id })}
            >
              Retry
            </button>
          )}
          {canAct &&
            ['not_started', 'cancelled', 'validated', 'enriched'].includes(
              row.enrichmentStatus,
            ) && (
              <button type="button" className="button" onClick={() => enrich.mutate({ id })}>
                Enrich
              </button>
            )}
          {canAct && row.enrichmentStatus === 'completed' && (
            <button
              type="button"
              className="button secondary"
              onClick={() => setConfirmForce(true)}
            >
              Force re-enrich…
            </button>
          )}
          {canAct && !running && (
            <button
              type="button"
              className="button secondary"
              onClick={() => revalidate.mutate({ id })}
            >
              Re-validate
            </button>
          )}
          {canAct && (running || row.enrichmentStatus === 'not_started') && (
            <button
              type="button"
              className="button secondary"
              onClick={() => cancel.mutate({ id })}
            >
              Cancel run
            </button>
          )}
          <a className="button secondary" href={`/api/conversations/${id}/download/raw`} download>
            Download raw ({formatBytes(row.rawResponseSize)})
          </a>
          {hasEnriched && (
            <a
              className="button secondary"
              href={`/api/conversations/${id}/download/enriched`}
              download
            >
              Download enriched ({formatBytes(row.enrichedFileSize)})
            </a>
          )}
        </fieldset>
        {actionError && <p role="alert">{actionError.message}</p>}
      </header>

      <div className="detail-grid">
        <section aria-labelledby="timeline-heading" className="panel">
          <h2 id="timeline-heading">Stage timeline</h2>
          {report.data && (
            <StageTimeline
              stages={report.data.stages}
              currentStage={report.data.currentStage}
              inProgress={running}
            />
          )}
        </section>
        <section aria-labelledby="report-heading" className="panel">
          <h2 id="report-heading">Validation report</h2>
          <ValidationReportView report={validation} />
          <h2>Normalization</h2>
          {report.data && report.data.normalizationIssues.length === 0 && (
            <p className="muted">No changes or notes.</p>
          )}
          <ul className="issues" aria-label="Normalization issues">
            {report.data?.normalizationIssues.map((issue, i) => (
              <li
                key={`${issue.message}-${i}`}
                className={`issue tone-${issue.severity === 'error' ? 'bad' : issue.severity === 'warning' ? 'busy' : 'neutral'}`}
              >
                <span className="badge badge-neutral">{issue.type}</span> {issue.severity}:{' '}
                {issue.message}
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section aria-label="Documents" className="panel">
        <div role="tablist" aria-label="Document view" className="tabs">
          {(['raw', 'enriched', 'side'] as View[]).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              className="tab"
              onClick={() => setView(v)}
            >
              {v === 'raw' ? 'Raw' : v === 'enriched' ? 'Enriched' : 'Side by side'}
            </button>
          ))}
        </div>
        <div
          role="tabpanel"
          aria-label={
            view === 'side'
              ? 'Raw and enriched side by side'
              : view === 'raw'
                ? 'Raw JSON'
                : 'Enriched JSON'
          }
        >
          {view === 'raw' && rawViewer}
          {view === 'enriched' && enrichedViewer}
          {view === 'side' && (
            <div className="side-by-side">
              <div>
                <h3>Raw</h3>
                {rawViewer}
              </div>
              <div>
                <h3>Enriched</h3>
                {enrichedViewer}
              </div>
            </div>
          )}
        </div>
      </section>

      <Dialog open={confirmForce} title="Force re-enrich?" onClose={() => setConfirmForce(false)}>
        <p>
          The conversation runs again from the start with the current rule set and profile. Its
          stored file is replaced only if the new run succeeds.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={() => setConfirmForce(false)}>
            Keep as is
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              enrich.mutate({ id, force: true });
              setConfirmForce(false);
            }}
          >
            Re-enrich
          </button>
        </div>
      </Dialog>
    </article>
  );
}
