import type { RawTurn } from './dialogue.ts';
import type { Random } from './random.ts';

export interface RawDocument {
  conversation_metadata: Record<string, unknown>;
  turns: unknown[];
  input_parameters?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * A defect either edits the document or, for syntax-level breakage, the serialized text.
 * `expect` is the rule code the defect must trigger: the demo's own tests check it does.
 */
export interface Defect {
  expect: string;
  apply(doc: RawDocument, random: Random): void;
  breakText?(text: string, random: Random): string;
}

const turnsOf = (doc: RawDocument) => doc.turns as RawTurn[];
const lastAssistant = (doc: RawDocument) =>
  [...turnsOf(doc)].reverse().find((t) => t.role === 'assistant')!;

/** Each produces at least one blocker. Spread evenly so the failure clusters look real. */
export const BLOCKER_DEFECTS: Defect[] = [
  {
    expect: 'INVALID_JSON_SYNTAX',
    apply: () => {},
    // The model stopped mid-document: keep the first 40–80% of the bytes.
    breakText: (text, random) => text.slice(0, Math.floor(text.length * random.between(0.4, 0.8))),
  },
  {
    expect: 'TRUNCATED_CONTENT',
    apply: (doc) => {
      const turn = lastAssistant(doc);
      turn.content = `${turn.content.slice(0, Math.floor(turn.content.length / 2))} and the \\`;
    },
  },
  {
    expect: 'MISSING_CONTENT',
    apply: (doc, random) => {
      random.pick(turnsOf(doc)).content = '   ';
    },
  },
  {
    expect: 'INVALID_ROLE',
    apply: (doc) => {
      (turnsOf(doc)[1] as { role: string }).role = 'Assistant';
    },
  },
  {
    expect: 'INTENSITY_OUT_OF_RANGE',
    apply: (doc, random) => {
      random.pick(turnsOf(doc)).emotional_context.intensity = random.pick([1.4, 7, -0.2]);
    },
  },
  {
    expect: 'MISSING_PRIMARY_EMOTION',
    apply: (doc) => {
      const ctx = turnsOf(doc)[0]!.emotional_context as Partial<RawTurn['emotional_context']>;
      delete ctx.primary_emotion;
    },
  },
  {
    expect: 'MISSING_CLIENT_PERSONA',
    apply: (doc) => {
      doc.conversation_metadata.client_persona = '';
    },
  },
  {
    expect: 'INSUFFICIENT_TURNS',
    apply: (doc) => {
      doc.turns = doc.turns.slice(0, 1);
    },
  },
  {
    expect: 'MISSING_EMOTIONAL_CONTEXT',
    apply: (doc) => {
      delete (lastAssistant(doc) as Partial<RawTurn>).emotional_context;
    },
  },
  {
    expect: 'INVALID_TURN_NUMBER',
    apply: (doc) => {
      (turnsOf(doc)[2] as unknown as { turn_number: string }).turn_number = '3';
    },
  },
  {
    expect: 'MISSING_SESSION_CONTEXT',
    apply: (doc) => {
      delete doc.conversation_metadata.session_context;
    },
  },
  {
    expect: 'NO_ASSISTANT_TURN',
    apply: (doc) => {
      for (const turn of turnsOf(doc)) turn.role = 'user';
    },
  },
];

/** Each produces warnings and no blocker. */
export const WARNING_DEFECTS: Defect[] = [
  {
    expect: 'MISSING_EXPECTED_OUTCOME',
    apply: (doc) => {
      delete doc.conversation_metadata.expected_outcome;
    },
  },
  {
    expect: 'SHORT_CONTENT',
    apply: (doc) => {
      turnsOf(doc)[2]!.content = 'Okay.';
    },
  },
  {
    expect: 'ENDS_ON_USER_TURN',
    apply: (doc) => {
      doc.turns = doc.turns.slice(0, -1);
    },
  },
  {
    expect: 'TURN_NUMBER_MISMATCH',
    apply: (doc) => {
      const turns = turnsOf(doc);
      turns.at(-1)!.turn_number = turns.length + 1;
    },
  },
  {
    expect: 'EXTREME_INTENSITY',
    apply: (doc) => {
      turnsOf(doc)[0]!.emotional_context.intensity = 1;
    },
  },
  {
    expect: 'MISSING_SECONDARY_EMOTION',
    apply: (doc) => {
      const ctx = turnsOf(doc)[1]!.emotional_context as Partial<RawTurn['emotional_context']>;
      delete ctx.secondary_emotion;
    },
  },
  {
    expect: 'UNKNOWN_FIELD',
    apply: (doc) => {
      doc.conversation_metadata.generator_notes = 'draft 2';
    },
  },
  {
    expect: 'REPEATED_CONTENT',
    apply: (doc) => {
      const turns = turnsOf(doc);
      turns[2]!.content = turns[0]!.content;
    },
  },
];
