import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBulkRunner } from '@refinery/pipeline/bulk';
import {
  createWebhookDispatcher,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
} from '@refinery/pipeline/webhooks';
import { createWorker } from '@refinery/pipeline/worker';
import { waitForTerminal } from '@refinery/pipeline/worker-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_RAW } from '../security/http-harness.ts';
import { makeTestApi } from '../testing/caller.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A local receiver: records every request and answers with the next scripted status. */
function startReceiver(answer: (request: Received, count: number) => number | 'hang') {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const entry: Received = { headers: request.headers, body, answered: 0 };
      const status = answer(entry, received.length);
      received.push(entry);
      if (status === 'hang') return;
      entry.answered = status;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
    });
  });
  return new Promise<{ url: string; received: Received[]; close: () => Promise<void> }>(
    (resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          url: `http://127.0.0.1:${port}/hooks/refinery`,
          received,
          close: () =>
            new Promise((done) => {
              server.closeAllConnections();
              server.close(() => done());
            }),
        });
      });
    },
  );
}

let api: Awaited<ReturnType<typeof makeTestApi>>;
beforeAll(async () => {
  api = await makeTestApi();
});
afterAll(async () => {
  await api?.database.close();
});

async function runPipeline(contents: string[]) {
  const worker = createWorker(api.database, api.storage, { pollIntervalMs: 20 });
  await worker.start();
  const ids: string[] = [];
  for (const content of contents) {
    const { conversation_id } = await api.callerAs('operator').conversations.ingest({ content });
    ids.push(conversation_id);
  }
  for (const id of ids) await waitForTerminal(api.database.db, id);
  await worker.stop();
  return ids;
}

describe('webhooks', () => {
  it('signs each delivery, retries after a receiver error, logs every attempt, and redelivers on request', async () => {
    // The first request fails with 500; every later one is accepted.
    const receiver = await startReceiver((_request, count) => (count === 0 ? 500 : 200));
    const admin = api.callerAs('admin');
    const hook = await admin.webhooks.create({
      url: receiver.url,
      events: ['conversation.completed', 'conversation.failed', 'bulk_operation.finished'],
    });
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await admin.webhooks.list())[0]).not.toHaveProperty('secret');

    const invalid = JSON.parse(VALID_RAW) as { turns: { role: string }[] };
    invalid.turns[0]!.role = 'client';
    const [validId, invalidId] = await runPipeline([VALID_RAW, JSON.stringify(invalid)]);

    const dispatcher = createWebhookDispatcher(api.database, { retryScheduleSeconds: [0.2] });
    await dispatcher.runOnce();
    await new Promise((r) => setTimeout(r, 300));
    await dispatcher.runOnce();

    // Two events, the first one tried twice: three requests, all signed.
    expect(receiver.received).toHaveLength(3);
    for (const request of receiver.received) {
      const check = verifySignature({
        secret: hook.secret,
        body: request.body,
        signature: request.headers[SIGNATURE_HEADER] as string,
        timestamp: request.headers[TIMESTAMP_HEADER] as string,
      });
      expect(check).toEqual({ ok: true });
      // A byte changed, or another secret, and the signature no longer holds.
      expect(
        verifySignature({
          secret: hook.secret,
          body: request.body.replace('conversation', 'Conversation'),
          signature: request.headers[SIGNATURE_HEADER] as string,
          timestamp: request.headers[TIMESTAMP_HEADER] as string,
        }),
      ).toEqual({ ok: false, reason: 'bad signature' });
    }
    const bodies = receiver.received.map(
      (r) =>
        JSON.parse(r.body) as {
          delivery_id: number;
          event: string;
          data: { conversation_id: string; status: string };
        },
    );
    // The delivery that met the 500 was sent again; the other one went through at once.
    const failedFirst = bodies[0]!.delivery_id;
    expect(bodies.filter((b) => b.delivery_id === failedFirst)).toHaveLength(2);
    const byConversation = new Map(bodies.map((b) => [b.data.conversation_id, b]));
    expect(byConversation.get(validId!)).toMatchObject({
      event: 'conversation.completed',
      data: { status: 'completed' },
    });
    expect(byConversation.get(invalidId!)).toMatchObject({
      event: 'conversation.failed',
      data: { status: 'validation_failed' },
    });

    const log = await admin.webhooks.deliveries({ webhookId: hook.id });
    expect(log).toHaveLength(2);
    const retried = log.find((d) => d.id === failedFirst)!;
    expect(retried).toMatchObject({ attempts: 2, statusCode: 200, error: null });
    expect(retried.deliveredAt).not.toBeNull();

    // Redeliver: a new entry in the log, the same event sent again.
    const { deliveryId } = await admin.webhooks.redeliver({ deliveryId: retried.id });
    await dispatcher.runOnce();
    expect(receiver.received).toHaveLength(4);
    const again = JSON.parse(receiver.received[3]!.body) as {
      delivery_id: number;
      event_id: string;
    };
    expect(again.delivery_id).toBe(deliveryId);
    expect(again.event_id).toBe(
      (JSON.parse(receiver.received[0]!.body) as { event_id: string }).event_id,
    );
    expect(await admin.webhooks.deliveries({ webhookId: hook.id })).toHaveLength(3);

    // A finished bulk operation is an event too.
    const bulk = await api.callerAs('operator').bulk.create({
      action: 'revalidate',
      selection: { filter: {}, all: false, include: [validId!], exclude: [] },
      idempotencyKey: 'webhook-test-bulk',
    });
    await createBulkRunner(api.database).drain();
    await dispatcher.runOnce();
    const finished = JSON.parse(receiver.received.at(-1)!.body) as {
      event: string;
      data: { id: string; state: string };
    };
    expect(finished).toMatchObject({
      event: 'bulk_operation.finished',
      data: { id: bulk.id, state: 'done' },
    });
    await admin.webhooks.update({ id: hook.id, isActive: false });
    await receiver.close();
  });

  it('a receiver that never answers delays only its deliveries, never the pipeline', async () => {
    const receiver = await startReceiver(() => 'hang');
    const admin = api.callerAs('admin');
    const hook = await admin.webhooks.create({
      url: receiver.url,
      events: ['conversation.completed'],
    });
    const dispatcher = createWebhookDispatcher(api.database, {
      pollIntervalMs: 20,
      timeoutMs: 1_000,
    });
    dispatcher.start();
    const contents = Array.from({ length: 5 }, (_, i) =>
      VALID_RAW.replace('Access checks', `Hang ${i}`),
    );
    // All five complete while their deliveries are stuck on a silent receiver (a pipeline
    // waiting on delivery would never get there).
    const ids = await runPipeline(contents);
    await new Promise((r) => setTimeout(r, 1_500));
    await dispatcher.stop();
    const log = await admin.webhooks.deliveries({ webhookId: hook.id });
    expect(log).toHaveLength(ids.length);
    expect(log.some((d) => d.error === 'no answer within 1 s')).toBe(true);
    expect(log.every((d) => d.deliveredAt === null)).toBe(true);
    await admin.webhooks.delete({ id: hook.id });
    await receiver.close();
  });
});
