/** Every validation rule of DOMAIN.md §2.2 with its default severity. Names are a contract. */
export const RULE_DEFAULTS = {
  INVALID_JSON_SYNTAX: 'blocker',
  NESTING_TOO_DEEP: 'blocker',
  PAYLOAD_TOO_LARGE: 'blocker',
  INVALID_ENCODING: 'blocker',
  BOM_STRIPPED: 'warning',
  ROOT_NOT_OBJECT: 'blocker',
  MISSING_CONVERSATION_METADATA: 'blocker',
  MISSING_TURNS_ARRAY: 'blocker',
  INSUFFICIENT_TURNS: 'blocker',
  MISSING_CLIENT_PERSONA: 'blocker',
  MISSING_SESSION_CONTEXT: 'blocker',
  MISSING_CONVERSATION_PHASE: 'blocker',
  MISSING_EXPECTED_OUTCOME: 'warning',
  TURN_NOT_OBJECT: 'blocker',
  INVALID_TURN_NUMBER: 'blocker',
  TURN_NUMBER_MISMATCH: 'warning',
  INVALID_ROLE: 'blocker',
  ROLE_NOT_ALTERNATING: 'warning',
  FIRST_TURN_NOT_USER: 'warning',
  ENDS_ON_USER_TURN: 'warning',
  NO_ASSISTANT_TURN: 'blocker',
  MISSING_CONTENT: 'blocker',
  TRUNCATED_CONTENT: 'blocker',
  SHORT_CONTENT: 'warning',
  REPEATED_CONTENT: 'warning',
  MISSING_EMOTIONAL_CONTEXT: 'blocker',
  MISSING_PRIMARY_EMOTION: 'blocker',
  MISSING_INTENSITY: 'blocker',
  INTENSITY_OUT_OF_RANGE: 'blocker',
  EXTREME_INTENSITY: 'warning',
  MISSING_SECONDARY_EMOTION: 'warning',
  INVALID_FIELD_TYPE: 'blocker',
  UNKNOWN_FIELD: 'warning',
  NO_EMOTIONAL_PROGRESSION: 'warning',
  TOO_MANY_TURNS: 'warning',
} as const satisfies Record<string, Severity>;

export type Severity = 'blocker' | 'warning';
export type RuleCode = keyof typeof RULE_DEFAULTS;
export const RULE_CODES = Object.keys(RULE_DEFAULTS) as RuleCode[];

/**
 * Refusals made before the document is parsed (or when it cannot be): each is the only issue
 * of its report, whatever the rule set says.
 */
export const GATE_RULES = [
  'INVALID_JSON_SYNTAX',
  'NESTING_TOO_DEEP',
  'PAYLOAD_TOO_LARGE',
  'INVALID_ENCODING',
] as const satisfies readonly RuleCode[];
