import type { Db } from '@refinery/db';
import { countLoginUsers, createUser } from '@refinery/db/queries';
import { generatePassword, hashPassword } from './auth/password.ts';

/**
 * A database with nobody who can sign in gets one admin. The password comes from the
 * environment when given, otherwise it is generated and printed once: nothing is built in.
 */
export async function bootstrapAdmin(
  db: Db,
  options: {
    email?: string | undefined;
    password?: string | undefined;
    print: (line: string) => void;
  },
) {
  if ((await countLoginUsers(db)) > 0) return;
  const email = options.email ?? 'admin@refinery.local';
  const password = options.password ?? generatePassword();
  await createUser(db, {
    email,
    displayName: 'Administrator',
    role: 'admin',
    passwordHash: await hashPassword(password),
  });
  if (options.password) {
    options.print(
      `Created the first admin, ${email}, with the password from REFINERY_ADMIN_PASSWORD.`,
    );
  } else {
    options.print(`First start: sign in as ${email} with the one-time password ${password}`);
    options.print(
      '  (it is not stored anywhere readable; create your own users and tokens in the dashboard)',
    );
  }
}
