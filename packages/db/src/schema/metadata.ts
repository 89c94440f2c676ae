import { boolean, doublePrecision, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, updatedAtColumn } from './columns.ts';

// Columns mirror the keys of the fixture rows in seed/*.ndjson, one for one.

export const personas = pgTable('personas', {
  id: idColumn(),
  personaKey: text().notNull().unique(),
  name: text().notNull(),
  archetype: text().notNull(),
  ageRange: text(),
  occupation: text(),
  incomeRange: text(),
  demographics: jsonb().$type<Record<string, unknown>>(),
  financialBackground: text(),
  financialSituation: text(),
  communicationStyle: text(),
  emotionalBaseline: text(),
  typicalQuestions: jsonb().$type<string[]>().notNull().default([]),
  commonConcerns: jsonb().$type<string[]>().notNull().default([]),
  languagePatterns: jsonb().$type<string[]>().notNull().default([]),
  isActive: boolean().notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
});

export const emotionalArcs = pgTable('emotional_arcs', {
  id: idColumn(),
  arcKey: text().notNull().unique(),
  name: text().notNull(),
  startingEmotion: text().notNull(),
  startingIntensityMin: doublePrecision().notNull(),
  startingIntensityMax: doublePrecision().notNull(),
  endingEmotion: text().notNull(),
  endingIntensityMin: doublePrecision().notNull(),
  endingIntensityMax: doublePrecision().notNull(),
  arcStrategy: text(),
  keyPrinciples: jsonb().$type<string[]>().notNull().default([]),
  characteristicPhrases: jsonb().$type<string[]>().notNull().default([]),
  responseTechniques: jsonb().$type<string[]>().notNull().default([]),
  avoidTactics: jsonb().$type<string[]>().notNull().default([]),
  typicalTurnCountMin: integer(),
  typicalTurnCountMax: integer(),
  complexityBaseline: integer(),
  tier: text(),
  suitablePersonas: jsonb().$type<string[]>().notNull().default([]),
  suitableTopics: jsonb().$type<string[]>().notNull().default([]),
  exampleConversationId: text(),
  isActive: boolean().notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
});

export const trainingTopics = pgTable('training_topics', {
  id: idColumn(),
  topicKey: text().notNull().unique(),
  name: text().notNull(),
  category: text(),
  description: text(),
  complexityLevel: text(),
  typicalQuestionExamples: jsonb().$type<string[]>().notNull().default([]),
  keyConcepts: jsonb().$type<string[]>().notNull().default([]),
  suitablePersonas: jsonb().$type<string[]>().notNull().default([]),
  suitableEmotionalArcs: jsonb().$type<string[]>().notNull().default([]),
  isActive: boolean().notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
});

export const promptTemplates = pgTable('prompt_templates', {
  id: idColumn(),
  templateKey: text().notNull().unique(),
  name: text().notNull(),
  description: text(),
  tier: text(),
  templateText: text().notNull(),
  variables: jsonb().$type<string[]>().notNull().default([]),
  isActive: boolean().notNull().default(true),
  createdAt: createdAtColumn(),
  updatedAt: updatedAtColumn(),
});

export type PersonaRow = typeof personas.$inferSelect;
export type EmotionalArcRow = typeof emotionalArcs.$inferSelect;
export type TrainingTopicRow = typeof trainingTopics.$inferSelect;
export type PromptTemplateRow = typeof promptTemplates.$inferSelect;
