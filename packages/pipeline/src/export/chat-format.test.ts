import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toChatLines } from './chat-format.ts';

const golden = JSON.parse(
  readFileSync(new URL('../enrich/golden/enriched.json', import.meta.url), 'utf8'),
) as { training_pairs: unknown[] };

const turn = (role: string, content: string) => ({ role, content });

describe('chat-format lines', () => {
  it('turns every training pair of an enriched document into system, history, answer', () => {
    const { lines, skipped } = toChatLines(golden);
    expect(skipped).toBe(0);
    expect(lines).toHaveLength(golden.training_pairs.length);
    const first = lines[0]!.messages;
    expect(first.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(first.at(-1)!.content).toBe(
      (golden.training_pairs[0] as { target_response: string }).target_response,
    );
  });

  it('merges two turns of one role, drops an opening assistant turn, and skips an answer with no question', () => {
    const { lines, skipped } = toChatLines({
      training_pairs: [
        {
          system_prompt: 'Be kind.',
          conversation_history: [
            turn('assistant', 'Welcome!'),
            turn('user', 'Hi.'),
            turn('user', 'Are you there?'),
          ],
          target_response: 'Yes.',
        },
        {
          system_prompt: 'Be kind.',
          conversation_history: [turn('user', 'Hi.'), turn('assistant', 'Hello.')],
          target_response: 'A second answer in a row.',
        },
      ],
    });
    expect(lines).toEqual([
      {
        messages: [
          { role: 'system', content: 'Be kind.' },
          { role: 'user', content: 'Hi.\n\nAre you there?' },
          { role: 'assistant', content: 'Yes.' },
        ],
      },
    ]);
    expect(skipped).toBe(1);
  });
});
