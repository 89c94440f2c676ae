import { describe, expect, it } from 'vitest';
import { RULE_CODES, type RuleCode } from '../../rules/rule-codes.ts';
import { DEFAULT_RULE_SET } from '../../rules/rule-set.ts';
import { decodeRaw } from '../fetch.ts';
import { validateConversation } from './index.ts';

const ID = '00000000-0000-4000-8000-000000000001';

function turn(n: number, role: string, content: string, primary = 'worry', intensity = 0.6) {
  return {
    turn_number: n,
    role,
    content,
    emotional_context: { primary_emotion: primary, secondary_emotion: 'hope', intensity },
  };
}

function validDoc(): Record<string, any> {
  return {
    conversation_metadata: {
      client_persona: 'Marcus Chen - The Overwhelmed Avoider',
      session_context: 'RSU taxes after a promotion',
      conversation_phase: 'initial_concern',
      expected_outcome: 'Client understands RSU withholding',
    },
    turns: [
      turn(1, 'user', 'I just got RSUs and I have no idea what to do.', 'confusion', 0.8),
      turn(
        2,
        'assistant',
        'That is very common. Let us start with how they are taxed.',
        'empathy',
        0.7,
      ),
      turn(
        3,
        'user',
        'Okay, that makes sense. What about selling them right away?',
        'curiosity',
        0.5,
      ),
      turn(
        4,
        'assistant',
        'Selling at vest keeps it simple: the tax is already withheld.',
        'reassurance',
        0.6,
      ),
    ],
    input_parameters: { persona_key: 'overwhelmed_avoider' },
  };
}

function run(doc: unknown, ruleSet = DEFAULT_RULE_SET) {
  return validateConversation({
    conversationId: ID,
    text: typeof doc === 'string' ? doc : JSON.stringify(doc),
    ruleSet,
    now: new Date('2026-01-01T00:00:00Z'),
  }).report;
}

function codes(doc: unknown) {
  const report = run(doc);
  return [...report.blockers, ...report.warnings].map((i) => i.code);
}

type Mutation = (doc: Record<string, any>) => unknown;

/** For each rule: an input that fires it, and a near miss that must not. */
const CASES: Record<
  Exclude<RuleCode, 'PAYLOAD_TOO_LARGE' | 'INVALID_ENCODING' | 'BOM_STRIPPED'>,
  { fires: Mutation | string; nearMiss: Mutation | string }
> = {
  INVALID_JSON_SYNTAX: { fires: '{"turns": [', nearMiss: (d) => d },
  NESTING_TOO_DEEP: {
    fires: `${'['.repeat(65)}${']'.repeat(65)}`,
    nearMiss: `${'['.repeat(64)}${']'.repeat(64)}`,
  },
  ROOT_NOT_OBJECT: { fires: 'null', nearMiss: '{}' },
  MISSING_CONVERSATION_METADATA: {
    fires: (d) => ({ ...d, conversation_metadata: [] }),
    nearMiss: (d) => d,
  },
  MISSING_TURNS_ARRAY: {
    fires: (d) => ({ ...d, turns: null }),
    nearMiss: (d) => ({ ...d, turns: [] }),
  },
  INSUFFICIENT_TURNS: {
    fires: (d) => ({ ...d, turns: d.turns.slice(0, 1) }),
    nearMiss: (d) => ({ ...d, turns: d.turns.slice(0, 2) }),
  },
  MISSING_CLIENT_PERSONA: {
    fires: (d) => {
      d.conversation_metadata.client_persona = '  ';
      return d;
    },
    nearMiss: (d) => {
      d.conversation_metadata.client_persona = 'x';
      return d;
    },
  },
  MISSING_SESSION_CONTEXT: {
    fires: (d) => {
      d.conversation_metadata.session_context = 7;
      return d;
    },
    nearMiss: (d) => d,
  },
  MISSING_CONVERSATION_PHASE: {
    fires: (d) => {
      delete d.conversation_metadata.conversation_phase;
      return d;
    },
    nearMiss: (d) => d,
  },
  MISSING_EXPECTED_OUTCOME: {
    fires: (d) => {
      d.conversation_metadata.expected_outcome = '';
      return d;
    },
    nearMiss: (d) => d,
  },
  TURN_NOT_OBJECT: {
    fires: (d) => {
      d.turns[1] = 'hello';
      return d;
    },
    nearMiss: (d) => d,
  },
  INVALID_TURN_NUMBER: {
    fires: (d) => {
      d.turns[0].turn_number = 1.5;
      return d;
    },
    nearMiss: (d) => {
      d.turns[0].turn_number = 1.0;
      return d;
    },
  },
  TURN_NUMBER_MISMATCH: {
    fires: (d) => {
      d.turns[2].turn_number = 5;
      return d;
    },
    nearMiss: (d) => d,
  },
  INVALID_ROLE: {
    fires: (d) => {
      d.turns[1].role = 'Assistant';
      return d;
    },
    nearMiss: (d) => d,
  },
  ROLE_NOT_ALTERNATING: {
    fires: (d) => {
      d.turns[2].role = 'assistant';
      return d;
    },
    nearMiss: (d) => d,
  },
  FIRST_TURN_NOT_USER: {
    fires: (d) => {
      d.turns[0].role = 'assistant';
      return d;
    },
    nearMiss: (d) => d,
  },
  ENDS_ON_USER_TURN: { fires: (d) => ({ ...d, turns: d.turns.slice(0, 3) }), nearMiss: (d) => d },
  NO_ASSISTANT_TURN: {
    fires: (d) => {
      for (const t of d.turns) t.role = 'user';
      return d;
    },
    nearMiss: (d) => {
      for (const t of d.turns.slice(0, 3)) t.role = 'user';
      return d;
    },
  },
  MISSING_CONTENT: {
    fires: (d) => {
      d.turns[3].content = null;
      return d;
    },
    nearMiss: (d) => d,
  },
  TRUNCATED_CONTENT: {
    fires: (d) => {
      d.turns[3].content = 'We can look at the \\';
      return d;
    },
    nearMiss: (d) => {
      d.turns[3].content = 'A path like C:\\\\ is fine';
      return d;
    },
  },
  SHORT_CONTENT: {
    fires: (d) => {
      d.turns[2].content = 'Okay.';
      return d;
    },
    nearMiss: (d) => {
      d.turns[2].content = 'Okay, sure';
      return d;
    },
  },
  REPEATED_CONTENT: {
    fires: (d) => {
      d.turns[2].content = ` ${d.turns[0].content} `;
      return d;
    },
    nearMiss: (d) => d,
  },
  MISSING_EMOTIONAL_CONTEXT: {
    fires: (d) => {
      d.turns[1].emotional_context = 'calm';
      return d;
    },
    nearMiss: (d) => d,
  },
  MISSING_PRIMARY_EMOTION: {
    fires: (d) => {
      d.turns[1].emotional_context.primary_emotion = '';
      return d;
    },
    nearMiss: (d) => d,
  },
  MISSING_INTENSITY: {
    fires: (d) => {
      d.turns[1].emotional_context.intensity = '0.5';
      return d;
    },
    nearMiss: (d) => d,
  },
  INTENSITY_OUT_OF_RANGE: {
    fires: (d) => {
      d.turns[1].emotional_context.intensity = 1.01;
      return d;
    },
    nearMiss: (d) => {
      d.turns[1].emotional_context.intensity = 0.99;
      return d;
    },
  },
  EXTREME_INTENSITY: {
    fires: (d) => {
      d.turns[1].emotional_context.intensity = 0;
      return d;
    },
    nearMiss: (d) => {
      d.turns[1].emotional_context.intensity = 0.01;
      return d;
    },
  },
  MISSING_SECONDARY_EMOTION: {
    fires: (d) => {
      delete d.turns[1].emotional_context.secondary_emotion;
      return d;
    },
    nearMiss: (d) => d,
  },
  INVALID_FIELD_TYPE: {
    fires: (d) => {
      d.input_parameters = { persona_key: 3 };
      return d;
    },
    nearMiss: (d) => d,
  },
  UNKNOWN_FIELD: {
    fires: '{"__proto__": {"polluted": true}, "conversation_metadata": {}, "turns": []}',
    nearMiss: (d) => d,
  },
  NO_EMOTIONAL_PROGRESSION: {
    fires: (d) => {
      for (const t of d.turns) t.emotional_context.primary_emotion = 'worry';
      return d;
    },
    nearMiss: (d) => d,
  },
  TOO_MANY_TURNS: {
    fires: (d) => ({
      ...d,
      turns: Array.from({ length: 51 }, (_, i) =>
        turn(i + 1, i % 2 ? 'assistant' : 'user', `Message number ${i + 1} here`, `e${i}`),
      ),
    }),
    nearMiss: (d) => ({
      ...d,
      turns: Array.from({ length: 50 }, (_, i) =>
        turn(i + 1, i % 2 ? 'assistant' : 'user', `Message number ${i + 1} here`, `e${i}`),
      ),
    }),
  },
};

function build(input: Mutation | string): unknown {
  return typeof input === 'string' ? input : input(validDoc());
}

describe('validateConversation, rule by rule', () => {
  it('the base document is clean', () => {
    const report = run(validDoc());
    expect(report.blockers).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.isValid).toBe(true);
    expect(report.summary).toBe('Valid: no issues found.');
  });

  for (const [code, { fires, nearMiss }] of Object.entries(CASES)) {
    it(`${code} fires`, () => expect(codes(build(fires))).toContain(code));
    it(`${code} near miss does not fire`, () => expect(codes(build(nearMiss))).not.toContain(code));
  }

  it('covers every rule code (fetch-level codes are tested with fetch)', () => {
    const covered = [
      ...Object.keys(CASES),
      'PAYLOAD_TOO_LARGE',
      'INVALID_ENCODING',
      'BOM_STRIPPED',
    ];
    expect(covered.sort()).toEqual([...RULE_CODES].sort());
  });
});

describe('report shape and messages', () => {
  it('names turns 1-based in messages and 0-based in paths', () => {
    const doc = validDoc();
    doc.turns[2].emotional_context.intensity = 3;
    const [issue] = run(doc).blockers;
    expect(issue).toMatchObject({
      code: 'INTENSITY_OUT_OF_RANGE',
      severity: 'blocker',
      field: 'turns[2].emotional_context.intensity',
    });
    expect(issue!.message).toMatch(/^Turn 3 /);
    expect(issue!.suggestion).not.toBe('');
  });

  it('gives syntax errors as the only issue, with line and column', () => {
    const report = run('{\n  "turns": [\n    {"role": "user",,}\n  ]\n}');
    expect(report.blockers).toHaveLength(1);
    expect(report.warnings).toHaveLength(0);
    expect(report.blockers[0]!.message).toMatch(/line 3, column \d+/);
  });

  it('records the rule set version and honours its severities', () => {
    const doc = validDoc();
    doc.conversation_metadata.expected_outcome = '';
    const strict = {
      version: 7,
      config: {
        ...DEFAULT_RULE_SET.config,
        severities: { MISSING_EXPECTED_OUTCOME: 'blocker' as const },
      },
    };
    const report = run(doc, strict);
    expect(report.ruleSetVersion).toBe(7);
    expect(report.blockers.map((b) => b.code)).toEqual(['MISSING_EXPECTED_OUTCOME']);
    const silenced = {
      version: 8,
      config: {
        ...DEFAULT_RULE_SET.config,
        severities: { MISSING_EXPECTED_OUTCOME: 'off' as const },
      },
    };
    expect(run(doc, silenced).warnings).toEqual([]);
  });
});

describe('never throws on hostile input', () => {
  const hostile: [string, string][] = [
    ['null root', 'null'],
    ['null turns', '{"conversation_metadata": {}, "turns": null}'],
    ['10,000-deep nesting', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['10,000-deep objects', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
    [
      '5 MB string',
      JSON.stringify({
        ...validDoc(),
        turns: [turn(1, 'user', 'x'.repeat(5_000_000)), turn(2, 'assistant', 'y'.repeat(20))],
      }),
    ],
    ['empty file', ''],
    ['a number', '42'],
    ['turns of nulls', '{"conversation_metadata": null, "turns": [null, 1, "a", []]}'],
    [
      'constructor key',
      '{"constructor": {"prototype": {"x": 1}}, "turns": [], "conversation_metadata": {}}',
    ],
  ];
  for (const [name, text] of hostile) {
    it(name, () => {
      const report = run(text);
      // A huge but well-formed turn is valid; everything else here is refused with blockers.
      expect(report.hasBlockers).toBe(name !== '5 MB string');
      expect(report.summary).not.toBe('');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
  }
});

describe('fetch-level refusals', () => {
  const limits = { maxPayloadBytes: 100 };
  it('PAYLOAD_TOO_LARGE over the cap, not at it', () => {
    const over = decodeRaw(Buffer.alloc(101, 0x20), limits);
    expect(!over.ok && over.finding.code).toBe('PAYLOAD_TOO_LARGE');
    expect(decodeRaw(Buffer.alloc(100, 0x20), limits).ok).toBe(true);
  });
  it('INVALID_ENCODING with the byte offset; valid multi-byte UTF-8 passes', () => {
    const bad = decodeRaw(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), limits);
    expect(!bad.ok && bad.finding.message).toMatch(/byte offset 2/);
    expect(decodeRaw(Buffer.from('{"a":"é€😀"}'), limits).ok).toBe(true);
  });
  it('INVALID_ENCODING for a UTF-16 BOM', () => {
    const utf16 = decodeRaw(Buffer.from([0xff, 0xfe, 0x7b, 0x00]), limits);
    expect(!utf16.ok && utf16.finding.message).toMatch(/UTF-16/);
  });
  it('BOM_STRIPPED for a UTF-8 BOM, and the text parses', () => {
    const result = decodeRaw(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), limits);
    expect(result.ok && result.text).toBe('{}');
    expect(result.ok && result.findings.map((f) => f.code)).toEqual(['BOM_STRIPPED']);
    expect(
      decodeRaw(Buffer.from('{}'), limits).ok && decodeRaw(Buffer.from('{}'), limits),
    ).toMatchObject({ findings: [] });
  });
});
