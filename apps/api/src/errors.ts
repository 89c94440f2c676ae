import { isDatabaseUnavailable } from '@refinery/db';
import { InvalidCursorError } from '@refinery/db/queries';
import {
  InvalidProfileError,
  InvalidRuleSetError,
  TransitionRefusedError,
} from '@refinery/pipeline';
import { ConversationNotFoundError } from '@refinery/pipeline/control';
import { InvalidIngestError, UnknownReferenceError } from '@refinery/pipeline/ingest';
import { InvalidStorageKeyError } from '@refinery/pipeline/storage';
import { TRPCError } from '@trpc/server';
import { IngestRefusedError } from './ingest-limits.ts';

/** A request whose parameters are malformed (REST routes validate by hand). */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

type TrpcCode = ConstructorParameters<typeof TRPCError>[0]['code'];

/**
 * Domain code throws named errors; this is the one place they become API codes. Anything
 * unknown is an INTERNAL_SERVER_ERROR whose cause is logged, never sent to the client.
 */
export const DOMAIN_ERROR_CODES: [new (...args: never[]) => Error, TrpcCode][] = [
  [InvalidCursorError, 'BAD_REQUEST'],
  [InvalidRequestError, 'BAD_REQUEST'],
  [ConversationNotFoundError, 'NOT_FOUND'],
  [TransitionRefusedError, 'CONFLICT'],
  [UnknownReferenceError, 'BAD_REQUEST'],
  [InvalidIngestError, 'BAD_REQUEST'],
  [InvalidStorageKeyError, 'BAD_REQUEST'],
  [InvalidRuleSetError, 'BAD_REQUEST'],
  [InvalidProfileError, 'BAD_REQUEST'],
];

export function toTrpcError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof IngestRefusedError) {
    const code = error.code === 'PAYLOAD_TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'UNPROCESSABLE_CONTENT';
    return new TRPCError({ code, message: error.message, cause: error });
  }
  if (isDatabaseUnavailable(error)) {
    // An outage is not a bug: say so, and let clients retry (REST adds Retry-After).
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database cannot be reached right now; try again in a few seconds.',
      cause: error,
    });
  }
  for (const [type, code] of DOMAIN_ERROR_CODES) {
    if (error instanceof type) return new TRPCError({ code, message: error.message, cause: error });
  }
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Something went wrong on the server; it has been logged.',
    cause: error,
  });
}
