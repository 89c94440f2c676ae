import type { Database } from '@refinery/db';
import { claimDueDeliveries, type DueDelivery, recordDeliveryAttempt } from '@refinery/db/queries';
import { forEachConcurrently } from '../util/concurrency.ts';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from './signature.ts';

export interface WebhookDispatcherOptions {
  pollIntervalMs?: number;
  /** Per request: a slow receiver costs at most this, and only this dispatcher's time. */
  timeoutMs?: number;
  /** Attempts before a delivery is given up (it stays in the log, and can be redelivered). */
  maxAttempts?: number;
  /** Seconds before retry n (1-based); the last value repeats. */
  retryScheduleSeconds?: number[];
  onError?: (error: unknown) => void;
}

export const WEBHOOK_DEFAULTS = {
  pollIntervalMs: 1_000,
  timeoutMs: 10_000,
  maxAttempts: 8,
  // 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h: about four hours in all.
  retryScheduleSeconds: [10, 30, 120, 600, 1_800, 3_600, 7_200],
};

const CONCURRENT_REQUESTS = 8;

export interface WebhookDispatcher {
  start(): void;
  stop(): Promise<void>;
  /** One pass now (tests, and the dashboard's "send now"). */
  runOnce(): Promise<number>;
}

/**
 * Sends the deliveries the outbox recorded, with signatures, timeouts and retries. It runs
 * beside the pipeline, never inside it: a slow or dead receiver delays only its deliveries.
 */
export function createWebhookDispatcher(
  database: Database,
  options: WebhookDispatcherOptions = {},
): WebhookDispatcher {
  const settings = { ...WEBHOOK_DEFAULTS, ...options };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  async function deliver(delivery: DueDelivery) {
    const body = JSON.stringify({ delivery_id: delivery.id, ...delivery.payload });
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let snippet: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Refinery-Webhooks/1',
          'x-refinery-event': delivery.event,
          'x-refinery-delivery': String(delivery.id),
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signPayload(delivery.secret, timestamp, body),
        },
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: 'manual',
      });
      statusCode = response.status;
      snippet = (await response.text().catch(() => '')).slice(0, 500);
      if (!response.ok) error = `receiver answered ${response.status}`;
    } catch (caught) {
      const cause = (caught as Error & { cause?: Error }).cause;
      error =
        (caught as Error).name === 'TimeoutError'
          ? `no answer within ${settings.timeoutMs / 1000} s`
          : `could not reach the receiver: ${cause?.message ?? (caught as Error).message}`;
    }
    const delivered = error === null;
    const attempt = delivery.attempts + 1;
    const schedule = settings.retryScheduleSeconds;
    await recordDeliveryAttempt(database.db, delivery.id, {
      delivered,
      statusCode,
      error,
      responseSnippet: snippet,
      durationMs: performance.now() - started,
      retryInSeconds:
        delivered || attempt >= settings.maxAttempts
          ? null
          : schedule[Math.min(attempt, schedule.length) - 1]!,
    });
  }

  async function runOnce() {
    let sent = 0;
    for (;;) {
      const due = await claimDueDeliveries(database.db, {
        limit: 50,
        claimSeconds: Math.ceil(settings.timeoutMs / 1000) + 30,
      });
      if (due.length === 0) return sent;
      await forEachConcurrently(due, CONCURRENT_REQUESTS, deliver);
      sent += due.length;
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((error: unknown) => options.onError?.(error))
        .finally(schedule);
    }, settings.pollIntervalMs);
    timer.unref();
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
