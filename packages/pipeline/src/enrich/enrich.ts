import type {
  EmotionalArcRow,
  PersonaRow,
  PromptTemplateRow,
  TrainingTopicRow,
} from '@refinery/db/schema';
import type { EnrichmentProfile } from './profile.ts';
import { effectiveScore, qualityCriteria, qualityTier, roundToTenth } from './quality.ts';
import { valenceOf } from './valence.ts';

/** A document that passed validation: the fields the rules guarantee are present. */
export interface ValidDocument {
  conversation_metadata: {
    client_persona: string;
    session_context: string;
    conversation_phase: string;
    expected_outcome?: string;
  };
  turns: {
    turn_number: number;
    role: 'user' | 'assistant';
    content: string;
    emotional_context: { primary_emotion: string; secondary_emotion?: string; intensity: number };
  }[];
  input_parameters?: Record<string, string>;
}

export interface EnrichReferences {
  persona: PersonaRow | null;
  arc: EmotionalArcRow | null;
  topic: TrainingTopicRow | null;
  template: PromptTemplateRow | null;
}

export interface EnrichInput {
  conversationId: string;
  createdAt: Date;
  qualityScore: number | null;
  document: ValidDocument;
  references: EnrichReferences;
  profile: EnrichmentProfile;
}

export interface EnrichOutput {
  document: Record<string, unknown>;
  /** Fallbacks taken (missing references): stored with the run, shown in the dashboard. */
  notes: string[];
}

function emotionalState(context: ValidDocument['turns'][number]['emotional_context']) {
  const secondary = context.secondary_emotion?.trim();
  return {
    primary: context.primary_emotion,
    ...(secondary ? { secondary } : {}),
    intensity: context.intensity,
  };
}

function humanize(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function clientBackground(persona: PersonaRow): string {
  const demographics = Object.entries(persona.demographics ?? {}).map(
    ([key, value]) => `${humanize(key)}: ${String(value)}`,
  );
  return [...demographics, persona.financialBackground ?? '']
    .filter((part) => part.trim() !== '')
    .join('; ');
}

/**
 * The enrich stage (DOMAIN.md §2.3): a pure function of its inputs. Key order is the order
 * written here; nothing reads the clock or a random source, so reruns are byte-identical.
 */
export function enrichConversation(input: EnrichInput): EnrichOutput {
  const { document: doc, references, profile, conversationId } = input;
  const { persona, arc, topic, template } = references;
  const config = profile.config;
  const notes: string[] = [];
  const params = doc.input_parameters ?? {};
  if (!persona)
    notes.push('Persona reference missing: used the conversation’s own client_persona.');
  if (!arc) notes.push('Emotional arc reference missing: progression target taken from the turns.');
  if (!topic) notes.push('Training topic reference missing: used the general planning topic.');
  if (!template)
    notes.push(`Prompt template reference missing: notes use “${config.default_template_name}”.`);

  const score = effectiveScore(input.qualityScore);
  const turns = doc.turns;
  const userTurns = turns.filter((t) => t.role === 'user');
  const topicName = topic?.name ?? 'General financial planning';
  const complexity = topic?.complexityLevel ?? 'intermediate';
  const progressionTarget = arc
    ? `${arc.startingEmotion}(${arc.startingIntensityMax}) → ${arc.endingEmotion}(${arc.endingIntensityMax})`
    : userTurns.length > 0
      ? `${userTurns[0]!.emotional_context.primary_emotion}(${userTurns[0]!.emotional_context.intensity}) → ${userTurns.at(-1)!.emotional_context.primary_emotion}(${userTurns.at(-1)!.emotional_context.intensity})`
      : 'unknown';

  const metadata = {
    client_persona: persona
      ? `${persona.name} - ${persona.archetype}`
      : doc.conversation_metadata.client_persona,
    client_background: persona ? clientBackground(persona) : '',
    session_context: doc.conversation_metadata.session_context,
    conversation_phase: doc.conversation_metadata.conversation_phase,
    expected_outcome:
      doc.conversation_metadata.expected_outcome?.trim() || config.default_expected_outcome,
    persona_key: persona?.personaKey ?? params.persona_key ?? null,
    emotional_arc: arc?.name ?? null,
    emotional_arc_key: arc?.arcKey ?? params.emotional_arc_key ?? null,
    training_topic: topicName,
    training_topic_key: topic?.topicKey ?? params.training_topic_key ?? null,
  };

  const trainingPairs = turns.flatMap((turn, index) => {
    if (turn.role !== 'assistant') return [];
    const turnNumber = index + 1;
    const earlier = turns.slice(0, index);
    const lastUser = [...earlier].reverse().find((t) => t.role === 'user');
    const detectedFrom = (lastUser ?? turn).emotional_context;
    const detected = emotionalState(detectedFrom);
    return [
      {
        id: `${conversationId}_turn${turnNumber}`,
        conversation_id: conversationId,
        turn_number: turnNumber,
        conversation_metadata: metadata,
        system_prompt: config.system_prompt,
        conversation_history: earlier.map((t, i) => ({
          turn: i + 1,
          role: t.role,
          content: t.content,
          emotional_state: emotionalState(t.emotional_context),
        })),
        current_user_input: lastUser?.content ?? '',
        emotional_context: {
          detected_emotions: {
            ...detected,
            valence: valenceOf(detectedFrom.primary_emotion, detectedFrom.secondary_emotion),
          },
        },
        target_response: turn.content,
        training_metadata: {
          difficulty_level: `${complexity}_conversation_turn_${turnNumber}`,
          key_learning_objective: topicName,
          conversation_turn: turnNumber,
          emotional_progression_target: progressionTarget,
          quality_score: roundToTenth(score),
          quality_criteria: qualityCriteria(score, turn.content),
          human_reviewed: false,
          reviewer_notes: null,
        },
      },
    ];
  });

  const enriched: Record<string, unknown> = {
    dataset_metadata: {
      dataset_name: `fp_conversation_${conversationId}`,
      version: `v${profile.version}`,
      created_date: input.createdAt.toISOString().slice(0, 10),
      vertical: config.vertical,
      consultant_persona: config.consultant_profile.name,
      target_use: config.target_use,
      conversation_source: config.conversation_source,
      quality_tier: qualityTier(score),
      total_conversations: 1,
      total_turns: turns.length,
      notes: template?.name ?? config.default_template_name,
    },
    consultant_profile: config.consultant_profile,
    training_pairs: trainingPairs,
  };
  if (doc.input_parameters !== undefined) enriched.input_parameters = doc.input_parameters;
  return { document: enriched, notes };
}
