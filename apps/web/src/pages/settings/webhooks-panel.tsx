import type { RouterInputs, RouterOutputs } from '@refinery/api/types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../trpc.ts';

type WebhookEvent = RouterInputs['webhooks']['create']['events'][number];
type Webhook = RouterOutputs['webhooks']['list'][number];

const EVENT_LABELS: Record<WebhookEvent, string> = {
  'conversation.completed': 'Conversation completed',
  'conversation.failed': 'Conversation failed',
  'bulk_operation.finished': 'Bulk operation finished',
};

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ webhookId: webhook.id }),
    refetchInterval: 3_000,
  });
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.webhooks.pathFilter()),
    }),
  );
  return (
    <section aria-label={`Deliveries to ${webhook.url}`}>
      <h3>Delivery log</h3>
      {deliveries.data?.length === 0 && <p className="muted">No deliveries yet.</p>}
      {redeliver.isError && <p role="alert">{redeliver.error.message}</p>}
      {deliveries.data && deliveries.data.length > 0 && (
        <table className="data-table" data-testid="delivery-log">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Event</th>
              <th scope="col">Created</th>
              <th scope="col" className="numeric">
                Attempts
              </th>
              <th scope="col">Answer</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((d) => (
              <tr key={d.id}>
                <td>{d.id}</td>
                <td>{d.event}</td>
                <td>{formatDateTime(d.createdAt)}</td>
                <td className="numeric">{d.attempts}</td>
                <td>
                  {d.statusCode ?? '—'}
                  {d.error ? ` · ${d.error}` : ''}
                  {d.durationMs !== null ? ` · ${d.durationMs} ms` : ''}
                </td>
                <td>
                  {d.deliveredAt
                    ? `delivered ${formatDateTime(d.deliveredAt)}`
                    : d.nextAttemptAt
                      ? `next try ${formatDateTime(d.nextAttemptAt)}`
                      : 'gave up'}
                </td>
                <td>
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={redeliver.isPending}
                    onClick={() => redeliver.mutate({ deliveryId: d.id })}
                  >
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function WebhooksPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hooks = useQuery(trpc.webhooks.list.queryOptions());
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['conversation.completed']);
  const [secret, setSecret] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.webhooks.pathFilter());
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (hook) => {
        setSecret(hook.secret);
        setUrl('');
        setOpenId(hook.id);
        void refresh();
      },
    }),
  );
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSuccess: refresh }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ url, events });
  };
  return (
    <div>
      <p className="muted">
        Each delivery is a JSON POST signed with HMAC-SHA256: check{' '}
        <code>x-refinery-signature: v1=hex(HMAC(secret, timestamp + "." + body))</code> and{' '}
        <code>x-refinery-timestamp</code>. Failed deliveries are retried for about four hours.
      </p>
      <form onSubmit={submit} className="inline-form" aria-label="Add a webhook">
        <label className="field grow">
          <span>Receiver URL</span>
          <input
            type="url"
            required
            placeholder="https://example.com/hooks/refinery"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <fieldset className="checkbox-group">
          <legend>Events</legend>
          {(Object.keys(EVENT_LABELS) as WebhookEvent[]).map((event) => (
            <label key={event}>
              <input
                type="checkbox"
                checked={events.includes(event)}
                onChange={(e) =>
                  setEvents(
                    e.target.checked ? [...events, event] : events.filter((x) => x !== event),
                  )
                }
              />{' '}
              {EVENT_LABELS[event]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={create.isPending || events.length === 0}>
          Add webhook
        </button>
      </form>
      {create.isError && <p role="alert">{create.error.message}</p>}
      {secret && (
        <p className="notice" role="status">
          Signing secret, shown once: <code data-testid="webhook-secret">{secret}</code>
        </p>
      )}
      {hooks.data?.length === 0 && <p className="empty-state">No webhooks yet.</p>}
      {hooks.data?.map((hook) => (
        <article key={hook.id} className="panel" aria-label={`Webhook ${hook.url}`}>
          <h3 className="truncate">{hook.url}</h3>
          <p className="muted">
            {hook.events.join(', ')} · secret {hook.secretHint} ·{' '}
            {hook.isActive ? 'active' : 'paused'}
          </p>
          <p className="inline-actions">
            <button
              type="button"
              className="button secondary small"
              onClick={() => setOpenId(openId === hook.id ? null : hook.id)}
              aria-expanded={openId === hook.id}
            >
              {openId === hook.id ? 'Hide deliveries' : 'Show deliveries'}
            </button>
            <button
              type="button"
              className="button secondary small"
              onClick={() => update.mutate({ id: hook.id, isActive: !hook.isActive })}
            >
              {hook.isActive ? 'Pause' : 'Resume'}
            </button>
            <button
              type="button"
              className="button secondary small"
              onClick={() => remove.mutate({ id: hook.id })}
            >
              Delete
            </button>
          </p>
          {openId === hook.id && <DeliveryLog webhook={hook} />}
        </article>
      ))}
    </div>
  );
}
