import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/processes.ts';

function conversation(n: number) {
  return {
    conversation_metadata: {
      client_persona: 'Marcus Chen - The Overwhelmed Avoider',
      session_context: `RSU question number ${n}`,
      conversation_phase: 'initial_concern',
      expected_outcome: 'A plan for the vesting taxes',
    },
    turns: [
      {
        turn_number: 1,
        role: 'user',
        content: `My RSUs vest next month (grant ${n}) and I have no idea about the taxes.`,
        emotional_context: { primary_emotion: 'confusion', intensity: 0.7 },
      },
      {
        turn_number: 2,
        role: 'assistant',
        content: 'That is a very common worry. RSUs are taxed as income when they vest.',
        emotional_context: { primary_emotion: 'reassurance', intensity: 0.5 },
      },
      {
        turn_number: 3,
        role: 'user',
        content: 'So do I owe more in April?',
        emotional_context: { primary_emotion: 'worry', intensity: 0.6 },
      },
      {
        turn_number: 4,
        role: 'assistant',
        content:
          'Possibly: withholding is often 22%, below your bracket. Let us check your pay stub.',
        emotional_context: { primary_emotion: 'clarity', intensity: 0.5 },
      },
    ],
  };
}

/** `refinery export` on the embedded database: JSONL on stdout, progress on stderr, a manifest. */
describe('refinery export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-cli-export-'));
  const env = { DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes chat-format JSONL to stdout with a progress line on stderr and a manifest file', async () => {
    const files = [1, 2, 3].map((n) => {
      const path = join(dir, `conversation-${n}.json`);
      writeFileSync(path, JSON.stringify(conversation(n)));
      return path;
    });
    const ingest = await runCli(['ingest', ...files, '--wait'], env);
    expect(ingest.code).toBe(0);

    const manifestPath = join(dir, 'train.manifest.json');
    const exported = await runCli(
      ['export', '--status', 'completed', '--format', 'chat', '--manifest', manifestPath],
      env,
    );
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/export \[.+\] 3\/3 100%/);
    expect(exported.stderr).toContain(`Manifest: ${manifestPath}`);
    const lines = exported.stdout.trimEnd().split('\n');
    // Two assistant turns per conversation: two training pairs each.
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      const roles = (JSON.parse(line) as { messages: { role: string }[] }).messages.map(
        (m) => m.role,
      );
      expect(roles[0]).toBe('system');
      expect(roles.at(-1)).toBe('assistant');
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ format: 'chat', count: 3, lines: 6 });
    expect(manifest.sha256).toBe(createHash('sha256').update(exported.stdout).digest('hex'));
  }, 120_000);

  it('refuses a status that cannot be exported, naming it', async () => {
    const refused = await runCli(['export', '--status', 'validation_failed'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'exports hold completed conversations only; --status validation_failed cannot be exported',
    );
  }, 60_000);
});
