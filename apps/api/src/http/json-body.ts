import { maxNestingDepth } from '@refinery/pipeline/parse';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';

/** JSON request bodies: nothing legitimate nests deeper than this. */
export const MAX_BODY_DEPTH = 64;

/** Why a JSON body is refused, or null when it is acceptable. */
export function jsonBodyProblem(text: string): string | null {
  if (maxNestingDepth(text, MAX_BODY_DEPTH) > MAX_BODY_DEPTH)
    return `The JSON body nests deeper than ${MAX_BODY_DEPTH} levels.`;
  try {
    secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    if (/prototype/i.test((error as Error).message)) {
      return 'The JSON body contains a "__proto__" or "constructor.prototype" key, which is refused.';
    }
    // Plain syntax errors are left to the route, which names them in its own words.
  }
  return null;
}

function refusal(message: string) {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/**
 * Every JSON body is checked before any handler sees it: over-deep bodies and prototype
 * poisoning keys get a 400. REST routes get the parsed object; the tRPC plugin installs its
 * own pass-through parser, so its string bodies are checked in a pre-handler hook instead.
 */
export function registerJsonBodyGuards(server: FastifyInstance) {
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    const problem = jsonBodyProblem(text);
    if (problem) return done(refusal(problem), undefined);
    try {
      done(null, text === '' ? undefined : JSON.parse(text));
    } catch (error) {
      done(refusal(`The body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
  server.addHook('preHandler', async (request, reply) => {
    if (typeof request.body !== 'string' || !/json/i.test(request.headers['content-type'] ?? ''))
      return;
    const problem = jsonBodyProblem(request.body);
    if (problem)
      return reply.code(400).send({ success: false, error: 'BAD_REQUEST', message: problem });
  });
}
