import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServer } from '../testing/processes.ts';

describe('refinery users create', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'refinery-users-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the first admin, who can then sign in; refuses duplicates and short passwords', async () => {
    const created = await runCli(
      ['users', 'create', '--admin', '--email', 'Chief@Example.test', '--password-stdin'],
      env,
      'correct horse battery\n',
    );
    expect(created.stdout).toContain('Created admin chief@example.test.');
    expect(created.code).toBe(0);

    const duplicate = await runCli(
      ['users', 'create', '--email', 'chief@example.test', '--password-stdin'],
      env,
      'another long password',
    );
    expect(duplicate.stderr).toContain('A user chief@example.test already exists.');
    expect(duplicate.code).toBe(1);

    const short = await runCli(
      ['users', 'create', '--email', 'x@example.test', '--password-stdin'],
      env,
      'short',
    );
    expect(short.stderr).toContain('at least 10 characters');
    expect(short.code).toBe(1);

    const generated = await runCli(
      ['users', 'create', '--email', 'ops@example.test', '--role', 'viewer'],
      env,
    );
    expect(generated.stdout).toMatch(
      /Created viewer ops@example.test\.\nPassword \(shown once\): \S{12,}/,
    );

    // With a login user present, the server creates no admin of its own and prints no password.
    const server = await startServer({ PORT: '3188', ...env });
    try {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'chief@example.test', password: 'correct horse battery' }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('set-cookie')).toMatch(
        /^refinery_session=rfs_[^;]+; Path=\/; HttpOnly; SameSite=Lax/,
      );
      const me = await fetch(`${server.url}/trpc/auth.me`, {
        headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! },
      });
      expect(((await me.json()) as { result: { data: { role: string } } }).result.data.role).toBe(
        'admin',
      );
    } finally {
      await server.stop();
    }
  }, 120_000);
});
