import type { FastifyReply } from 'fastify';
import { toTrpcError } from '../errors.ts';

const HTTP_STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** Seconds a client should wait before retrying a 503 (a database restart takes a few). */
export const RETRY_AFTER_OUTAGE_SECONDS = 5;

/** REST answers use the same domain-error mapping as tRPC, as `{ error, message }`. */
export function sendError(reply: FastifyReply, error: unknown) {
  const mapped = toTrpcError(error);
  const status = HTTP_STATUS[mapped.code] ?? 500;
  if (status === 503) reply.header('retry-after', RETRY_AFTER_OUTAGE_SECONDS);
  else if (status >= 500) reply.log.error({ err: error }, 'REST request failed');
  return reply.code(status).send({ success: false, error: mapped.code, message: mapped.message });
}
