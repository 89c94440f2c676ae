/**
 * Quality criteria derived from the row's score and the response text, with no randomness:
 * the same inputs always give the same numbers (the original drew them at random).
 */
export interface QualityCriteria {
  empathy: number;
  clarity: number;
  appropriateness: number;
  brand_voice_alignment: number;
}

const EMPATHY_MARKERS =
  /\b(hear|understand|makes sense|normal|common|not alone|feel|feeling|courage|no judgment|glad)\b/i;
const ABSOLUTE_PROMISES = /\b(guarantee[sd]?|risk-free|can't lose|always wins?|never lose)\b/i;
const OFF_BRAND = /\b(you should have|obviously|just buy|commission)\b/i;

export function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

function clampScore(value: number): number {
  return roundToTenth(Math.min(5, Math.max(0, value)));
}

function averageSentenceWords(text: string): number {
  const sentences = text.split(/[.!?]+/).filter((s) => s.trim() !== '');
  if (sentences.length === 0) return 0;
  const words = text.split(/\s+/).filter(Boolean).length;
  return words / sentences.length;
}

export function qualityCriteria(score: number, response: string): QualityCriteria {
  return {
    empathy: clampScore(score + (EMPATHY_MARKERS.test(response) ? 0.3 : -0.4)),
    clarity: clampScore(score + (averageSentenceWords(response) <= 24 ? 0.2 : -0.3)),
    appropriateness: clampScore(score + (ABSOLUTE_PROMISES.test(response) ? -0.8 : 0.1)),
    brand_voice_alignment: clampScore(score + (OFF_BRAND.test(response) ? -0.6 : 0)),
  };
}

/** Row score → tier (DOMAIN.md §2.3): a null score means 3.0; a 0 is a 0. */
export function qualityTier(score: number): 'seed_dataset' | 'production' | 'experimental' {
  if (score >= 4.5) return 'seed_dataset';
  if (score >= 3.5) return 'production';
  return 'experimental';
}

export function effectiveScore(score: number | null): number {
  return score ?? 3.0;
}
