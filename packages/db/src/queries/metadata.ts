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
