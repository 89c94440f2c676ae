import { ENRICHMENT_STATUSES, type EnrichmentStatus } from '@refinery/db';
import { describe, expect, it } from 'vitest';
import { STATUS_EVENTS, type StatusEvent, statusesAllowing, transition } from './status-machine.ts';

/** The whole (status, event) grid, written out: any change to the machine shows up here. */
const EXPECTED: Record<StatusEvent, Partial<Record<EnrichmentStatus, EnrichmentStatus>>> = {
  enqueue: { not_started: 'queued', validated: 'queued', enriched: 'queued', cancelled: 'queued' },
  retry: {
    validation_failed: 'queued',
    enrichment_failed: 'queued',
    normalization_failed: 'queued',
    storage_failed: 'queued',
  },
  force: {
    not_started: 'queued',
    validated: 'queued',
    enriched: 'queued',
    completed: 'queued',
    cancelled: 'queued',
    validation_failed: 'queued',
    enrichment_failed: 'queued',
    normalization_failed: 'queued',
    storage_failed: 'queued',
  },
  revalidate: {
    not_started: 'queued',
    validated: 'queued',
    enriched: 'queued',
    completed: 'queued',
    cancelled: 'queued',
    validation_failed: 'queued',
    enrichment_failed: 'queued',
    normalization_failed: 'queued',
    storage_failed: 'queued',
  },
  claim: { queued: 'enrichment_in_progress', enrichment_in_progress: 'enrichment_in_progress' },
  pass_validate_only: { enrichment_in_progress: 'validated' },
  complete: { enrichment_in_progress: 'completed' },
  fail_validation: { enrichment_in_progress: 'validation_failed' },
  fail_enrichment: { enrichment_in_progress: 'enrichment_failed' },
  fail_normalization: { enrichment_in_progress: 'normalization_failed' },
  fail_storage: { enrichment_in_progress: 'storage_failed' },
  retry_later: { enrichment_in_progress: 'queued' },
  release: { enrichment_in_progress: 'queued' },
  cancel: { not_started: 'cancelled', queued: 'cancelled', enrichment_in_progress: 'cancelled' },
};

describe('transition', () => {
  for (const event of STATUS_EVENTS) {
    for (const from of ENRICHMENT_STATUSES) {
      const expected = EXPECTED[event][from];
      it(`${from} + ${event} → ${expected ?? 'CONFLICT'}`, () => {
        const result = transition(from, event);
        if (expected) expect(result).toEqual({ ok: true, to: expected });
        else {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.code).toBe('CONFLICT');
        }
      });
    }
  }

  it('explains refusals the way an operator needs', () => {
    const busy = transition('queued', 'retry');
    expect(!busy.ok && busy.reason).toMatch(/already queued/);
    const done = transition('completed', 'retry');
    expect(!done.ok && done.reason).toMatch(/with force/);
  });

  it('gives set-based updates the same allowed statuses', () => {
    expect(statusesAllowing('retry').sort()).toEqual(Object.keys(EXPECTED.retry).sort());
  });
});
