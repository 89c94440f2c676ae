import { resolve } from 'node:path';
import { z } from 'zod';

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  STORAGE_DRIVER: z.enum(['fs', 's3']).default('fs'),
  /** Root of the fs storage driver; defaults to `<DATA_DIR>/storage`. */
  STORAGE_ROOT: z.string().min(1).optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** S3-compatible endpoint (MinIO, R2, Supabase Storage); unset for AWS S3. */
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: booleanish.optional(),
  S3_PREFIX: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Conversations generated into an empty database at start; 0 disables. */
  DEMO_COUNT: z.coerce.number().int().min(0).max(1_000_000).default(300),
  /** Batch loops of the in-process worker; 0 runs the API without workers. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(2),
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(25),
  /** A crashed worker's conversations are claimable again after this many seconds. */
  LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Reliability tests: `<point>:<ms>` pauses every worker run there (see fault-points.ts). */
  REFINERY_FAULT_PAUSE: z
    .string()
    .regex(/^[a-z-]+:\d+$/, 'must be <point>:<ms>')
    .optional(),
  /** Reliability tests: the worker process dies (SIGKILL) on any raw containing this text. */
  REFINERY_FAULT_CRASH_ON: z.string().min(8).optional(),
  /** First start only: the admin to create (otherwise a password is generated and printed). */
  REFINERY_ADMIN_EMAIL: z.email().optional(),
  REFINERY_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  /** For CLI commands against a remote server: its URL and an API token. */
  REFINERY_URL: z.url().optional(),
  REFINERY_TOKEN: z.string().min(10).optional(),
  /** Sign-in attempts per minute per address and email; mutations per minute per caller. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  MUTATION_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  /** Serve the built dashboard from this folder. */
  WEB_DIST_DIR: z.string().min(1).optional(),
  LOG_PRETTY: booleanish.optional(),
});

export type Env = z.infer<typeof envSchema> & { STORAGE_ROOT: string; DATA_DIR: string };

export class InvalidEnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEnvironmentError';
  }
}

/**
 * Parsed once at boot. A bad value stops the process with a message naming the variable,
 * rather than failing later somewhere far from the cause.
 */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const given = source[name];
      return `  ${name}=${JSON.stringify(given)}: ${issue.message}`;
    });
    throw new InvalidEnvironmentError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const env = result.data;
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
    throw new InvalidEnvironmentError(
      'Invalid configuration:\n  S3_BUCKET is required when STORAGE_DRIVER=s3',
    );
  }
  const dataDir = resolve(env.DATA_DIR);
  return {
    ...env,
    DATA_DIR: dataDir,
    STORAGE_ROOT: resolve(env.STORAGE_ROOT ?? `${dataDir}/storage`),
  };
}
