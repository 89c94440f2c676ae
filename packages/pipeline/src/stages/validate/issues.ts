import type { RuleCode, Severity } from '../../rules/rule-codes.ts';

export interface ValidationIssue {
  code: RuleCode;
  severity: Severity;
  /** Path with 0-based indexes: `turns[2].emotional_context.intensity`, `root` for the document. */
  field: string;
  /** Human sentence; turns are named 1-based ("Turn 3 …"). */
  message: string;
  suggestion: string;
}

/** What the rule found, before the rule set decides its severity (or silences it). */
export type Finding = Omit<ValidationIssue, 'severity' | 'suggestion'>;

export const SUGGESTIONS: Record<RuleCode, string> = {
  INVALID_JSON_SYNTAX: 'Regenerate the conversation: the model output is not complete JSON.',
  NESTING_TOO_DEEP: 'Flatten the document: conversations never need this much nesting.',
  PAYLOAD_TOO_LARGE: 'Split the conversation or raise the size cap in the rule set.',
  INVALID_ENCODING: 'Save the file as UTF-8 (without a UTF-16/32 byte order mark).',
  BOM_STRIPPED: 'Save the file as UTF-8 without a byte order mark.',
  ROOT_NOT_OBJECT: 'The document must be a JSON object with conversation_metadata and turns.',
  MISSING_CONVERSATION_METADATA: 'Add a conversation_metadata object.',
  MISSING_TURNS_ARRAY: 'Add a turns array with the dialogue in order.',
  INSUFFICIENT_TURNS: 'Regenerate with more turns: a training pair needs a question and an answer.',
  MISSING_CLIENT_PERSONA: 'Set conversation_metadata.client_persona to a non-blank string.',
  MISSING_SESSION_CONTEXT: 'Set conversation_metadata.session_context to a non-blank string.',
  MISSING_CONVERSATION_PHASE: 'Set conversation_metadata.conversation_phase (a snake_case label).',
  MISSING_EXPECTED_OUTCOME:
    'Add conversation_metadata.expected_outcome; the profile default is used meanwhile.',
  TURN_NOT_OBJECT: 'Each entry of turns must be an object with turn_number, role and content.',
  INVALID_TURN_NUMBER: 'Use an integer turn_number (1-based, in order).',
  TURN_NUMBER_MISMATCH: 'Renumber the turns 1, 2, 3… in order.',
  INVALID_ROLE: 'Use exactly "user" or "assistant" (lower case).',
  ROLE_NOT_ALTERNATING: 'Merge consecutive turns of the same role, or regenerate.',
  FIRST_TURN_NOT_USER: 'Start the conversation with the client (a user turn).',
  ENDS_ON_USER_TURN: 'Add the planner’s answer, or drop the unanswered last user turn.',
  NO_ASSISTANT_TURN: 'Add at least one assistant turn: without one there is nothing to train on.',
  MISSING_CONTENT: 'Give the turn non-blank content.',
  TRUNCATED_CONTENT: 'Regenerate: the model stopped in the middle of this turn.',
  SHORT_CONTENT: 'Check that this short turn is intended.',
  REPEATED_CONTENT: 'Rewrite the repeated turn: duplicates teach the model to loop.',
  MISSING_EMOTIONAL_CONTEXT: 'Add emotional_context with primary_emotion and intensity.',
  MISSING_PRIMARY_EMOTION: 'Set emotional_context.primary_emotion to a non-blank string.',
  MISSING_INTENSITY: 'Set emotional_context.intensity to a number from 0 to 1.',
  INTENSITY_OUT_OF_RANGE: 'Use an intensity from 0 to 1.',
  EXTREME_INTENSITY: 'Check the extreme intensity: 0 and 1 are rarely realistic.',
  MISSING_SECONDARY_EMOTION: 'Add emotional_context.secondary_emotion for richer labels.',
  INVALID_FIELD_TYPE: 'Fix the field’s type, or remove the optional field.',
  UNKNOWN_FIELD: 'Remove the field, or check its spelling.',
  NO_EMOTIONAL_PROGRESSION:
    'Regenerate following the emotional arc: every turn has the same emotion.',
  TOO_MANY_TURNS: 'Split the conversation or raise maxTurns in the rule set.',
};

/** `turns[2].content`, or `conversation_metadata["odd key"]` for keys that are not names. */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const safe = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key);
  if (parent === 'root') return safe ? key : `root[${JSON.stringify(key)}]`;
  return safe ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
