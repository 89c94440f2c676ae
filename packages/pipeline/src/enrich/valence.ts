/**
 * Valence by whole-word lexicon match: `hopeless` is one word and is negative; it never
 * matches `hope` the way a substring test would.
 */
const POSITIVE = new Set([
  'acceptance',
  'calm',
  'clarity',
  'clear',
  'confidence',
  'confident',
  'content',
  'curiosity',
  'curious',
  'determination',
  'determined',
  'empowered',
  'empowerment',
  'encouraged',
  'encouragement',
  'excited',
  'excitement',
  'gratitude',
  'grateful',
  'happy',
  'hope',
  'hopeful',
  'joy',
  'optimism',
  'optimistic',
  'peace',
  'permission',
  'pride',
  'proud',
  'reassurance',
  'reassured',
  'relief',
  'relieved',
  'satisfaction',
  'secure',
  'security',
  'trust',
  'warmth',
  'empathy',
  'patience',
  'motivated',
  'motivation',
  'validation',
]);

const NEGATIVE = new Set([
  'anger',
  'angry',
  'anxiety',
  'anxious',
  'confusion',
  'confused',
  'despair',
  'doubt',
  'dread',
  'embarrassed',
  'embarrassment',
  'fear',
  'afraid',
  'frustration',
  'frustrated',
  'guilt',
  'guilty',
  'helpless',
  'hopeless',
  'hopelessness',
  'impatience',
  'insecurity',
  'overwhelm',
  'overwhelmed',
  'panic',
  'regret',
  'resentment',
  'sadness',
  'sad',
  'shame',
  'ashamed',
  'stress',
  'stressed',
  'uncertainty',
  'uncertain',
  'worry',
  'worried',
  'defensiveness',
  'defensive',
  'grief',
  'skepticism',
  'skeptical',
  'disappointment',
]);

export type Valence = 'positive' | 'negative' | 'mixed';

export function valenceOf(...emotions: (string | undefined)[]): Valence {
  let positive = 0;
  let negative = 0;
  for (const emotion of emotions) {
    for (const word of (emotion ?? '').toLowerCase().split(/[^a-z]+/)) {
      if (POSITIVE.has(word)) positive++;
      else if (NEGATIVE.has(word)) negative++;
    }
  }
  if (positive > 0 && negative === 0) return 'positive';
  if (negative > 0 && positive === 0) return 'negative';
  return 'mixed';
}
