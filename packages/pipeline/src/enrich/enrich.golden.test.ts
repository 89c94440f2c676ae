import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  EmotionalArcRow,
  PersonaRow,
  PromptTemplateRow,
  TrainingTopicRow,
} from '@refinery/db/schema';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../rules/rule-set.ts';
import { readSeedRows, snakeToCamelKeys } from '../seed/metadata-files.ts';
import { normalizeEnriched } from '../stages/normalize/index.ts';
import { validateConversation } from '../stages/validate/index.ts';
import { enrichConversation, type ValidDocument } from './enrich.ts';
import { DEFAULT_PROFILE } from './profile.ts';

const here = (name: string) => fileURLToPath(new URL(`./golden/${name}`, import.meta.url));
const CONVERSATION_ID = '3f1c2b8e-7a4d-4c2e-9b1a-5d6e7f8a9b0c';
const stamp = {
  createdAt: new Date('2026-03-01T00:00:00Z'),
  updatedAt: new Date('2026-03-01T00:00:00Z'),
};

function seedRow<T>(
  file: 'personas' | 'emotional-arcs' | 'training-topics',
  keyField: string,
  key: string,
  id: string,
): T {
  const row = readSeedRows(file).find((r) => r[keyField] === key)!;
  return { ...snakeToCamelKeys(row), id, ...stamp } as T;
}

function enrichGolden() {
  const raw = readFileSync(here('raw.json'), 'utf8');
  const { report, document } = validateConversation({
    conversationId: CONVERSATION_ID,
    text: raw,
    ruleSet: DEFAULT_RULE_SET,
    now: new Date(0),
  });
  expect(report.hasBlockers).toBe(false);
  const template: PromptTemplateRow = {
    id: 'a0000000-0000-4000-8000-000000000004',
    templateKey: 'standard_session',
    name: 'Standard financial planning conversation',
    description: null,
    tier: 'template',
    templateText: 't',
    variables: [],
    isActive: true,
    ...stamp,
  };
  const { document: enriched, notes } = enrichConversation({
    conversationId: CONVERSATION_ID,
    createdAt: new Date('2026-03-14T23:59:59Z'),
    qualityScore: 4.2,
    document: document as ValidDocument,
    references: {
      persona: seedRow<PersonaRow>(
        'personas',
        'persona_key',
        'overwhelmed_avoider',
        'a0000000-0000-4000-8000-000000000001',
      ),
      arc: seedRow<EmotionalArcRow>(
        'emotional-arcs',
        'arc_key',
        'confusion_to_clarity',
        'a0000000-0000-4000-8000-000000000002',
      ),
      topic: seedRow<TrainingTopicRow>(
        'training-topics',
        'topic_key',
        'hsa_vs_fsa',
        'a0000000-0000-4000-8000-000000000003',
      ),
      template,
    },
    profile: DEFAULT_PROFILE,
  });
  expect(notes).toEqual([]);
  const normalized = normalizeEnriched(enriched, DEFAULT_RULE_SET.config);
  if (!normalized.ok) throw new Error(normalized.error);
  return normalized;
}

describe('enrich + normalize golden file', () => {
  it('turns the fixed raw and metadata into exactly the committed bytes', () => {
    const { bytes } = enrichGolden();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(here('enriched.json'), bytes);
    expect(bytes.toString('utf8')).toBe(readFileSync(here('enriched.json'), 'utf8'));
  });

  it('is byte-identical across runs', () => {
    expect(enrichGolden().sha256).toBe(enrichGolden().sha256);
  });

  it('applies the domain rules a reader checks by eye', () => {
    const doc = JSON.parse(enrichGolden().bytes.toString('utf8'));
    const [first, second] = doc.training_pairs;
    expect(doc.training_pairs).toHaveLength(2);
    expect(first.id).toBe(`${CONVERSATION_ID}_turn2`);
    expect(second.id).toBe(`${CONVERSATION_ID}_turn4`);
    // "hopeless" is a whole word in the negative lexicon, never a match for "hope".
    expect(first.emotional_context.detected_emotions.valence).toBe('negative');
    expect(first.current_user_input).toMatch(/^This might be a stupid question/);
    expect(first.current_user_input).not.toMatch(/\r| {2}$/m);
    expect(second.current_user_input).toContain('Café');
    expect(second.conversation_history).toHaveLength(3);
    expect(second.conversation_history[2].emotional_state).toEqual({
      primary: 'worry',
      intensity: 0.6,
    });
    expect(first.training_metadata.emotional_progression_target).toBe(
      'confusion(0.85) → clarity(0.8)',
    );
    expect(first.training_metadata.difficulty_level).toBe('intermediate_conversation_turn_2');
    expect(first.training_metadata.quality_score).toBe(4.2);
    expect(doc.dataset_metadata).toMatchObject({
      dataset_name: `fp_conversation_${CONVERSATION_ID}`,
      created_date: '2026-03-14',
      quality_tier: 'production',
      total_turns: 4,
      notes: 'Standard financial planning conversation',
    });
    expect(first.conversation_metadata.client_persona).toBe(
      'Marcus Chen - The Overwhelmed Avoider',
    );
    expect(first.conversation_metadata.client_background).toMatch(/^Age: 37; Gender: male;/);
  });
});
