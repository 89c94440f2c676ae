import type { FastifyInstance } from 'fastify';

/** JSON request bodies: nothing legitimate nests deeper than this. */
export const MAX_BODY_DEPTH = 64;

function depthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > limit) return true;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser: refuses over-deep bodies with a 400 before parsing them,
 * then parses with prototype-poisoning protection (`__proto__` and `constructor.prototype`
 * keys are refused, never merged).
 */
export function registerJsonBodyParser(server: FastifyInstance) {
  const parse = server.getDefaultJsonParser('error', 'error');
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (depthExceeds(text, MAX_BODY_DEPTH)) {
      const error = Object.assign(
        new Error(`The JSON body nests deeper than ${MAX_BODY_DEPTH} levels.`),
        { statusCode: 400 },
      );
      done(error, undefined);
      return;
    }
    parse(request, text, done);
  });
}
