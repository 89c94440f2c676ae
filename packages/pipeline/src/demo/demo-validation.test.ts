import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '../rules/rule-set.ts';
import { readSeedRows } from '../seed/metadata-files.ts';
import { decodeRaw } from '../stages/fetch.ts';
import { validateConversation } from '../stages/validate/index.ts';
import { type DemoCatalog, quotedPhrases } from './catalog.ts';
import { generateDemoConversation } from './generate.ts';

/** The demo catalog built from the committed seed rows, as the server builds it. */
function seedCatalog(): DemoCatalog {
  const s = (v: unknown) => String(v ?? '');
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    personas: readSeedRows('personas').map((p) => ({
      id: s(p.persona_key),
      key: s(p.persona_key),
      name: s(p.name),
      archetype: s(p.archetype),
      phrases: quotedPhrases(s(p.communication_style)),
      situation: 'Solid income.',
    })),
    arcs: readSeedRows('emotional-arcs').map((a) => ({
      id: s(a.arc_key),
      key: s(a.arc_key),
      startingEmotion: s(a.starting_emotion),
      startingRange: [Number(a.starting_intensity_min), Number(a.starting_intensity_max)],
      endingEmotion: s(a.ending_emotion),
      endingRange: [Number(a.ending_intensity_min), Number(a.ending_intensity_max)],
      phrases: list(a.characteristic_phrases),
      turnRange: [Number(a.typical_turn_count_min), Number(a.typical_turn_count_max)],
    })),
    topics: readSeedRows('training-topics').map((t) => ({
      id: s(t.topic_key),
      key: s(t.topic_key),
      name: s(t.name),
      questions: list(t.typical_question_examples),
      concepts: list(t.key_concepts),
    })),
    templateIds: ['t1'],
  };
}

describe('the demo corpus, checked by the real validator', () => {
  const catalog = seedCatalog();
  const n = 1500;
  const results = Array.from({ length: n }, (_, i) => {
    const demo = generateDemoConversation(catalog, 'agreement', i);
    const fetched = decodeRaw(demo.raw, DEFAULT_RULE_SET.config);
    if (!fetched.ok) throw new Error('demo raws are always UTF-8');
    const { report } = validateConversation({
      conversationId: `c${i}`,
      text: fetched.text,
      ruleSet: DEFAULT_RULE_SET,
      now: new Date(0),
    });
    return { demo, report };
  });

  it('clean conversations have no issue at all', () => {
    const clean = results.filter((r) => !r.demo.intendedDefect);
    expect(clean.length).toBeGreaterThan(n * 0.7);
    for (const { report } of clean) {
      expect(
        [...report.blockers, ...report.warnings].map((i) => `${i.code}: ${i.message}`),
      ).toEqual([]);
    }
  });

  it('every intended defect fires its rule code, with the right severity', () => {
    for (const { demo, report } of results.filter((r) => r.demo.intendedDefect)) {
      const defect = demo.intendedDefect!;
      const issues = defect.kind === 'blocker' ? report.blockers : report.warnings;
      expect(issues.map((i) => i.code)).toContain(defect.code);
      if (defect.kind === 'warning') expect(report.blockers).toEqual([]);
    }
  });

  it('spreads blockers over at least 8 rule codes, ~10% of conversations', () => {
    const blocked = results.filter((r) => r.report.hasBlockers);
    expect(blocked.length / n).toBeGreaterThan(0.07);
    expect(blocked.length / n).toBeLessThan(0.13);
    expect(
      new Set(blocked.flatMap((r) => r.report.blockers.map((b) => b.code))).size,
    ).toBeGreaterThanOrEqual(8);
    const warnedOnly = results.filter((r) => !r.report.hasBlockers && r.report.hasWarnings);
    expect(warnedOnly.length / n).toBeGreaterThan(0.12);
    expect(warnedOnly.length / n).toBeLessThan(0.18);
  });
});
