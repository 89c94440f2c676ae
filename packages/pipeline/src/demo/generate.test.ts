import { describe, expect, it } from 'vitest';
import type { DemoCatalog } from './catalog.ts';
import { generateDemoConversation } from './generate.ts';

const catalog: DemoCatalog = {
  personas: [
    {
      id: 'p1',
      key: 'overwhelmed_avoider',
      name: 'Marcus Chen',
      archetype: 'Overwhelmed Avoider',
      phrases: ['I know I should know this'],
      situation: 'Solid income from a tech job.',
    },
    {
      id: 'p2',
      key: 'anxious_planner',
      name: 'Jennifer Martinez',
      archetype: 'Anxious Planner',
      phrases: [],
      situation: 'Solid savings.',
    },
  ],
  arcs: [
    {
      id: 'a1',
      key: 'fear_to_confidence',
      startingEmotion: 'fear',
      startingRange: [0.7, 0.9],
      endingEmotion: 'confidence',
      endingRange: [0.6, 0.75],
      phrases: ['That fear makes sense'],
      turnRange: [3, 5],
    },
  ],
  topics: [
    {
      id: 't1',
      key: 'hsa_vs_fsa',
      name: 'HSA vs FSA Comparison',
      questions: ['Should I choose an HSA or FSA?'],
      concepts: ['tax advantages', 'rollover rules'],
    },
  ],
  templateIds: ['tpl1'],
};

describe('generateDemoConversation', () => {
  it('is deterministic: the same seed and index give the same bytes', () => {
    const a = generateDemoConversation(catalog, 'demo', 42);
    const b = generateDemoConversation(catalog, 'demo', 42);
    expect(a.raw.equals(b.raw)).toBe(true);
    expect(generateDemoConversation(catalog, 'demo', 43).raw.equals(a.raw)).toBe(false);
  });

  it('writes 4–10 alternating turns that start with the client and end with the planner', () => {
    for (let i = 0; i < 200; i++) {
      const demo = generateDemoConversation(catalog, 'shape', i);
      if (demo.intendedDefect) continue;
      const doc = JSON.parse(demo.raw.toString('utf8'));
      expect(doc.turns.length).toBeGreaterThanOrEqual(4);
      expect(doc.turns.length).toBeLessThanOrEqual(10);
      doc.turns.forEach((turn: { role: string; turn_number: number }, index: number) => {
        expect(turn.role).toBe(index % 2 === 0 ? 'user' : 'assistant');
        expect(turn.turn_number).toBe(index + 1);
      });
      // The client's emotion follows the arc: starts in fear, ends in confidence.
      expect(doc.turns[0].emotional_context.primary_emotion).toBe('fear');
      expect(doc.turns.at(-2).emotional_context.primary_emotion).toBe('confidence');
    }
  });

  it('carries ~10% blockers over many rule codes and ~15% warnings', () => {
    const n = 4000;
    const defects = Array.from(
      { length: n },
      (_, i) => generateDemoConversation(catalog, 'share', i).intendedDefect,
    );
    const blockers = defects.filter((d) => d?.kind === 'blocker');
    const warnings = defects.filter((d) => d?.kind === 'warning');
    expect(blockers.length / n).toBeGreaterThan(0.08);
    expect(blockers.length / n).toBeLessThan(0.12);
    expect(warnings.length / n).toBeGreaterThan(0.13);
    expect(warnings.length / n).toBeLessThan(0.17);
    const codes = new Set(blockers.map((d) => d!.code));
    expect(codes.size).toBeGreaterThanOrEqual(8);
    expect(codes).toContain('INVALID_JSON_SYNTAX');
    expect(codes).toContain('TRUNCATED_CONTENT');
  });
});
