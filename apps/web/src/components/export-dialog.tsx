import type { RouterInputs, RouterOutputs } from '@refinery/api/types';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc.ts';
import type { BulkSelectionInput } from './bulk-dialog.tsx';
import { Dialog } from './dialog.tsx';
import { ProgressBar } from './progress-bar.tsx';

type ExportFormat = RouterInputs['exports']['create']['format'];
export type ExportRow = RouterOutputs['exports']['byId'];

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  enriched: 'Enriched documents (one JSON document per line)',
  chat: 'Chat format for fine-tuning (one training pair per line: system, history, answer)',
};

/** Progress, then the download: shown in the export dialog and on the Exports page. */
export function ExportStatus({ row }: { row: ExportRow }) {
  if (row.state === 'failed') return <p role="alert">{row.error}</p>;
  if (row.state === 'running') {
    return (
      <div aria-live="polite">
        <ProgressBar value={row.processed} max={row.total} label="Export progress" />
        <p className="muted">
          {row.processed.toLocaleString()} of {row.total.toLocaleString()} conversations written
        </p>
      </div>
    );
  }
  const manifest = row.manifest as { lines: number; sha256: string; count: number } | null;
  return (
    <div data-testid="export-done">
      <p>
        {manifest?.count.toLocaleString()} conversations, {manifest?.lines.toLocaleString()} lines (
        {((row.fileSize ?? 0) / 1024 / 1024).toFixed(1)} MB). SHA-256{' '}
        <code className="hash">{row.sha256}</code>
      </p>
      <p className="inline-actions">
        <a className="button" href={row.downloadUrl ?? undefined} download>
          Download JSONL
        </a>
        <a className="button secondary" href={row.manifestUrl ?? undefined} download>
          Manifest
        </a>
      </p>
    </div>
  );
}

/** Choose a format, start the export, follow its progress, download the file. */
export function ExportDialog({
  selection,
  onClose,
}: {
  selection: BulkSelectionInput;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [format, setFormat] = useState<ExportFormat>('chat');
  const preview = useQuery({ ...trpc.exports.preview.queryOptions({ selection }), staleTime: 0 });
  const create = useMutation(trpc.exports.create.mutationOptions());
  const exportId = create.data?.id;
  const status = useQuery({
    ...trpc.exports.byId.queryOptions({ id: exportId ?? '' }),
    enabled: exportId !== undefined,
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 500 : false),
  });

  return (
    <Dialog open title="Export training data" onClose={onClose}>
      {!exportId && (
        <>
          {preview.isPending && <p aria-live="polite">Counting completed conversations…</p>}
          {preview.data && (
            <p data-testid="export-exportable">
              <strong>{preview.data.exportable.toLocaleString()}</strong> completed conversations in
              the selection will be exported (only completed ones are).
            </p>
          )}
          <fieldset className="radio-group">
            <legend>Format</legend>
            {(Object.keys(FORMAT_LABELS) as ExportFormat[]).map((value) => (
              <label key={value}>
                <input
                  type="radio"
                  name="export-format"
                  value={value}
                  checked={format === value}
                  onChange={() => setFormat(value)}
                />{' '}
                {FORMAT_LABELS[value]}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {create.isError && <p role="alert">Could not start the export: {create.error.message}</p>}
      {status.data && <ExportStatus row={status.data} />}
      <div className="dialog-actions">
        <button type="button" className="button secondary" onClick={onClose}>
          {exportId ? 'Close' : 'Back'}
        </button>
        {!exportId && (
          <button
            type="button"
            className="button"
            disabled={!preview.data?.exportable || create.isPending}
            onClick={() => create.mutate({ selection, format })}
          >
            {create.isPending ? 'Starting…' : 'Start export'}
          </button>
        )}
      </div>
    </Dialog>
  );
}
