import type { Database } from '@refinery/db';
import type { AuthUser } from '@refinery/db/queries';
import type { BlobStorage } from '@refinery/pipeline/storage';
import type { BackgroundJobs } from './background-jobs.ts';

/** The slice of pino that procedures use; tests pass a silent pino. */
export interface Logger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** Everything a procedure may use, with no HTTP in it: tests build it directly. */
export interface ContextInner {
  database: Database;
  storage: BlobStorage;
  logger: Logger;
  /** The caller, or null when anonymous. */
  user: AuthUser | null;
  /** Caller's address, for the audit log and rate limits. */
  ip: string | null;
  /** Exports, impact previews: started by a request, finished in the background. */
  jobs: BackgroundJobs;
  /** Where finished export files (and their manifests) are kept. */
  exportsDir: string;
}

export function createContextInner(inner: ContextInner): ContextInner {
  return inner;
}

export type Context = ContextInner;
