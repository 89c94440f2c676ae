import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/processes.ts';

const VALID = {
  conversation_metadata: {
    client_persona: 'Jennifer Martinez - The Anxious Planner',
    session_context: 'Worried a market drop will wreck the college fund',
    conversation_phase: 'initial_concern',
    expected_outcome: 'Jennifer has a glide path for the 529',
  },
  turns: [
    {
      turn_number: 1,
      role: 'user',
      content: 'What if the market crashes right before my daughter starts college?',
      emotional_context: { primary_emotion: 'anxiety', secondary_emotion: 'fear', intensity: 0.8 },
    },
    {
      turn_number: 2,
      role: 'assistant',
      content:
        'That fear makes sense. Age-based 529 portfolios move to bonds as the start date nears, so a late crash hurts far less.',
      emotional_context: {
        primary_emotion: 'reassurance',
        secondary_emotion: 'warmth',
        intensity: 0.6,
      },
    },
  ],
  input_parameters: { persona_key: 'anxious_planner', training_topic_key: '529_vs_utma' },
};

/**
 * `refinery enrich` on the embedded database with no server: it runs the workers in its own
 * process, prints every stage and the report, and exits 0 only on completed.
 */
describe('refinery enrich', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-cli-'));
  const env = { DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('completes a valid raw and fails an invalid one, printing the report', async () => {
    writeFileSync(join(dir, 'valid.json'), JSON.stringify(VALID, null, 2));
    const invalid = structuredClone(VALID);
    invalid.turns[1]!.emotional_context.intensity = 1.7;
    invalid.turns[0]!.role = 'client';
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify(invalid));

    const ingested = await runCli(
      ['ingest', join(dir, 'valid.json'), join(dir, 'invalid.json'), '--json'],
      env,
    );
    expect(ingested.code).toBe(0);
    const [valid, bad] = JSON.parse(ingested.stdout) as {
      file: string;
      conversation_id: string;
      enrichment_status: string;
    }[];
    expect(valid!.enrichment_status).toBe('queued');

    const ok = await runCli(['enrich', valid!.conversation_id], env);
    expect(ok.stdout).toMatch(/✓ fetch/);
    expect(ok.stdout).toMatch(/✓ store/);
    expect(ok.stdout).toContain('Validation: Valid: no issues found.');
    expect(ok.stdout).toContain('Final status: completed');
    expect(ok.code).toBe(0);

    const failed = await runCli(['enrich', bad!.conversation_id], env);
    expect(failed.stdout).toContain('✗ validate');
    expect(failed.stdout).toMatch(
      /BLOCKER INVALID_ROLE at turns\[0\]\.role: Turn 1 has role "client"/,
    );
    expect(failed.stdout).toMatch(
      /BLOCKER INTENSITY_OUT_OF_RANGE at turns\[1\]\.emotional_context\.intensity/,
    );
    expect(failed.stdout).toContain('Final status: validation_failed');
    expect(failed.code).toBe(1);

    const refused = await runCli(['enrich', valid!.conversation_id], env);
    expect(refused.stderr).toMatch(/completed; re-run it with force/);
    expect(refused.code).toBe(1);
  }, 120_000);
});
