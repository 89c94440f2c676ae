import { rowsOf } from '@refinery/db/queries';
import { createBulkRunner } from '@refinery/pipeline/bulk';
import { loadDemoCatalog, seedDemoConversations } from '@refinery/pipeline/demo';
import { createWorker } from '@refinery/pipeline/worker';
import { waitForQueueIdle } from '@refinery/pipeline/worker-testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApi } from '../../testing/caller.ts';

let api: Awaited<ReturnType<typeof makeTestApi>>;
const everything = (filter: Record<string, unknown> = {}) => ({
  filter,
  all: true,
  include: [],
  exclude: [],
});

/** Runs queued conversations and bulk operations until nothing is left to do. */
async function settle() {
  await createBulkRunner(api.database).drain();
  const worker = createWorker(api.database, api.storage, { pollIntervalMs: 20, concurrency: 2 });
  await worker.start();
  await waitForQueueIdle(api.database.db);
  await worker.stop();
}

async function statuses() {
  const rows = rowsOf<{ id: string; enrichment_status: string; failing_rule_codes: string[] }>(
    await api.database.db.execute(
      sql`select id, enrichment_status, failing_rule_codes from conversations`,
    ),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

const staleCount = async () =>
  (
    await api.callerAs('admin').bulk.preview({
      action: 'reenrich',
      selection: everything({ stale: true }),
    })
  ).total;

beforeAll(async () => {
  api = await makeTestApi();
  const catalog = await loadDemoCatalog(api.database.db);
  await seedDemoConversations(api.database.db, api.storage, catalog, {
    ownerId: api.users.operator.id,
    count: 120,
    runSeed: 'config-test',
  });
  await settle();
}, 240_000);

afterAll(async () => {
  await api?.database.close();
});

describe('editable enrichment profiles', () => {
  it('a new profile version makes completed conversations stale; a bulk re-enrich brings them up to date', async () => {
    const admin = api.callerAs('admin');
    expect(await staleCount()).toBe(0);
    const draft = await admin.config.profiles.createDraft({ name: 'Second planner' });
    expect(draft.state).toBe('draft');
    const body = structuredClone(draft.body) as {
      consultant_profile: { name: string; years_experience: number };
    };
    body.consultant_profile.name = 'Jordan Lee, CFP';
    body.consultant_profile.years_experience = 9;
    await admin.config.profiles.updateDraft({ id: draft.id, body });

    // A broken profile is refused with the field named, and nothing changes.
    await expect(
      admin.config.profiles.updateDraft({ id: draft.id, body: { ...body, system_prompt: '' } }),
    ).rejects.toThrow('Invalid enrichment profile: system_prompt must be a non-empty string');

    const { activated, previousVersion } = await admin.config.profiles.activate({ id: draft.id });
    expect(activated).toMatchObject({ state: 'active', version: draft.version });
    expect(previousVersion).toBe(1);
    await expect(
      admin.config.profiles.updateDraft({ id: draft.id, name: 'too late' }),
    ).rejects.toThrow(/only drafts can be edited/);

    const completed = [...(await statuses()).values()].filter(
      (r) => r.enrichment_status === 'completed',
    ).length;
    expect(await staleCount()).toBe(completed);
    await admin.bulk.create({
      action: 'reenrich',
      selection: everything({ stale: true }),
      idempotencyKey: 'reenrich-stale-profile',
    });
    await settle();
    expect(await staleCount()).toBe(0);
    const [sample] = rowsOf<{ enriched_file_path: string; enrichment_profile_version: number }>(
      await api.database.db.execute(sql`
        select enriched_file_path, enrichment_profile_version from conversations
        where enrichment_status = 'completed' limit 1`),
    );
    expect(sample!.enrichment_profile_version).toBe(draft.version);
    const file = await api.storage.get(sample!.enriched_file_path);
    expect(file!.toString()).toContain('"name": "Jordan Lee, CFP"');

    const log = await admin.audit.list({});
    expect(log.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'enrichment_profile.draft',
        'enrichment_profile.edit',
        'enrichment_profile.activate',
      ]),
    );
  }, 240_000);
});

describe('editable rule sets with an impact preview', () => {
  it('the preview of a draft equals what activating it and re-validating then produces, rule by rule', async () => {
    const admin = api.callerAs('admin');
    const draft = await admin.config.ruleSets.createDraft({ name: 'Stricter turns' });
    await admin.config.ruleSets.updateDraft({
      id: draft.id,
      body: {
        ...draft.body,
        // Some conversations newly fail (fewer than 6 turns, or roles out of order) ...
        minTurns: 6,
        // ... and some newly pass (a truncated turn is only a warning now).
        severities: { ROLE_NOT_ALTERNATING: 'blocker', TRUNCATED_CONTENT: 'warning' },
      },
    });
    const before = await statuses();

    const { previewId, total } = await admin.config.ruleSets.preview({
      id: draft.id,
      sampleSize: null,
    });
    expect(total).toBe(before.size);
    await api.jobs.idle();
    const preview = await admin.config.ruleSets.previewStatus({ previewId });
    expect(preview.state).toBe('done');
    const result = preview.result as {
      examined: number;
      failingWithDraft: number;
      newlyFailing: number;
      newlyPassing: number;
      byRule: Record<string, { failingWithDraft: number; newlyFailing: number }>;
    };
    expect(result.examined).toBe(before.size);
    expect(result.newlyFailing).toBeGreaterThan(0);
    expect(result.newlyPassing).toBeGreaterThan(0);
    expect(result.byRule.INSUFFICIENT_TURNS!.newlyFailing).toBeGreaterThan(0);
    // Nothing changed yet: a preview only reads.
    expect(await statuses()).toEqual(before);

    await admin.config.ruleSets.activate({ id: draft.id });
    expect(await staleCount()).toBe(before.size);
    await admin.bulk.create({
      action: 'revalidate',
      selection: everything(),
      idempotencyKey: 'revalidate-after-activation',
    });
    await settle();
    const after = await statuses();

    const failedAfter = [...after.values()].filter(
      (r) => r.enrichment_status === 'validation_failed',
    );
    expect(failedAfter.length).toBe(result.failingWithDraft);
    const wasFailing = (id: string) => before.get(id)!.enrichment_status === 'validation_failed';
    expect(failedAfter.filter((r) => !wasFailing(r.id)).length).toBe(result.newlyFailing);
    expect(
      [...after.values()].filter(
        (r) => wasFailing(r.id) && r.enrichment_status !== 'validation_failed',
      ).length,
    ).toBe(result.newlyPassing);
    for (const [code, impact] of Object.entries(result.byRule)) {
      const failingOnCode = failedAfter.filter((r) => r.failing_rule_codes.includes(code)).length;
      expect({ code, count: failingOnCode }).toEqual({ code, count: impact.failingWithDraft });
    }
    expect(await staleCount()).toBe(0);
  }, 240_000);
});
