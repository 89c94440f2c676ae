import {
  activateConfig,
  type ConfigKind,
  createConfigDraft,
  getVersionedConfig,
  listVersionedConfigs,
  updateConfigDraft,
} from '@refinery/db/queries';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { audit } from '../../audit.ts';
import { adminProcedure, protectedProcedure } from '../../trpc.ts';

const LABEL: Record<ConfigKind, string> = { ruleSet: 'Rule set', profile: 'Enrichment profile' };
const AUDIT_TYPE: Record<ConfigKind, string> = {
  ruleSet: 'rule_set',
  profile: 'enrichment_profile',
};

export function notFound(kind: ConfigKind, id: string) {
  return new TRPCError({ code: 'NOT_FOUND', message: `${LABEL[kind]} ${id} not found` });
}

/**
 * The procedures rule sets and enrichment profiles share: list, read, draft, edit a draft,
 * activate. `parse` checks (and completes) a body before it is stored; every change is
 * audited with the versions involved.
 */
export function versionedConfigProcedures(
  kind: ConfigKind,
  parse: (body: unknown) => Record<string, unknown>,
) {
  const auditTarget = (id: string) => ({ type: AUDIT_TYPE[kind], id });
  return {
    list: protectedProcedure.query(({ ctx }) => listVersionedConfigs(ctx.database.db, kind)),

    createDraft: adminProcedure
      .input(
        z.object({
          /** Start from this version; the active one when absent. */
          fromId: z.uuid().optional(),
          name: z.string().trim().min(1).max(120),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const versions = await listVersionedConfigs(ctx.database.db, kind);
        const source = input.fromId
          ? versions.find((v) => v.id === input.fromId)
          : versions.find((v) => v.state === 'active');
        if (input.fromId && !source) throw notFound(kind, input.fromId);
        const draft = await createConfigDraft(ctx.database.db, kind, {
          name: input.name,
          body: parse(source?.body ?? {}),
          createdBy: ctx.user.id,
        });
        await audit(ctx.database.db, ctx, `${AUDIT_TYPE[kind]}.draft`, auditTarget(draft.id), {
          version: draft.version,
          fromVersion: source?.version ?? null,
        });
        return draft;
      }),

    updateDraft: adminProcedure
      .input(
        z.object({
          id: z.uuid(),
          name: z.string().trim().min(1).max(120).optional(),
          body: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const body = input.body === undefined ? undefined : parse(input.body);
        const updated = await updateConfigDraft(ctx.database.db, kind, input.id, {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(body === undefined ? {} : { body }),
        });
        if (!updated) {
          const existing = await getVersionedConfig(ctx.database.db, kind, input.id);
          if (!existing) throw notFound(kind, input.id);
          throw new TRPCError({
            code: 'CONFLICT',
            message: `Version ${existing.version} is ${existing.state}; only drafts can be edited. Create a new draft from it.`,
          });
        }
        await audit(ctx.database.db, ctx, `${AUDIT_TYPE[kind]}.edit`, auditTarget(updated.id), {
          version: updated.version,
          body: updated.body,
        });
        return updated;
      }),

    activate: adminProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
      const outcome = await activateConfig(ctx.database.db, kind, input.id);
      if (!outcome) throw notFound(kind, input.id);
      await audit(ctx.database.db, ctx, `${AUDIT_TYPE[kind]}.activate`, auditTarget(input.id), {
        version: outcome.activated.version,
        previousVersion: outcome.previousVersion,
      });
      return outcome;
    }),
  };
}
