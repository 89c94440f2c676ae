/**
 * Chat-format training lines for fine-tuning: one line per training pair,
 * `{"messages":[system, …history, assistant]}`, the shape chat fine-tuning tools take.
 * Roles strictly alternate user/assistant after the system message, the first is a user
 * message and the last is the pair's assistant answer.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

interface TrainingPair {
  system_prompt?: unknown;
  conversation_history?: unknown;
  target_response?: unknown;
}

export interface ChatLines {
  lines: { messages: ChatMessage[] }[];
  /** Pairs that cannot make a valid example: no user message before the answer. */
  skipped: number;
}

function historyMessages(history: unknown): ChatMessage[] {
  if (!Array.isArray(history)) return [];
  const messages: ChatMessage[] = [];
  for (const turn of history) {
    const role = (turn as { role?: unknown })?.role;
    const content = (turn as { content?: unknown })?.content;
    if ((role !== 'user' && role !== 'assistant') || typeof content !== 'string') continue;
    const previous = messages.at(-1);
    // Two turns of one role in a row (a ROLE_NOT_ALTERNATING warning) become one message.
    if (previous?.role === role) previous.content = `${previous.content}\n\n${content}`;
    else messages.push({ role, content });
  }
  // An opening assistant turn has no question to answer in a training example.
  while (messages[0]?.role === 'assistant') messages.shift();
  return messages;
}

export function toChatLines(enriched: { training_pairs?: unknown }): ChatLines {
  const pairs = Array.isArray(enriched.training_pairs)
    ? (enriched.training_pairs as TrainingPair[])
    : [];
  const result: ChatLines = { lines: [], skipped: 0 };
  for (const pair of pairs) {
    const history = historyMessages(pair.conversation_history);
    if (history.at(-1)?.role !== 'user' || typeof pair.target_response !== 'string') {
      result.skipped++;
      continue;
    }
    const system =
      typeof pair.system_prompt === 'string' && pair.system_prompt.trim()
        ? [{ role: 'system' as const, content: pair.system_prompt }]
        : [];
    result.lines.push({
      messages: [...system, ...history, { role: 'assistant', content: pair.target_response }],
    });
  }
  return result;
}
