/** Starter prompt templates: the generation prompts conversations point back to. */
export const SEED_PROMPT_TEMPLATES = [
  {
    templateKey: 'standard_session',
    name: 'Standard financial planning conversation',
    description: 'A single planning session on one topic, following one emotional arc.',
    tier: 'template',
    templateText:
      'Write a conversation between {{persona_name}} ({{persona_archetype}}) and a fee-only ' +
      'financial planner about {{topic_name}}. The client starts in {{starting_emotion}} and ' +
      'ends in {{ending_emotion}}. Use {{turn_count}} turns.',
    variables: [
      'persona_name',
      'persona_archetype',
      'topic_name',
      'starting_emotion',
      'ending_emotion',
      'turn_count',
    ],
  },
  {
    templateKey: 'first_meeting',
    name: 'First meeting discovery call',
    description: 'An initial discovery conversation where the client shares their situation.',
    tier: 'template',
    templateText:
      'Write a first meeting between {{persona_name}} and a planner. The client explains ' +
      '{{topic_name}} concerns; the planner listens, normalizes, and proposes a first step.',
    variables: ['persona_name', 'topic_name'],
  },
  {
    templateKey: 'crisis_support',
    name: 'Financial stress support session',
    description: 'A client in acute stress after a money event; the planner de-escalates.',
    tier: 'seed',
    templateText:
      'Write a conversation where {{persona_name}} reaches out in {{starting_emotion}} about ' +
      '{{topic_name}}. The planner de-escalates before any advice.',
    variables: ['persona_name', 'starting_emotion', 'topic_name'],
  },
  {
    templateKey: 'follow_up_review',
    name: 'Follow-up plan review',
    description: 'A check-in on a plan agreed earlier, with adjustments.',
    tier: 'production',
    templateText:
      'Write a follow-up review between {{persona_name}} and their planner on {{topic_name}}.',
    variables: ['persona_name', 'topic_name'],
  },
] as const;
