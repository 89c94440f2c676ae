import { inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import {
  type EmotionalArcRow,
  emotionalArcs,
  type PersonaRow,
  type PromptTemplateRow,
  personas,
  promptTemplates,
  type TrainingTopicRow,
  trainingTopics,
} from '../schema/index.ts';

export interface MetadataRows {
  personas: PersonaRow[];
  emotionalArcs: EmotionalArcRow[];
  trainingTopics: TrainingTopicRow[];
  promptTemplates: PromptTemplateRow[];
}

/** Every metadata row: the tables are small (tens of rows), read once per batch or run. */
export async function listAllMetadata(db: Db): Promise<MetadataRows> {
  const [p, a, t, tpl] = await Promise.all([
    db.select().from(personas).orderBy(personas.personaKey),
    db.select().from(emotionalArcs).orderBy(emotionalArcs.arcKey),
    db.select().from(trainingTopics).orderBy(trainingTopics.topicKey),
    db.select().from(promptTemplates).orderBy(promptTemplates.templateKey),
  ]);
  return { personas: p, emotionalArcs: a, trainingTopics: t, promptTemplates: tpl };
}

/** Metadata rows by id, for the references of one batch of conversations. */
export async function listMetadataByIds(
  db: Db,
  ids: { personaIds: string[]; arcIds: string[]; topicIds: string[]; templateIds: string[] },
): Promise<MetadataRows> {
  const none = Promise.resolve([]);
  const [p, a, t, tpl] = await Promise.all([
    ids.personaIds.length
      ? db.select().from(personas).where(inArray(personas.id, ids.personaIds))
      : none,
    ids.arcIds.length
      ? db.select().from(emotionalArcs).where(inArray(emotionalArcs.id, ids.arcIds))
      : none,
    ids.topicIds.length
      ? db.select().from(trainingTopics).where(inArray(trainingTopics.id, ids.topicIds))
      : none,
    ids.templateIds.length
      ? db.select().from(promptTemplates).where(inArray(promptTemplates.id, ids.templateIds))
      : none,
  ]);
  return {
    personas: p as PersonaRow[],
    emotionalArcs: a as EmotionalArcRow[],
    trainingTopics: t as TrainingTopicRow[],
    promptTemplates: tpl as PromptTemplateRow[],
  };
}

export interface ReferenceLookup {
  persona?: string | undefined;
  arc?: string | undefined;
  topic?: string | undefined;
  template?: string | undefined;
}

export interface ResolvedReferences {
  personaId: string | null;
  emotionalArcId: string | null;
  trainingTopicId: string | null;
  promptTemplateId: string | null;
  personaName: string | null;
  /** References that were given but match no row, by kind. */
  unknown: { kind: keyof ReferenceLookup; value: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolves scaffolding references given as natural keys or ids. */
export async function resolveReferences(
  db: Db,
  lookup: ReferenceLookup,
  /** Rows already read by the caller: resolving several lookups reads the tables once. */
  metadata?: MetadataRows,
): Promise<ResolvedReferences> {
  const byKeyOrId = <T extends { id: string }>(
    rows: T[],
    value: string | undefined,
    keyOf: (row: T) => string,
  ) =>
    value === undefined
      ? undefined
      : (rows.find((r) => (UUID.test(value) ? r.id === value.toLowerCase() : keyOf(r) === value)) ??
        null);
  const all = metadata ?? (await listAllMetadata(db));
  const persona = byKeyOrId(all.personas, lookup.persona, (r) => r.personaKey);
  const arc = byKeyOrId(all.emotionalArcs, lookup.arc, (r) => r.arcKey);
  const topic = byKeyOrId(all.trainingTopics, lookup.topic, (r) => r.topicKey);
  const template = byKeyOrId(all.promptTemplates, lookup.template, (r) => r.templateKey);
  const unknown: ResolvedReferences['unknown'] = [];
  for (const [kind, found] of [
    ['persona', persona],
    ['arc', arc],
    ['topic', topic],
    ['template', template],
  ] as const) {
    if (found === null) unknown.push({ kind, value: lookup[kind]! });
  }
  return {
    personaId: persona?.id ?? null,
    emotionalArcId: arc?.id ?? null,
    trainingTopicId: topic?.id ?? null,
    promptTemplateId: template?.id ?? null,
    personaName: persona?.name ?? null,
    unknown,
  };
}
