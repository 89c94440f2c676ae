import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readCookie } from '../auth/principal.ts';
import { SESSION_COOKIE } from '../auth/tokens.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // React writes a few style attributes (virtualized row positions).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer: the dashboard and the API alike. */
export function registerSecurityHeaders(server: FastifyInstance) {
  server.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request that rides on the session cookie must come from this very
 * origin. Browsers always send Origin on cross-site POSTs, including the form encodings
 * (urlencoded, multipart, text/plain) that skip the CORS preflight. Bearer-token calls carry
 * no ambient credential, so they need no check.
 */
export function isCrossSiteWithSession(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  if (/^Bearer\s/i.test(request.headers.authorization ?? '')) return false;
  if (!readCookie(request.headers.cookie, SESSION_COOKIE)) return false;
  const origin = request.headers.origin;
  if (!origin) return request.headers['x-refinery-csrf'] !== '1';
  try {
    // Both through URL, so a default port (":80", ":443") is spelled the same on each side.
    return new URL(origin).host !== new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    return true;
  }
}

export function registerCsrfGuard(server: FastifyInstance) {
  server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (isCrossSiteWithSession(request)) {
      return reply.code(403).send({
        success: false,
        error: 'FORBIDDEN',
        message:
          'Cross-site request refused: state-changing requests must come from the dashboard itself.',
      });
    }
  });
}
