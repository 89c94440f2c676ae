import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServer } from '../testing/processes.ts';

/**
 * PGlite allows one process per data dir. A CLI command run while the server holds it must
 * not open it a second time: it refuses, naming the holder and what to do.
 */
describe('the embedded database lock', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'refinery-lock-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a CLI command while the server holds the data dir, then works once it stops', async () => {
    const server = await startServer({
      PORT: '3187',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      WORKER_CONCURRENCY: '1',
    });
    try {
      const refused = await runCli(['demo', '--count', '5'], {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `in use by the Refinery server (pid ${server.child.pid}, ${server.url})`,
      );
      expect(refused.stderr).toContain(server.url);
      expect(refused.stderr).toMatch(/stop that process first, or set DATABASE_URL/);

      // ingest and enrich go through the running server instead of opening the files.
      const file = join(dataDir, 'one.json');
      writeFileSync(file, '{"not": "a conversation"}');
      const ingested = await runCli(['ingest', file, '--wait', '--json'], {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
      });
      const [outcome] = JSON.parse(ingested.stdout) as {
        conversation_id: string;
        enrichment_status: string;
        blockers: string[];
      }[];
      expect(outcome).toMatchObject({
        enrichment_status: 'validation_failed',
        blockers: ['MISSING_CONVERSATION_METADATA', 'MISSING_TURNS_ARRAY'],
      });
      expect(ingested.code).toBe(1);
      // Without credentials the API refuses; with the server's local token (lock file, mode 600) it answers.
      const url = `${server.url}/api/conversations/${outcome!.conversation_id}/enrich`;
      expect((await fetch(url)).status).toBe(401);
      const lock = JSON.parse(readFileSync(join(dataDir, 'refinery.lock'), 'utf8')) as {
        token: string;
      };
      expect(statSync(join(dataDir, 'refinery.lock')).mode & 0o777).toBe(0o600);
      const viaApi = await fetch(url, { headers: { authorization: `Bearer ${lock.token}` } });
      expect(((await viaApi.json()) as { enrichment_status: string }).enrichment_status).toBe(
        'validation_failed',
      );
      const enriched = await runCli(['enrich', outcome!.conversation_id], {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
      });
      expect(enriched.stdout).toContain('Final status: validation_failed');
    } finally {
      await server.stop();
    }
    expect(server.child.exitCode).toBe(0);

    const after = await runCli(['demo', '--count', '5'], { DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(after.stderr).toContain('Added 5 demo conversations');
    expect(after.code).toBe(0);
  }, 120_000);
});
