import type { Db } from '@refinery/db';
import { listAllMetadata } from '@refinery/db/queries';
import { type DemoCatalog, quotedPhrases } from './catalog.ts';

/** Builds the demo writer's catalog from the metadata tables (active rows only). */
export async function loadDemoCatalog(db: Db): Promise<DemoCatalog> {
  const rows = await listAllMetadata(db);
  const catalog: DemoCatalog = {
    personas: rows.personas
      .filter((p) => p.isActive)
      .map((p) => ({
        id: p.id,
        key: p.personaKey,
        name: p.name,
        archetype: p.archetype.replace(/^The /, ''),
        phrases: quotedPhrases(p.communicationStyle, ...p.languagePatterns),
        situation: firstSentence(p.financialSituation ?? p.financialBackground ?? ''),
      })),
    arcs: rows.emotionalArcs
      .filter((a) => a.isActive)
      .map((a) => ({
        id: a.id,
        key: a.arcKey,
        startingEmotion: a.startingEmotion,
        startingRange: [a.startingIntensityMin, a.startingIntensityMax],
        endingEmotion: a.endingEmotion,
        endingRange: [a.endingIntensityMin, a.endingIntensityMax],
        phrases: a.characteristicPhrases,
        turnRange: [a.typicalTurnCountMin ?? 4, a.typicalTurnCountMax ?? 10],
      })),
    topics: rows.trainingTopics
      .filter((t) => t.isActive)
      .map((t) => ({
        id: t.id,
        key: t.topicKey,
        name: t.name,
        questions: t.typicalQuestionExamples,
        concepts: t.keyConcepts,
      })),
    templateIds: rows.promptTemplates.filter((t) => t.isActive).map((t) => t.id),
  };
  if (!catalog.personas.length || !catalog.arcs.length || !catalog.topics.length) {
    throw new Error('The demo needs at least one active persona, emotional arc and training topic');
  }
  return catalog;
}

function firstSentence(text: string): string {
  const match = /^[^.!?]*[.!?]/.exec(text.trim());
  return (match ? match[0] : text).trim();
}
