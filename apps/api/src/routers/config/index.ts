import {
  countPreviewUniverse,
  createPreviewRow,
  getPreviewRow,
  getVersionedConfig,
  latestPreviewOf,
} from '@refinery/db/queries';
import {
  GATE_RULES,
  loadActiveRuleSet,
  parseProfileConfig,
  parseRuleSetConfig,
  RULE_CODES,
  RULE_DEFAULTS,
} from '@refinery/pipeline';
import { runImpactPreview } from '@refinery/pipeline/rules';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { audit } from '../../audit.ts';
import { adminProcedure, protectedProcedure, router } from '../../trpc.ts';
import { notFound, versionedConfigProcedures } from './versioned.ts';

const asBody = <T>(value: T) => value as unknown as Record<string, unknown>;

const ruleSetProcedures = versionedConfigProcedures('ruleSet', (body) =>
  asBody(parseRuleSetConfig(body)),
);

export const configRouter = router({
  /** Every rule code with its default severity; gate rules cannot be changed. */
  ruleCatalog: protectedProcedure.query(() =>
    RULE_CODES.map((code) => ({
      code,
      defaultSeverity: RULE_DEFAULTS[code],
      gate: (GATE_RULES as readonly string[]).includes(code),
    })),
  ),

  ruleSets: router({
    ...ruleSetProcedures,

    get: protectedProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
      const ruleSet = await getVersionedConfig(ctx.database.db, 'ruleSet', input.id);
      if (!ruleSet) throw notFound('ruleSet', input.id);
      return { ...ruleSet, latestPreview: await latestPreviewOf(ctx.database.db, input.id) };
    }),

    /**
     * Re-validates a sample (or everything) in the background under this draft and under the
     * active rule set; poll `previewStatus` for progress and the counts.
     */
    preview: adminProcedure
      .input(
        z.object({
          id: z.uuid(),
          /** Null re-validates every conversation that has a validation outcome. */
          sampleSize: z.number().int().min(1).max(100_000).nullable().default(1_000),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const db = ctx.database.db;
        const draft = await getVersionedConfig(db, 'ruleSet', input.id);
        if (!draft) throw notFound('ruleSet', input.id);
        const baseline = await loadActiveRuleSet(db);
        const universe = await countPreviewUniverse(db);
        const total = input.sampleSize === null ? universe : Math.min(universe, input.sampleSize);
        const preview = await createPreviewRow(db, {
          ruleSetId: draft.id,
          baselineVersion: baseline.version,
          sampleSize: input.sampleSize,
          requestedBy: ctx.user.id,
          total,
        });
        await audit(
          ctx.database.db,
          ctx,
          'rule_set.preview',
          { type: 'rule_set', id: draft.id },
          {
            version: draft.version,
            sampleSize: input.sampleSize,
          },
        );
        ctx.jobs.start(`preview ${preview.id}`, () =>
          runImpactPreview({
            db,
            storage: ctx.storage,
            preview,
            baseline,
            draft: { version: draft.version, config: parseRuleSetConfig(draft.body) },
          }),
        );
        return { previewId: preview.id, total };
      }),

    previewStatus: protectedProcedure
      .input(z.object({ previewId: z.uuid() }))
      .query(async ({ ctx, input }) => {
        const preview = await getPreviewRow(ctx.database.db, input.previewId);
        if (!preview)
          throw new TRPCError({
            code: 'NOT_FOUND',
            message: `Preview ${input.previewId} not found`,
          });
        return preview;
      }),
  }),

  profiles: router({
    ...versionedConfigProcedures('profile', (body) => asBody(parseProfileConfig(body))),

    get: protectedProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
      const profile = await getVersionedConfig(ctx.database.db, 'profile', input.id);
      if (!profile) throw notFound('profile', input.id);
      return profile;
    }),
  }),
});
