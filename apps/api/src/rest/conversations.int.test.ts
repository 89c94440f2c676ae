import { createHash } from 'node:crypto';
import { createWorker, type Worker } from '@refinery/pipeline/worker';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RefineryServer } from '../server.ts';
import { makeTestApi } from '../testing/caller.ts';

let api: Awaited<ReturnType<typeof makeTestApi>>;
let app: RefineryServer;
let worker: Worker;

const VALID = JSON.stringify({
  conversation_metadata: {
    client_persona: 'Marcus Chen',
    session_context: 'Stock options expiring',
    conversation_phase: 'decision_support',
    expected_outcome: 'A clear exercise plan',
  },
  turns: [
    {
      turn_number: 1,
      role: 'user',
      content: 'My options expire in June and I keep putting it off.',
      emotional_context: {
        primary_emotion: 'overwhelm',
        secondary_emotion: 'shame',
        intensity: 0.75,
      },
    },
    {
      turn_number: 2,
      role: 'assistant',
      content: 'You are not alone in that. Let us list the grant dates and strike prices first.',
      emotional_context: { primary_emotion: 'empathy', secondary_emotion: 'calm', intensity: 0.6 },
    },
  ],
});

beforeAll(async () => {
  api = await makeTestApi();
  app = await createServer({
    database: api.database,
    storage: api.storage,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
  });
  worker = createWorker(api.database, api.storage, { pollIntervalMs: 25 });
  await worker.start();
});

afterAll(async () => {
  await worker.stop();
  await app.stop();
  await api.database.close();
});

/** Every call is made by the operator, with its API token (REST is authenticated). */
const inject = (options: InjectOptions) =>
  app.server.inject({
    ...options,
    headers: { authorization: `Bearer ${api.tokens.operator}`, ...(options.headers ?? {}) },
  });

describe('REST routes kept from the original design', () => {
  it('ingests any body byte for byte, answers 202 at once, and the run completes', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/conversations?persona=overwhelmed_avoider&quality_score=4.7',
      payload: VALID,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(202);
    const { conversation_id: id, enrichment_status } = res.json();
    expect(enrichment_status).toBe('queued');

    let state = (await inject({ method: 'GET', url: `/api/conversations/${id}/enrich` })).json();
    for (let i = 0; i < 100 && state.enrichment_status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = (await inject({ method: 'GET', url: `/api/conversations/${id}/enrich` })).json();
    }
    expect(Object.keys(state).sort()).toEqual([
      'can_enrich',
      'conversation_id',
      'enrichment_error',
      'enrichment_status',
      'has_raw_response',
      'has_validation_report',
      'message',
      'needs_retry',
    ]);
    expect(state).toMatchObject({
      enrichment_status: 'completed',
      can_enrich: false,
      needs_retry: false,
      has_raw_response: true,
      has_validation_report: true,
    });

    const raw = await inject({ method: 'GET', url: `/api/conversations/${id}/download/raw` });
    expect(raw.body).toBe(VALID);
    const enriched = await inject({
      method: 'GET',
      url: `/api/conversations/${id}/download/enriched`,
    });
    expect(enriched.headers['content-disposition']).toContain(`${id}.enriched.json`);
    const row = await api.caller.conversations.byId({ id });
    expect(createHash('sha256').update(enriched.rawPayload).digest('hex')).toBe(row.enrichedSha256);

    const report = (
      await inject({ method: 'GET', url: `/api/conversations/${id}/validation-report` })
    ).json();
    expect(report).toMatchObject({ isValid: true, ruleSetVersion: 1, conversationId: id });
  });

  it('re-runs with force and waits, reporting the status the database holds', async () => {
    const ingest = await inject({
      method: 'POST',
      url: '/api/conversations',
      payload: `${VALID} `,
      headers: { 'content-type': 'text/plain' },
    });
    const { conversation_id: id } = ingest.json();
    await new Promise((r) => setTimeout(r, 500));
    const res = await inject({
      method: 'POST',
      url: `/api/conversations/${id}/enrich?force=true&wait=true`,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'conversation_id',
        'enriched_path',
        'enriched_size',
        'error',
        'final_status',
        'message',
        'stages_completed',
        'success',
        'validation_report',
      ].sort(),
    );
    expect(body).toMatchObject({ success: true, final_status: 'completed', error: null });
    expect(body.stages_completed).toEqual(['fetch', 'validate', 'enrich', 'normalize', 'store']);
    const row = await api.caller.conversations.byId({ id });
    expect(body.final_status).toBe(row.enrichmentStatus);
    expect(body.enriched_size).toBe(row.enrichedFileSize);
  });

  it('stores invalid bytes unchanged and fails them in validation', async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0x7d]);
    const res = await inject({
      method: 'POST',
      url: '/api/conversations',
      payload: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    const { conversation_id: id } = res.json();
    let report = await inject({ method: 'GET', url: `/api/conversations/${id}/validation-report` });
    for (let i = 0; i < 100 && report.statusCode === 404; i++) {
      await new Promise((r) => setTimeout(r, 50));
      report = await inject({ method: 'GET', url: `/api/conversations/${id}/validation-report` });
    }
    expect(report.json().blockers[0]).toMatchObject({
      code: 'INVALID_ENCODING',
      severity: 'blocker',
    });
    expect(report.json().blockers[0].message).toMatch(/byte offset 5/);
    const raw = await inject({ method: 'GET', url: `/api/conversations/${id}/download/raw` });
    expect(Buffer.compare(raw.rawPayload, bytes)).toBe(0);
  });

  it('answers clear 4xx errors for bad ids, unknown references and unknown conversations', async () => {
    const badId = await inject({ method: 'POST', url: '/api/conversations/not-a-uuid/enrich' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().message).toMatch(/must be a UUID/);
    const traversal = await inject({
      method: 'GET',
      url: '/api/conversations/..%2F..%2Fetc%2Fpasswd/download/raw',
    });
    expect(traversal.statusCode).toBe(400);
    const missing = await inject({
      method: 'GET',
      url: '/api/conversations/00000000-0000-4000-8000-000000000000/enrich',
    });
    expect(missing.statusCode).toBe(404);
    const unknownPersona = await inject({
      method: 'POST',
      url: '/api/conversations?persona=nobody',
      payload: '{}',
    });
    expect(unknownPersona.statusCode).toBe(400);
    expect(unknownPersona.json().message).toContain('Unknown persona "nobody"');
  });

  it('bulk-enrich queues what it can and says why it skipped the rest', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/conversations/bulk-enrich',
      payload: { conversation_ids: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ queued: 0, skipped: 1 });
    expect(res.json().results[0].error).toMatch(/No conversation/);
  });
});
