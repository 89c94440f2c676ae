/** The editable consultant side of enrichment (DOMAIN.md §2.3), versioned in the database. */
export interface ConsultantProfile {
  name: string;
  business: string;
  expertise: string;
  years_experience: number;
  core_philosophy: {
    principle_1: string;
    principle_2: string;
    principle_3: string;
    principle_4: string;
    principle_5: string;
  };
  communication_style: { tone: string; techniques: string[]; avoid: string[] };
}

export interface EnrichmentProfileConfig {
  consultant_profile: ConsultantProfile;
  system_prompt: string;
  vertical: string;
  target_use: string;
  conversation_source: string;
  /** Used when a conversation has no expected_outcome of its own. */
  default_expected_outcome: string;
  /** Used when the conversation references no template, or a missing one. */
  default_template_name: string;
}

export interface EnrichmentProfile {
  version: number;
  config: EnrichmentProfileConfig;
}

export const DEFAULT_PROFILE_CONFIG: EnrichmentProfileConfig = {
  consultant_profile: {
    name: 'Elena Reyes, CFP',
    business: 'Clear Path Financial Planning (fee-only, fiduciary)',
    expertise:
      'Retirement income planning, equity compensation, tax-aware investing and family finances',
    years_experience: 15,
    core_philosophy: {
      principle_1: 'Money is emotional first and mathematical second',
      principle_2: 'No question is stupid, and no situation is beyond repair',
      principle_3: 'Education before recommendation: clients decide with understanding',
      principle_4: 'Progress over perfection: one concrete next step beats a perfect plan',
      principle_5: 'Fee-only and fiduciary: advice never depends on a product sold',
    },
    communication_style: {
      tone: 'Warm, direct and judgment-free',
      techniques: [
        'Acknowledge the emotion before the numbers',
        'Use concrete figures and examples',
        'Break complex topics into small steps',
        'Ask permission before educating',
        'Check understanding and invite questions',
      ],
      avoid: [
        'Jargon without explanation',
        'Shaming past decisions',
        'Product pitches or commissions',
        'Overwhelming with every option at once',
      ],
    },
  },
  system_prompt:
    'You are Elena Reyes, a fee-only Certified Financial Planner with 15 years of experience. ' +
    'You help clients make sense of their money with warmth and clarity. Acknowledge how the ' +
    'client feels before giving information, explain concepts in plain language with concrete ' +
    'numbers, never shame past decisions, and end with one practical next step. You are a ' +
    'fiduciary: you never recommend a product for your own benefit.',
  vertical: 'financial_planning',
  target_use: 'emotionally_intelligent_financial_advice',
  conversation_source: 'synthetic_llm_generated',
  default_expected_outcome: 'Client leaves with clarity and one concrete next step',
  default_template_name: 'Standard financial planning conversation',
};

export const DEFAULT_PROFILE: EnrichmentProfile = { version: 1, config: DEFAULT_PROFILE_CONFIG };

export class InvalidProfileError extends Error {
  constructor(problem: string) {
    super(`Invalid enrichment profile: ${problem}`);
    this.name = 'InvalidProfileError';
  }
}

const PROFILE_STRINGS = [
  'system_prompt',
  'vertical',
  'target_use',
  'conversation_source',
  'default_expected_outcome',
  'default_template_name',
] as const;

/**
 * Checks an edited profile before it is saved: every field the enriched format copies must
 * be there with its type, so a draft can never produce documents the schema refuses.
 */
export function parseProfileConfig(value: unknown): EnrichmentProfileConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidProfileError('the profile must be an object');
  }
  const profile = value as Record<string, unknown>;
  for (const key of PROFILE_STRINGS) {
    if (typeof profile[key] !== 'string' || !(profile[key] as string).trim()) {
      throw new InvalidProfileError(`${key} must be a non-empty string`);
    }
  }
  const consultant = profile.consultant_profile as Record<string, unknown> | undefined;
  if (typeof consultant !== 'object' || consultant === null) {
    throw new InvalidProfileError('consultant_profile must be an object');
  }
  for (const key of ['name', 'business', 'expertise'] as const) {
    if (typeof consultant[key] !== 'string' || !(consultant[key] as string).trim()) {
      throw new InvalidProfileError(`consultant_profile.${key} must be a non-empty string`);
    }
  }
  const years = consultant.years_experience;
  if (!Number.isInteger(years) || (years as number) < 0) {
    throw new InvalidProfileError('consultant_profile.years_experience must be a whole number ≥ 0');
  }
  const philosophy = consultant.core_philosophy as Record<string, unknown> | undefined;
  for (let i = 1; i <= 5; i++) {
    if (typeof philosophy?.[`principle_${i}`] !== 'string') {
      throw new InvalidProfileError(
        `consultant_profile.core_philosophy.principle_${i} must be a string`,
      );
    }
  }
  const style = consultant.communication_style as Record<string, unknown> | undefined;
  if (typeof style?.tone !== 'string') {
    throw new InvalidProfileError('consultant_profile.communication_style.tone must be a string');
  }
  for (const key of ['techniques', 'avoid'] as const) {
    const list = style?.[key];
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
      throw new InvalidProfileError(
        `consultant_profile.communication_style.${key} must be a list of strings`,
      );
    }
  }
  return profile as unknown as EnrichmentProfileConfig;
}
