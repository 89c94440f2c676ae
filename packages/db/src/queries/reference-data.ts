import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import {
  conversations,
  emotionalArcs,
  enrichmentProfiles,
  personas,
  promptTemplates,
  ruleSets,
  trainingTopics,
  users,
} from '../schema/index.ts';
import type { UserRole } from '../statuses.ts';

export interface ReferenceRows {
  personas: (typeof personas.$inferInsert)[];
  emotionalArcs: (typeof emotionalArcs.$inferInsert)[];
  trainingTopics: (typeof trainingTopics.$inferInsert)[];
  promptTemplates: (typeof promptTemplates.$inferInsert)[];
}

/** Inserts metadata rows that are not there yet (by natural key); never overwrites edits. */
export async function insertMissingReferenceRows(db: Db, rows: ReferenceRows): Promise<void> {
  if (rows.personas.length) await db.insert(personas).values(rows.personas).onConflictDoNothing();
  if (rows.emotionalArcs.length) {
    await db.insert(emotionalArcs).values(rows.emotionalArcs).onConflictDoNothing();
  }
  if (rows.trainingTopics.length) {
    await db.insert(trainingTopics).values(rows.trainingTopics).onConflictDoNothing();
  }
  if (rows.promptTemplates.length) {
    await db.insert(promptTemplates).values(rows.promptTemplates).onConflictDoNothing();
  }
}

/** Creates version 1 as the active rule set when the table is empty. */
export async function ensureActiveRuleSet(
  db: Db,
  first: { name: string; config: Record<string, unknown> },
): Promise<void> {
  await db
    .insert(ruleSets)
    .values({
      version: 1,
      name: first.name,
      config: first.config,
      isActive: true,
      activatedAt: sql`now()`,
    })
    .onConflictDoNothing();
}

/** Creates version 1 as the active enrichment profile when the table is empty. */
export async function ensureActiveEnrichmentProfile(
  db: Db,
  first: { name: string; profile: Record<string, unknown> },
): Promise<void> {
  await db
    .insert(enrichmentProfiles)
    .values({
      version: 1,
      name: first.name,
      profile: first.profile,
      isActive: true,
      activatedAt: sql`now()`,
    })
    .onConflictDoNothing();
}

/** Returns the id of the user with this email, creating it (without a password) if absent. */
export async function ensureUser(
  db: Db,
  user: { email: string; displayName: string; role: UserRole },
): Promise<string> {
  await db.insert(users).values(user).onConflictDoNothing();
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, user.email));
  return row!.id;
}

export async function hasAnyConversation(db: Db): Promise<boolean> {
  const rows = await db.select({ id: conversations.id }).from(conversations).limit(1);
  return rows.length > 0;
}

export interface ReferenceIds {
  personas: { id: string; key: string }[];
  emotionalArcs: { id: string; key: string }[];
  trainingTopics: { id: string; key: string }[];
  promptTemplates: { id: string; key: string }[];
}

/** Ids and natural keys of the active metadata rows, in key order (stable for generators). */
export async function listReferenceIds(db: Db): Promise<ReferenceIds> {
  const [p, a, t, tpl] = await Promise.all([
    db
      .select({ id: personas.id, key: personas.personaKey })
      .from(personas)
      .where(eq(personas.isActive, true))
      .orderBy(personas.personaKey),
    db
      .select({ id: emotionalArcs.id, key: emotionalArcs.arcKey })
      .from(emotionalArcs)
      .where(eq(emotionalArcs.isActive, true))
      .orderBy(emotionalArcs.arcKey),
    db
      .select({ id: trainingTopics.id, key: trainingTopics.topicKey })
      .from(trainingTopics)
      .where(eq(trainingTopics.isActive, true))
      .orderBy(trainingTopics.topicKey),
    db
      .select({ id: promptTemplates.id, key: promptTemplates.templateKey })
      .from(promptTemplates)
      .where(eq(promptTemplates.isActive, true))
      .orderBy(promptTemplates.templateKey),
  ]);
  return { personas: p, emotionalArcs: a, trainingTopics: t, promptTemplates: tpl };
}
