import { InvalidCursorError } from '@refinery/db/queries';
import { TRPCError } from '@trpc/server';

type TrpcCode = ConstructorParameters<typeof TRPCError>[0]['code'];

/**
 * Domain code throws named errors; this is the one place they become API codes. Anything
 * unknown is an INTERNAL_SERVER_ERROR whose cause is logged, never sent to the client.
 */
const DOMAIN_ERROR_CODES: [new (...args: never[]) => Error, TrpcCode][] = [
  [InvalidCursorError, 'BAD_REQUEST'],
];

export function toTrpcError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  for (const [type, code] of DOMAIN_ERROR_CODES) {
    if (error instanceof type) return new TRPCError({ code, message: error.message, cause: error });
  }
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Something went wrong on the server; it has been logged.',
    cause: error,
  });
}
