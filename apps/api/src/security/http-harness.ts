import { createWorker, type Worker } from '@refinery/pipeline/worker';
import { waitForTerminal } from '@refinery/pipeline/worker-testing';
import type { InjectOptions } from 'fastify';
import { createServer, type RefineryServer } from '../server.ts';
import { type Actor, makeTestApi } from '../testing/caller.ts';

export const VALID_RAW = JSON.stringify({
  conversation_metadata: {
    client_persona: 'Marcus Chen',
    session_context: 'Access checks',
    conversation_phase: 'education',
    expected_outcome: 'Understanding',
  },
  turns: [
    {
      turn_number: 1,
      role: 'user',
      content: 'Is this conversation visible to other people?',
      emotional_context: { primary_emotion: 'worry', secondary_emotion: 'doubt', intensity: 0.6 },
    },
    {
      turn_number: 2,
      role: 'assistant',
      content: 'Only to you and to administrators: nobody else can even see that it exists.',
      emotional_context: {
        primary_emotion: 'reassurance',
        secondary_emotion: 'calm',
        intensity: 0.6,
      },
    },
  ],
});

/**
 * A real server (no socket: Fastify inject) over a fresh database with one user per role,
 * one completed conversation owned by the operator, and one owned by the viewer.
 */
export async function makeHttpHarness() {
  const api = await makeTestApi();
  const app: RefineryServer = await createServer({
    database: api.database,
    storage: api.storage,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    mutationsPerMinute: 100_000,
    loginAttemptsPerMinute: 8,
  });
  const worker: Worker = createWorker(api.database, api.storage, { pollIntervalMs: 20 });
  await worker.start();
  const operatorConversation = (
    await api.callerAs('operator').conversations.ingest({ content: VALID_RAW })
  ).conversation_id;
  const viewerConversation = (
    await api.callerAs('admin').conversations.ingest({ content: `${VALID_RAW}\n` })
  ).conversation_id;
  await waitForTerminal(api.database.db, operatorConversation);
  await waitForTerminal(api.database.db, viewerConversation);
  await worker.stop();
  // Hand the second conversation to the viewer: viewers read only what they own.
  const { sql } = await import('drizzle-orm');
  await api.database.db.execute(
    sql`update conversations set owner_id = ${api.users.viewer.id} where id = ${viewerConversation}`,
  );
  // Exported while the operator's conversation is still completed (the bulk re-validation
  // below changes that).
  const exported = await api.callerAs('operator').exports.create({
    selection: { filter: {}, all: true, include: [], exclude: [] },
    format: 'enriched',
  });
  await api.jobs.idle();
  const bulk = await api.callerAs('operator').bulk.create({
    action: 'revalidate',
    selection: { filter: {}, all: false, include: [operatorConversation], exclude: [] },
    idempotencyKey: 'harness-bulk-1',
  });

  const as = (actor: Actor | null) => (options: InjectOptions) =>
    app.server.inject({
      ...options,
      headers: {
        ...(actor ? { authorization: `Bearer ${api.tokens[actor]}` } : {}),
        ...(options.headers ?? {}),
      },
    });

  return {
    api,
    app,
    ids: { operatorConversation, viewerConversation, bulk: bulk.id, export: exported.id },
    as,
    async close() {
      await app.stop();
      await api.database.close();
    },
  };
}

/** A tRPC call over HTTP: GET with ?input for queries, POST with a JSON body for mutations. */
export function trpcRequest(
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
): InjectOptions {
  return kind === 'query'
    ? {
        method: 'GET',
        url: `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
      }
    : {
        method: 'POST',
        url: `/trpc/${path}`,
        payload: JSON.stringify(input ?? {}),
        headers: { 'content-type': 'application/json' },
      };
}
