import type { RuleSetConfig } from '../../rules/rule-set.ts';
import { describeType, isBlank, isPlainObject, unknownKeys } from './document-rules.ts';
import { type Finding, fieldPath } from './issues.ts';

const TURN_KEYS = new Set(['turn_number', 'role', 'content', 'emotional_context']);
const EMOTION_KEYS = new Set(['primary_emotion', 'secondary_emotion', 'intensity']);
const ROLES = new Set(['user', 'assistant']);

/**
 * Content the model stopped writing mid-string: a lone trailing backslash (an odd run of
 * them), or a `\u` escape with fewer than four hex digits at the very end.
 */
export function looksTruncated(content: string): boolean {
  const trailing = /\\+$/.exec(content)?.[0].length ?? 0;
  if (trailing % 2 === 1) return true;
  const partialEscape = /(\\*)\\u[0-9A-Fa-f]{0,3}$/.exec(content);
  return partialEscape !== null && partialEscape[1]!.length % 2 === 0;
}

export function checkTurns(turns: unknown[], config: RuleSetConfig): Finding[] {
  const findings: Finding[] = [];
  if (turns.length < config.minTurns) {
    findings.push({
      code: 'INSUFFICIENT_TURNS',
      field: 'turns',
      message: `The conversation has ${turns.length} turn${turns.length === 1 ? '' : 's'}; at least ${config.minTurns} are required.`,
    });
  }
  if (turns.length > config.maxTurns) {
    findings.push({
      code: 'TOO_MANY_TURNS',
      field: 'turns',
      message: `The conversation has ${turns.length} turns, more than ${config.maxTurns}.`,
    });
  }

  const seenContent = new Map<string, number>();
  const primaries: string[] = [];
  let previousRole: string | undefined;
  let hasAssistant = false;

  turns.forEach((turn, i) => {
    const path = fieldPath('turns', i);
    const name = `Turn ${i + 1}`;
    if (!isPlainObject(turn)) {
      findings.push({
        code: 'TURN_NOT_OBJECT',
        field: path,
        message: `${name} is ${describeType(turn)}, not an object.`,
      });
      previousRole = undefined;
      return;
    }

    const number = turn.turn_number;
    if (!Number.isInteger(number)) {
      findings.push({
        code: 'INVALID_TURN_NUMBER',
        field: `${path}.turn_number`,
        message: `${name} has turn_number ${JSON.stringify(number) ?? 'missing'}, not an integer.`,
      });
    } else if (number !== i + 1) {
      findings.push({
        code: 'TURN_NUMBER_MISMATCH',
        field: `${path}.turn_number`,
        message: `${name} is numbered ${number}; expected ${i + 1}.`,
      });
    }

    const role = turn.role;
    const validRole = typeof role === 'string' && ROLES.has(role);
    if (!validRole) {
      findings.push({
        code: 'INVALID_ROLE',
        field: `${path}.role`,
        message: `${name} has role ${JSON.stringify(role) ?? 'missing'}; expected "user" or "assistant".`,
      });
    } else {
      if (role === 'assistant') hasAssistant = true;
      if (i === 0 && role !== 'user') {
        findings.push({
          code: 'FIRST_TURN_NOT_USER',
          field: `${path}.role`,
          message: 'Turn 1 is an assistant turn; conversations start with the client.',
        });
      }
      if (previousRole === role) {
        findings.push({
          code: 'ROLE_NOT_ALTERNATING',
          field: `${path}.role`,
          message: `${name} has the same role (${role}) as turn ${i}.`,
        });
      }
      if (i === turns.length - 1 && role === 'user') {
        findings.push({
          code: 'ENDS_ON_USER_TURN',
          field: `${path}.role`,
          message: `${name}, the last, is a user turn with no answer.`,
        });
      }
    }
    previousRole = validRole ? (role as string) : undefined;

    findings.push(...checkContent(turn.content, path, name, i, config, seenContent));
    findings.push(...checkEmotion(turn, path, name, primaries));
    findings.push(...unknownKeys(turn, TURN_KEYS, path, name));
  });

  if (turns.length > 0 && !hasAssistant) {
    findings.push({
      code: 'NO_ASSISTANT_TURN',
      field: 'turns',
      message: 'No turn has the role "assistant": there is nothing to train on.',
    });
  }
  if (primaries.length >= 2 && primaries.every((p) => p === primaries[0])) {
    findings.push({
      code: 'NO_EMOTIONAL_PROGRESSION',
      field: 'turns',
      message: `Every turn has the same primary emotion (${primaries[0]}).`,
    });
  }
  return findings;
}

function checkContent(
  content: unknown,
  path: string,
  name: string,
  index: number,
  config: RuleSetConfig,
  seen: Map<string, number>,
): Finding[] {
  const field = `${path}.content`;
  if (isBlank(content)) {
    return [
      {
        code: 'MISSING_CONTENT',
        field,
        message: `${name} has ${typeof content === 'string' ? 'blank' : 'no'} content.`,
      },
    ];
  }
  const text = content as string;
  const findings: Finding[] = [];
  if (looksTruncated(text)) {
    findings.push({
      code: 'TRUNCATED_CONTENT',
      field,
      message: `${name} ends mid-escape (a trailing backslash): the text was cut off.`,
    });
  }
  const trimmed = text.trim();
  const length = [...trimmed].length;
  if (length < config.shortContentChars) {
    findings.push({
      code: 'SHORT_CONTENT',
      field,
      message: `${name} has only ${length} characters.`,
    });
  }
  const earlier = seen.get(trimmed);
  if (earlier !== undefined) {
    findings.push({
      code: 'REPEATED_CONTENT',
      field,
      message: `${name} repeats the content of turn ${earlier + 1}.`,
    });
  } else {
    seen.set(trimmed, index);
  }
  return findings;
}

function checkEmotion(
  turn: Record<string, unknown>,
  path: string,
  name: string,
  primaries: string[],
): Finding[] {
  const context = turn.emotional_context;
  const base = `${path}.emotional_context`;
  if (!isPlainObject(context)) {
    return [
      {
        code: 'MISSING_EMOTIONAL_CONTEXT',
        field: base,
        message: `${name} has ${context === undefined ? 'no emotional_context' : `an emotional_context that is ${describeType(context)}`}.`,
      },
    ];
  }
  const findings: Finding[] = [];
  if (isBlank(context.primary_emotion)) {
    findings.push({
      code: 'MISSING_PRIMARY_EMOTION',
      field: `${base}.primary_emotion`,
      message: `${name} has no primary emotion.`,
    });
  } else {
    primaries.push((context.primary_emotion as string).trim().toLowerCase());
  }
  const intensity = context.intensity;
  if (typeof intensity !== 'number' || !Number.isFinite(intensity)) {
    findings.push({
      code: 'MISSING_INTENSITY',
      field: `${base}.intensity`,
      message: `${name} has intensity ${JSON.stringify(intensity) ?? 'missing'}, not a number.`,
    });
  } else if (intensity < 0 || intensity > 1) {
    findings.push({
      code: 'INTENSITY_OUT_OF_RANGE',
      field: `${base}.intensity`,
      message: `${name} has intensity ${intensity}, outside 0–1.`,
    });
  } else if (intensity === 0 || intensity === 1) {
    findings.push({
      code: 'EXTREME_INTENSITY',
      field: `${base}.intensity`,
      message: `${name} has the extreme intensity ${intensity}.`,
    });
  }
  const secondary = context.secondary_emotion;
  if (secondary !== undefined && typeof secondary !== 'string') {
    findings.push({
      code: 'INVALID_FIELD_TYPE',
      field: `${base}.secondary_emotion`,
      message: `${name} has a secondary_emotion that is ${describeType(secondary)}, not a string.`,
    });
  } else if (isBlank(secondary)) {
    findings.push({
      code: 'MISSING_SECONDARY_EMOTION',
      field: `${base}.secondary_emotion`,
      message: `${name} has no secondary emotion.`,
    });
  }
  findings.push(...unknownKeys(context, EMOTION_KEYS, base, `${name}'s emotional_context`));
  return findings;
}
