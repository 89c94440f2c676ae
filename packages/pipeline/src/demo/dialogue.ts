import type { DemoArc, DemoPersona, DemoTopic } from './catalog.ts';
import type { Random } from './random.ts';

export interface RawTurn {
  turn_number: number;
  role: 'user' | 'assistant';
  content: string;
  emotional_context: { primary_emotion: string; secondary_emotion: string; intensity: number };
}

const OPENERS = [
  'Hi, thanks for making time for me today.',
  'Hello. I have been putting this conversation off for a while.',
  'Thanks for seeing me. I’m honestly not sure where to start.',
  'Hi. A friend recommended I talk to you about this.',
];

const FOLLOW_UPS = [
  'Okay, that helps a little. What if {question_lower}',
  'That makes sense, I think. Can I ask about {concept}? How does it change things for me?',
  'So if I understand you, the first thing is {concept}. What happens if I get that part wrong?',
  'I hadn’t thought of it that way. {question}',
  'Right. And how do I know whether {concept} actually applies to someone like me?',
];

const EXPLANATIONS = [
  'The piece that matters most here is {concept}. For example, setting aside {amount} a year at a {rate}% tax bracket saves roughly {saving}, which is real money you keep.',
  'Let’s take {concept} one step at a time. If we start with {amount} and give it {years} years, the difference between the two choices is about {saving} in your favour.',
  'Think of {concept} as the rule that decides the rest. Once we pin that down, the numbers get simpler: roughly {saving} over {years} years in your situation.',
  'A lot of people in your position skip {concept}, and it costs them. Getting it right is worth about {saving} a year for you, based on what you’ve shared.',
];

const NEXT_STEPS = [
  'For this week, the one step is to pull your latest statement so we can look at the real figures together.',
  'Your next step is small: list the accounts you have and their balances, nothing more.',
  'Let’s agree on one thing to do before we talk again: check your contribution rate and write it down.',
  'The first step is to set up a single automatic transfer. We can adjust it later.',
];

const CLOSINGS = [
  'This is the first time {topic} has felt manageable. I actually feel {emotion} about it now.',
  'Thank you. I came in dreading this, and now I feel {emotion}. I know what to do next.',
  'Okay. Writing that down. I feel {emotion}, which I did not expect when I walked in.',
];

const WRAP_UPS = [
  'That’s a big shift, and you did the hard part by asking. We’ll review {concept} together next time, and you can message me before then with any question.',
  'I’m glad. Remember that {topic} is a process, not a test. Start with the step we agreed on and we’ll build from there.',
];

const ASSISTANT_EMOTIONS = [
  { primary_emotion: 'empathy', secondary_emotion: 'warmth' },
  { primary_emotion: 'reassurance', secondary_emotion: 'confidence' },
  { primary_emotion: 'encouragement', secondary_emotion: 'patience' },
];

const MIDDLE_EMOTIONS: Record<string, string[]> = {
  default: ['uncertainty', 'curiosity', 'cautious_hope'],
};

const SECONDARY_FOR: Record<string, string> = {
  confusion: 'frustration',
  shame: 'embarrassment',
  fear: 'worry',
  anxiety: 'worry',
  overwhelm: 'stress',
  frustration: 'impatience',
};

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? key);
}

/** "Does that make sense?" keeps its question mark; "Let's start simple..." gets a period. */
function withSentenceEnd(phrase: string): string {
  const trimmed = phrase.trim().replace(/(\.\.\.|…)$/, '');
  return /[.?!]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * A plausible client/planner dialogue: the client's emotion follows the arc from its start
 * to its end, with intensities inside the arc's own ranges; every turn is long enough,
 * distinct, and the conversation ends on the planner.
 */
export function writeDialogue(
  random: Random,
  persona: DemoPersona,
  arc: DemoArc,
  topic: DemoTopic,
): RawTurn[] {
  const pairs = random.int(Math.max(2, Math.ceil(arc.turnRange[0] / 2) + 1), 5);
  const turns: RawTurn[] = [];
  const concepts = topic.concepts.length > 0 ? topic.concepts : ['the basics'];
  const questions =
    topic.questions.length > 0 ? topic.questions : [`How should I think about ${topic.name}?`];
  const middle = MIDDLE_EMOTIONS[arc.key] ?? MIDDLE_EMOTIONS.default!;
  // One rotation offset per conversation: consecutive turns use different templates, so no
  // two turns of a clean conversation say the same thing.
  const followUpOffset = random.int(0, FOLLOW_UPS.length - 1);
  const explanationOffset = random.int(0, EXPLANATIONS.length - 1);

  for (let pair = 0; pair < pairs; pair++) {
    const concept = concepts[pair % concepts.length]!;
    const isFirst = pair === 0;
    const isLast = pair === pairs - 1;
    const amount = random.int(2, 12) * 500;
    const values = {
      concept,
      topic: topic.name,
      question: random.pick(questions),
      question_lower: lowerFirst(random.pick(questions)),
      amount: `$${amount.toLocaleString('en-US')}`,
      rate: String(random.pick([12, 22, 24, 32])),
      saving: `$${Math.round(amount * random.between(0.12, 0.35)).toLocaleString('en-US')}`,
      years: String(random.int(5, 25)),
      emotion: arc.endingEmotion.replaceAll('_', ' '),
    };

    let userText: string;
    let emotion: string;
    let intensity: number;
    if (isFirst) {
      const phrase =
        persona.phrases.length > 0
          ? `${random.pick(persona.phrases).replace(/[.…?!]+$/, '')}, but `
          : '';
      userText = `${random.pick(OPENERS)} ${phrase}${lowerFirst(values.question)} ${persona.situation}`;
      emotion = arc.startingEmotion;
      intensity = random.between(arc.startingRange[0], arc.startingRange[1]);
    } else if (isLast) {
      userText = fill(random.pick(CLOSINGS), values);
      emotion = arc.endingEmotion;
      intensity = random.between(arc.endingRange[0], arc.endingRange[1]);
    } else {
      userText = fill(FOLLOW_UPS[(pair + followUpOffset) % FOLLOW_UPS.length]!, values);
      emotion = middle[(pair - 1) % middle.length]!;
      intensity = random.between(0.45, 0.65);
    }
    turns.push({
      turn_number: turns.length + 1,
      role: 'user',
      content: userText,
      emotional_context: {
        primary_emotion: emotion,
        secondary_emotion: SECONDARY_FOR[emotion] ?? 'hope',
        intensity,
      },
    });

    const arcPhrase = arc.phrases.length > 0 ? random.pick(arc.phrases) : 'I hear you';
    const assistantText = isLast
      ? fill(random.pick(WRAP_UPS), values)
      : `${withSentenceEnd(arcPhrase)} ${fill(EXPLANATIONS[(pair + explanationOffset) % EXPLANATIONS.length]!, values)} ${random.pick(NEXT_STEPS)}`;
    turns.push({
      turn_number: turns.length + 1,
      role: 'assistant',
      content: assistantText,
      emotional_context: {
        ...random.pick(ASSISTANT_EMOTIONS),
        intensity: random.between(0.55, 0.8),
      },
    });
  }
  return turns;
}
