import { createWorker, type Worker } from '@refinery/pipeline/worker';
import { waitForTerminal } from '@refinery/pipeline/worker-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApi } from '../../testing/caller.ts';

let api: Awaited<ReturnType<typeof makeTestApi>>;
let worker: Worker;

const conversation = (intensity: number) =>
  JSON.stringify({
    conversation_metadata: {
      client_persona: 'David',
      session_context: 'Paying off a car loan early',
      conversation_phase: 'decision_support',
      expected_outcome: 'A payoff decision',
    },
    turns: [
      {
        turn_number: 1,
        role: 'user',
        content: 'Should I pay off my 6% car loan or invest the money?',
        emotional_context: { primary_emotion: 'uncertainty', secondary_emotion: 'hope', intensity },
      },
      {
        turn_number: 2,
        role: 'assistant',
        content:
          'A guaranteed 6% is hard to beat after tax. Let us check your emergency fund first.',
        emotional_context: {
          primary_emotion: 'clarity',
          secondary_emotion: 'warmth',
          intensity: 0.6,
        },
      },
    ],
  });

beforeAll(async () => {
  api = await makeTestApi();
  worker = createWorker(api.database, api.storage, { pollIntervalMs: 25 });
  await worker.start();
});

afterAll(async () => {
  await worker.stop();
  await api.database.close();
});

describe('conversation procedures', () => {
  it('ingest → completed, with report, raw and enriched views', async () => {
    const ingested = await api.caller.conversations.ingest({
      content: conversation(0.6),
      fileName: 'car-loan.json',
      topic: 'hsa_vs_fsa',
    });
    expect(ingested).toMatchObject({ enrichment_status: 'queued', duplicate: false });
    const id = ingested.conversation_id;
    await waitForTerminal(api.database.db, id);

    const report = await api.caller.conversations.report({ id });
    expect(report.status).toBe('completed');
    expect(
      report.stages.filter((s) => s.stage !== 'run').map((s) => `${s.stage}:${s.outcome}`),
    ).toEqual(['fetch:ok', 'validate:ok', 'enrich:ok', 'normalize:ok', 'store:ok']);
    expect(report.stages.every((s) => s.attempt === 1 && s.durationMs >= 0)).toBe(true);
    const raw = await api.caller.conversations.raw({ id });
    expect(raw.text).toBe(conversation(0.6));
    const enriched = await api.caller.conversations.enriched({ id });
    expect(JSON.parse(enriched.text).dataset_metadata.dataset_name).toBe(`fp_conversation_${id}`);
    expect(await api.caller.conversations.enrichStatus({ id })).toMatchObject({
      enrichment_status: 'completed',
      can_enrich: false,
    });

    await expect(api.caller.conversations.retry({ id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(api.caller.conversations.enrich({ id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(api.caller.conversations.enrich({ id, force: true })).resolves.toMatchObject({
      status: 'queued',
    });
    expect((await waitForTerminal(api.database.db, id)).enrichmentStatus).toBe('completed');
  });

  it('a blocker fails validation; retry re-validates; cancel stops a queued run', async () => {
    const { conversation_id: id } = await api.caller.conversations.ingest({
      content: conversation(1.5),
    });
    await waitForTerminal(api.database.db, id);
    const report = await api.caller.conversations.report({ id });
    expect(report.status).toBe('validation_failed');
    expect(report.validationReport?.blockers?.[0]).toMatchObject({
      code: 'INTENSITY_OUT_OF_RANGE',
      field: 'turns[0].emotional_context.intensity',
    });
    await expect(api.caller.conversations.enriched({ id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    await api.caller.conversations.retry({ id });
    const again = await waitForTerminal(api.database.db, id);
    expect(again.enrichmentStatus).toBe('validation_failed');
    const runs = (await api.caller.conversations.report({ id })).stages.filter(
      (s) => s.stage === 'run',
    );
    expect(runs).toHaveLength(2);

    await worker.stop();
    try {
      await api.caller.conversations.revalidate({ id });
      expect((await api.caller.conversations.byId({ id })).enrichmentStatus).toBe('queued');
      await api.caller.conversations.cancel({ id });
      expect((await api.caller.conversations.byId({ id })).enrichmentStatus).toBe('cancelled');
      await expect(api.caller.conversations.cancel({ id })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    } finally {
      worker = createWorker(api.database, api.storage, { pollIntervalMs: 25 });
      await worker.start();
    }
  });

  it('answers NOT_FOUND for an unknown id and BAD_REQUEST for an unknown reference', async () => {
    await expect(
      api.caller.conversations.report({ id: '00000000-0000-4000-8000-000000000009' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      api.caller.conversations.ingest({ content: '{}', persona: 'ghost' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
