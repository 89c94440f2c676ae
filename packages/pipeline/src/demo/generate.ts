import type { DemoCatalog } from './catalog.ts';
import { BLOCKER_DEFECTS, type RawDocument, WARNING_DEFECTS } from './defects.ts';
import { writeDialogue } from './dialogue.ts';
import { makeRandom, seedFor } from './random.ts';

export interface DemoConversation {
  raw: Buffer;
  title: string;
  personaId: string | null;
  emotionalArcId: string | null;
  trainingTopicId: string | null;
  promptTemplateId: string | null;
  qualityScore: number | null;
  tier: string;
  /** What the validator should say: 'clean', or the rule code the defect targets. */
  intendedDefect: { kind: 'blocker' | 'warning'; code: string } | null;
}

/** Shares of the demo corpus that carry a defect (DOMAIN-realistic, per the issue). */
export const BLOCKER_SHARE = 0.1;
export const WARNING_SHARE = 0.15;

const CONTEXTS = [
  '{first} wants help deciding what to do about {topic}',
  '{first} is reviewing {topic} after a recent change at home',
  'Second session: {first} follows up on {topic}',
  '{first} booked a call after reading about {topic}',
  '{first} and their partner disagree about {topic}',
];

const PHASES = [
  'initial_concern',
  'exploration',
  'education',
  'decision_support',
  'action_planning',
];

/**
 * One demo conversation, a pure function of (catalog, seed, index): the same inputs give
 * byte-identical raws on every machine.
 */
export function generateDemoConversation(
  catalog: DemoCatalog,
  runSeed: string,
  index: number,
): DemoConversation {
  const random = makeRandom(seedFor(runSeed, index));
  const persona = random.pick(catalog.personas);
  const arc = random.pick(catalog.arcs);
  const topic = random.pick(catalog.topics);
  const turns = writeDialogue(random, persona, arc, topic);
  const phase = random.pick(PHASES);
  const doc: RawDocument = {
    conversation_metadata: {
      client_persona: `${persona.name} - ${persona.archetype}`,
      session_context: random
        .pick(CONTEXTS)
        .replace('{first}', persona.name.split(' ')[0]!)
        .replace('{topic}', topic.name.toLowerCase()),
      conversation_phase: phase,
      expected_outcome: `Client moves from ${arc.startingEmotion} to ${arc.endingEmotion} with a concrete plan for ${topic.name.toLowerCase()}`,
    },
    turns,
    input_parameters: {
      persona_key: persona.key,
      emotional_arc_key: arc.key,
      training_topic_key: topic.key,
      generation_id: `${runSeed}-${String(index).padStart(7, '0')}`,
    },
  };

  const roll = random.next();
  let intendedDefect: DemoConversation['intendedDefect'] = null;
  let breakText: ((text: string) => string) | undefined;
  // Rotate through the defects by index so every rule code shows up even in small corpora.
  if (roll < BLOCKER_SHARE) {
    const defect = BLOCKER_DEFECTS[index % BLOCKER_DEFECTS.length]!;
    defect.apply(doc, random);
    intendedDefect = { kind: 'blocker', code: defect.expect };
    if (defect.breakText) breakText = (text) => defect.breakText!(text, random);
  } else if (roll < BLOCKER_SHARE + WARNING_SHARE) {
    const defect = WARNING_DEFECTS[index % WARNING_DEFECTS.length]!;
    defect.apply(doc, random);
    intendedDefect = { kind: 'warning', code: defect.expect };
  }

  let text = JSON.stringify(doc, null, 2);
  if (breakText) text = breakText(text);
  // A few references point nowhere, as in real data: enrichment falls back with a note.
  const dropPersona = random.chance(0.03);
  const score = random.chance(0.1) ? null : random.between(2.5, 5, 1);
  return {
    raw: Buffer.from(text, 'utf8'),
    title: String(doc.conversation_metadata.session_context ?? topic.name),
    personaId: dropPersona ? null : persona.id,
    emotionalArcId: arc.id,
    trainingTopicId: topic.id,
    promptTemplateId: catalog.templateIds.length > 0 ? random.pick(catalog.templateIds) : null,
    qualityScore: score,
    tier: random.pick(['template', 'seed', 'production']),
    intendedDefect,
  };
}
