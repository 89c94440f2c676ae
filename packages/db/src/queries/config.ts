import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { enrichmentProfiles, ruleSets } from '../schema/index.ts';

export async function getActiveRuleSet(db: Db) {
  const [row] = await db
    .select({ version: ruleSets.version, config: ruleSets.config })
    .from(ruleSets)
    .where(eq(ruleSets.isActive, true));
  return row ?? null;
}

export async function getActiveEnrichmentProfile(db: Db) {
  const [row] = await db
    .select({ version: enrichmentProfiles.version, profile: enrichmentProfiles.profile })
    .from(enrichmentProfiles)
    .where(eq(enrichmentProfiles.isActive, true));
  return row ?? null;
}

/**
 * Rule sets and enrichment profiles share one life cycle: a draft is edited freely; activating
 * it makes it the one in force (the previous one retires); an activated version never
 * changes again, so every conversation's recorded version means exactly one configuration.
 */
export type ConfigKind = 'ruleSet' | 'profile';
export type ConfigState = 'draft' | 'active' | 'retired';

const TABLES = { ruleSet: ruleSets, profile: enrichmentProfiles } as const;

export interface VersionedConfig {
  id: string;
  version: number;
  name: string;
  /** The rule-set config or the profile document. */
  body: Record<string, unknown>;
  state: ConfigState;
  createdBy: string | null;
  createdAt: Date;
  activatedAt: Date | null;
}

function stateOf(row: { isActive: boolean; activatedAt: Date | null }): ConfigState {
  if (row.isActive) return 'active';
  return row.activatedAt ? 'retired' : 'draft';
}

function toVersioned(
  row: typeof ruleSets.$inferSelect | typeof enrichmentProfiles.$inferSelect,
): VersionedConfig {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    body: 'config' in row ? row.config : row.profile,
    state: stateOf(row),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
  };
}

export async function listVersionedConfigs(db: Db, kind: ConfigKind): Promise<VersionedConfig[]> {
  const table = TABLES[kind];
  const rows = await db.select().from(table).orderBy(desc(table.version));
  return rows.map(toVersioned);
}

export async function getVersionedConfig(db: Db, kind: ConfigKind, id: string) {
  const table = TABLES[kind];
  const [row] = await db.select().from(table).where(eq(table.id, id));
  return row ? toVersioned(row) : null;
}

/** A new draft takes the next version number; a concurrent one retries on the unique index. */
export async function createConfigDraft(
  db: Db,
  kind: ConfigKind,
  values: { name: string; body: Record<string, unknown>; createdBy: string | null },
): Promise<VersionedConfig> {
  const table = TABLES[kind];
  for (let attempt = 1; ; attempt++) {
    try {
      const [{ next }] = (await db
        .select({ next: sql<number>`coalesce(max(${table.version}), 0) + 1` })
        .from(table)) as [{ next: number }];
      const payload = kind === 'ruleSet' ? { config: values.body } : { profile: values.body };
      const [row] = await db
        .insert(table)
        .values({
          name: values.name,
          version: Number(next),
          createdBy: values.createdBy,
          ...payload,
        } as never)
        .returning();
      return toVersioned(row!);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** Only a draft can change; returns null when the row is not a draft (or does not exist). */
export async function updateConfigDraft(
  db: Db,
  kind: ConfigKind,
  id: string,
  changes: { name?: string; body?: Record<string, unknown> },
): Promise<VersionedConfig | null> {
  const table = TABLES[kind];
  const set: Record<string, unknown> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.body !== undefined) set[kind === 'ruleSet' ? 'config' : 'profile'] = changes.body;
  const [row] = await db
    .update(table)
    .set(set as never)
    .where(and(eq(table.id, id), eq(table.isActive, false), isNull(table.activatedAt)))
    .returning();
  return row ? toVersioned(row) : null;
}

/**
 * Makes one version the active one, in one transaction: the partial unique index guarantees
 * there is never a moment with two. Re-activating a retired version is allowed (a rollback).
 */
export async function activateConfig(db: Db, kind: ConfigKind, id: string) {
  const table = TABLES[kind];
  return db.transaction(async (tx) => {
    const [target] = await tx.select().from(table).where(eq(table.id, id)).for('update');
    if (!target) return null;
    const [previous] = await tx
      .update(table)
      .set({ isActive: false } as never)
      .where(and(eq(table.isActive, true), sql`${table.id} <> ${id}`))
      .returning({ version: table.version });
    const [row] = await tx
      .update(table)
      .set({ isActive: true, activatedAt: sql`coalesce(${table.activatedAt}, now())` } as never)
      .where(eq(table.id, id))
      .returning();
    return { activated: toVersioned(row!), previousVersion: previous?.version ?? null };
  });
}
