import type { RouterInputs } from '@refinery/api/types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { newIdempotencyKey } from '../lib/format.ts';
import { STATUS_LABELS } from '../lib/status.ts';
import { navigate } from '../lib/url-state.ts';
import { useTRPC } from '../trpc.ts';
import { Dialog } from './dialog.tsx';

export type BulkAction = RouterInputs['bulk']['create']['action'];
export type BulkSelectionInput = RouterInputs['bulk']['create']['selection'];

export const ACTION_LABELS: Record<BulkAction, string> = {
  enrich: 'Enrich',
  retry: 'Retry failed',
  revalidate: 'Re-validate',
  reenrich: 'Re-enrich (replace output)',
  cancel: 'Cancel',
};

/**
 * Preview, then confirm. The idempotency key is fixed when the dialog opens, so a double
 * click or a retried request creates one operation, not two.
 */
export function BulkDialog({
  action,
  selection,
  onClose,
}: {
  action: BulkAction | null;
  selection: BulkSelectionInput;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key] = useState(newIdempotencyKey);
  const preview = useQuery({
    ...trpc.bulk.preview.queryOptions({ action: action ?? 'enrich', selection }),
    enabled: action !== null,
    staleTime: 0,
  });
  const create = useMutation(
    trpc.bulk.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries(trpc.bulk.pathFilter());
        await queryClient.invalidateQueries(trpc.conversations.pathFilter());
        onClose();
        navigate(`/bulk/${id}`);
      },
    }),
  );

  return (
    <Dialog
      open={action !== null}
      title={action ? `${ACTION_LABELS[action]}: preview` : ''}
      onClose={onClose}
    >
      {preview.isPending && <p aria-live="polite">Counting the selection…</p>}
      {preview.isError && <p role="alert">Could not preview: {preview.error.message}</p>}
      {preview.data && (
        <div className="preview" data-testid="bulk-preview">
          <p>
            <strong data-testid="preview-will-apply">
              {preview.data.willApply.toLocaleString()}
            </strong>{' '}
            of {preview.data.total.toLocaleString()} selected conversations will be{' '}
            {action === 'cancel' ? 'cancelled' : 'queued'}.
          </p>
          {preview.data.skipped.length > 0 && (
            <>
              <p>Skipped:</p>
              <ul>
                {preview.data.skipped.map((s) => (
                  <li key={s.status}>
                    {s.count.toLocaleString()} {STATUS_LABELS[s.status]}: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {create.isError && <p role="alert">Could not start: {create.error.message}</p>}
      <div className="dialog-actions">
        <button type="button" className="button secondary" onClick={onClose}>
          Back
        </button>
        <button
          type="button"
          className="button"
          disabled={!preview.data || preview.data.willApply === 0 || create.isPending}
          onClick={() => action && create.mutate({ action, selection, idempotencyKey: key })}
        >
          {create.isPending
            ? 'Starting…'
            : `Confirm ${action ? ACTION_LABELS[action].toLowerCase() : ''}`}
        </button>
      </div>
    </Dialog>
  );
}
