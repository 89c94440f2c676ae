import { USER_ROLES, type UserRole } from '@refinery/db';
import { createUser } from '@refinery/db/queries';
import { type Command, InvalidArgumentError } from 'commander';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from '../../auth/password.ts';
import { parseEnv } from '../../env.ts';
import { openRuntime } from '../../runtime.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

function role(value: string): UserRole {
  if (!(USER_ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`must be one of ${USER_ROLES.join(', ')}`);
  return value as UserRole;
}

export function registerUsers(program: Command) {
  const users = program.command('users').description('manage accounts');
  users
    .command('create')
    .description(
      'create a user (the first admin, for instance); prints a generated password unless one is piped in',
    )
    .requiredOption('--email <email>', 'sign-in email')
    .option('--name <name>', 'display name')
    .option('--role <role>', 'viewer, operator or admin', role, 'operator')
    .option('--admin', 'shorthand for --role admin')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(
      async (options: {
        email: string;
        name?: string;
        role: UserRole;
        admin?: boolean;
        passwordStdin?: boolean;
      }) => {
        const password = options.passwordStdin ? await readStdin() : generatePassword();
        if (password.length < MIN_PASSWORD_LENGTH)
          throw new Error(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
        const runtime = await openRuntime(parseEnv(), 'cli');
        try {
          const user = await createUser(runtime.database.db, {
            email: options.email,
            displayName: options.name ?? options.email.split('@')[0]!,
            role: options.admin ? 'admin' : options.role,
            passwordHash: await hashPassword(password),
          });
          if (!user) throw new Error(`A user ${options.email} already exists.`);
          console.log(`Created ${user.role} ${user.email}.`);
          if (!options.passwordStdin) console.log(`Password (shown once): ${password}`);
        } finally {
          await runtime.close();
        }
      },
    );
}
