import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserRole } from '@refinery/db';
import { type AuthUser, createApiToken, createUser } from '@refinery/db/queries';
import { makeTestDatabase, type TestDatabase } from '@refinery/db/testing';
import { seedReferenceData } from '@refinery/pipeline/seed';
import { createFsStorage } from '@refinery/pipeline/storage';
import pino from 'pino';
import { hashSecret, newSecret } from '../auth/tokens.ts';
import { createBackgroundJobs } from '../background-jobs.ts';
import { createContextInner } from '../context.ts';
import { createCaller } from '../root.ts';

export type Actor = 'admin' | 'operator' | 'otherOperator' | 'viewer';

const ROLES: Record<Actor, UserRole> = {
  admin: 'admin',
  operator: 'operator',
  otherOperator: 'operator',
  viewer: 'viewer',
};

/**
 * A fresh database and storage, one user per role (each with an API token for REST calls),
 * and tRPC callers acting as any of them or as nobody: procedures without a socket.
 */
export async function makeTestApi() {
  const database: TestDatabase = await makeTestDatabase();
  const storageRoot = mkdtempSync(join(tmpdir(), 'refinery-storage-'));
  const storage = createFsStorage(storageRoot);
  const { demoOwnerId } = await seedReferenceData(database.db);
  const users = {} as Record<Actor, AuthUser>;
  const tokens = {} as Record<Actor, string>;
  for (const actor of Object.keys(ROLES) as Actor[]) {
    const user = await createUser(database.db, {
      email: `${actor.toLowerCase()}@example.test`,
      displayName: actor,
      role: ROLES[actor],
      passwordHash: null,
    });
    users[actor] = user!;
    const secret = newSecret('rft');
    await createApiToken(database.db, {
      userId: user!.id,
      name: 'tests',
      role: ROLES[actor],
      tokenHash: hashSecret(secret),
    });
    tokens[actor] = secret;
  }
  const jobs = createBackgroundJobs((name, error) => {
    throw new Error(`background job ${name} failed: ${(error as Error).message}`);
  });
  const exportsDir = mkdtempSync(join(tmpdir(), 'refinery-exports-'));
  const callerAs = (actor: Actor | null) =>
    createCaller(
      createContextInner({
        database,
        storage,
        logger: pino({ level: 'silent' }),
        user: actor ? users[actor] : null,
        ip: '127.0.0.1',
        jobs,
        exportsDir,
      }),
    );
  return {
    database,
    storage,
    storageRoot,
    demoOwnerId,
    users,
    tokens,
    callerAs,
    caller: callerAs('admin'),
    jobs,
    exportsDir,
  };
}
