import type { RuleSetConfig } from '../../rules/rule-set.ts';
import { type Finding, fieldPath } from './issues.ts';
import { checkTurns } from './turn-rules.ts';

const ROOT_KEYS = new Set(['conversation_metadata', 'turns', 'input_parameters']);
const METADATA_KEYS = new Set([
  'client_persona',
  'session_context',
  'conversation_phase',
  'expected_outcome',
]);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Keys outside the schema, `__proto__` and `constructor` included (own keys only). */
export function unknownKeys(
  object: Record<string, unknown>,
  known: Set<string>,
  path: string,
  where: string,
): Finding[] {
  return Object.keys(object)
    .filter((key) => !known.has(key))
    .map((key) => ({
      code: 'UNKNOWN_FIELD' as const,
      field: fieldPath(path, key),
      message: `${where} has an unknown field ${JSON.stringify(key)}.`,
    }));
}

/** Every rule of DOMAIN.md §2.2 that applies to a parsed document, in document order. */
export function checkDocument(doc: unknown, config: RuleSetConfig): Finding[] {
  if (!isPlainObject(doc)) {
    return [
      {
        code: 'ROOT_NOT_OBJECT',
        field: 'root',
        message: `The document is ${describeType(doc)}, not an object.`,
      },
    ];
  }
  const findings: Finding[] = [];
  findings.push(...checkMetadata(doc.conversation_metadata));

  const turns = doc.turns;
  if (!Array.isArray(turns)) {
    findings.push({
      code: 'MISSING_TURNS_ARRAY',
      field: 'turns',
      message:
        turns === undefined
          ? 'The document has no turns array.'
          : `turns is ${describeType(turns)}, not an array.`,
    });
  } else {
    findings.push(...checkTurns(turns, config));
  }

  if ('input_parameters' in doc) findings.push(...checkInputParameters(doc.input_parameters));
  findings.push(...unknownKeys(doc, ROOT_KEYS, 'root', 'The document'));
  return findings;
}

function checkMetadata(metadata: unknown): Finding[] {
  if (!isPlainObject(metadata)) {
    return [
      {
        code: 'MISSING_CONVERSATION_METADATA',
        field: 'conversation_metadata',
        message:
          metadata === undefined
            ? 'The document has no conversation_metadata.'
            : `conversation_metadata is ${describeType(metadata)}, not an object.`,
      },
    ];
  }
  const findings: Finding[] = [];
  const required = [
    ['client_persona', 'MISSING_CLIENT_PERSONA'],
    ['session_context', 'MISSING_SESSION_CONTEXT'],
    ['conversation_phase', 'MISSING_CONVERSATION_PHASE'],
  ] as const;
  for (const [key, code] of required) {
    if (isBlank(metadata[key])) {
      findings.push({
        code,
        field: `conversation_metadata.${key}`,
        message:
          metadata[key] === undefined
            ? `conversation_metadata has no ${key}.`
            : `conversation_metadata.${key} is ${typeof metadata[key] === 'string' ? 'blank' : describeType(metadata[key])}.`,
      });
    }
  }
  const outcome = metadata.expected_outcome;
  if (outcome !== undefined && typeof outcome !== 'string') {
    findings.push({
      code: 'INVALID_FIELD_TYPE',
      field: 'conversation_metadata.expected_outcome',
      message: `conversation_metadata.expected_outcome is ${describeType(outcome)}, not a string.`,
    });
  } else if (isBlank(outcome)) {
    findings.push({
      code: 'MISSING_EXPECTED_OUTCOME',
      field: 'conversation_metadata.expected_outcome',
      message: 'conversation_metadata.expected_outcome is missing or blank.',
    });
  }
  findings.push(
    ...unknownKeys(metadata, METADATA_KEYS, 'conversation_metadata', 'conversation_metadata'),
  );
  return findings;
}

function checkInputParameters(parameters: unknown): Finding[] {
  if (!isPlainObject(parameters)) {
    return [
      {
        code: 'INVALID_FIELD_TYPE',
        field: 'input_parameters',
        message: `input_parameters is ${describeType(parameters)}, not an object of strings.`,
      },
    ];
  }
  return Object.entries(parameters)
    .filter(([, value]) => typeof value !== 'string')
    .map(([key, value]) => ({
      code: 'INVALID_FIELD_TYPE' as const,
      field: fieldPath('input_parameters', key),
      message: `input_parameters.${key} is ${describeType(value)}, not a string.`,
    }));
}

export { describeType };
