import type { Db } from '@refinery/db';
import { getConversation, listStageEvents } from '@refinery/db/queries';
import { ConversationNotFoundError, requestEnrich } from '@refinery/pipeline/control';
import type { BlobStorage } from '@refinery/pipeline/storage';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { ownerScope } from '../auth/principal.ts';
import { InvalidRequestError } from '../errors.ts';
import { ingestForCaller } from '../ingest-limits.ts';
import { describeEnrichState } from '../routers/conversations/enrich-state.ts';
import { type LocalPrincipal, requireUser } from './auth-guard.ts';
import { sendError } from './errors.ts';
import { waitForRunEnd } from './wait-for-run.ts';

export interface RestDeps {
  db: Db;
  storage: BlobStorage;
  local?: LocalPrincipal | undefined;
}

/** Raw files up to this size are accepted; the fetch stage then refuses anything over the cap. */
export const INGEST_BODY_LIMIT = 64 * 1024 * 1024;
const MAX_WAIT_MS = 120_000;

const idParams = z.object({ id: z.uuid({ message: 'conversation id must be a UUID' }) });
const ingestQuery = z.object({
  persona: z.string().max(100).optional(),
  arc: z.string().max(100).optional(),
  topic: z.string().max(100).optional(),
  template: z.string().max(100).optional(),
  quality_score: z.coerce.number().min(0).max(5).optional(),
  tier: z.string().max(50).optional(),
  file_name: z.string().max(255).optional(),
});
const enrichQuery = z.object({
  wait: z.enum(['true', 'false']).optional(),
  force: z.enum(['true', 'false']).optional(),
  timeout_ms: z.coerce.number().int().min(0).max(MAX_WAIT_MS).optional(),
});
const bulkBody = z.object({
  conversation_ids: z.array(z.uuid()).min(1).max(1000),
  force: z.boolean().optional(),
});

function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problem = result.error.issues
      .map((i) => `${i.path.join('.') || 'value'}: ${i.message}`)
      .join('; ');
    throw new InvalidRequestError(problem);
  }
  return result.data;
}

async function enrichResponse(db: Db, id: string, waited: boolean) {
  const row = await getConversation(db, id);
  if (!row) throw new ConversationNotFoundError(id);
  const events = await listStageEvents(db, id);
  const runEvents = row.runId ? events.filter((e) => e.runId === row.runId) : events.slice(-8);
  const stagesCompleted = [
    ...new Set(
      runEvents.filter((e) => e.outcome === 'ok' && e.stage !== 'run').map((e) => e.stage),
    ),
  ];
  const failed = row.enrichmentStatus.endsWith('_failed');
  return {
    success: !failed && row.enrichmentStatus !== 'cancelled',
    conversation_id: id,
    final_status: row.enrichmentStatus,
    stages_completed: stagesCompleted,
    enriched_path: row.enrichedFilePath,
    enriched_size: row.enrichedFileSize,
    validation_report: row.validationReport,
    error: row.enrichmentError,
    message: waited
      ? `Run ended with status ${row.enrichmentStatus}.`
      : `Queued for enrichment; poll GET /api/conversations/${id}/enrich or pass ?wait=true.`,
  };
}

/** The REST routes kept from the original design, with their JSON shapes, for curl and scripts. */
export async function registerConversationRoutes(server: FastifyInstance, deps: RestDeps) {
  const { db, storage } = deps;

  // Ingest takes the raw file as the body whatever its content type, byte for byte.
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: INGEST_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    scope.post('/api/conversations', { bodyLimit: INGEST_BODY_LIMIT }, async (request, reply) => {
      try {
        const user = await requireUser(db, request, 'operator', deps.local);
        const query = parseOr400(ingestQuery, request.query);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const answer = await ingestForCaller(db, storage, { user, ip: request.ip }, bytes, {
          fileName: query.file_name,
          persona: query.persona,
          arc: query.arc,
          topic: query.topic,
          template: query.template,
          qualityScore: query.quality_score,
          tier: query.tier,
        });
        return reply.code(answer.duplicate ? 200 : 202).send(answer);
      } catch (error) {
        return sendError(reply, error);
      }
    });
  });

  server.post('/api/conversations/:id/enrich', async (request, reply) => {
    try {
      const user = await requireUser(db, request, 'operator', deps.local);
      const { id } = parseOr400(idParams, request.params);
      const query = parseOr400(enrichQuery, request.query);
      await requestEnrich(db, id, { force: query.force === 'true', ownerId: ownerScope(user) });
      await audit(
        db,
        { user, ip: request.ip },
        query.force === 'true' ? 'conversation.force_enrich' : 'conversation.enrich',
        { type: 'conversation', id },
      );
      const wait = query.wait === 'true';
      if (wait) await waitForRunEnd(db, id, query.timeout_ms ?? 60_000);
      return reply.code(wait ? 200 : 202).send(await enrichResponse(db, id, wait));
    } catch (error) {
      return sendError(reply, error);
    }
  });

  server.get('/api/conversations/:id/enrich', async (request, reply) => {
    try {
      const user = await requireUser(db, request, 'viewer', deps.local);
      const { id } = parseOr400(idParams, request.params);
      const row = await getConversation(db, id, ownerScope(user));
      if (!row) throw new ConversationNotFoundError(id);
      return describeEnrichState(row);
    } catch (error) {
      return sendError(reply, error);
    }
  });

  server.post('/api/conversations/bulk-enrich', async (request, reply) => {
    try {
      const user = await requireUser(db, request, 'operator', deps.local);
      const body = parseOr400(bulkBody, request.body);
      await audit(
        db,
        { user, ip: request.ip },
        'bulk.enrich',
        { type: 'conversation_ids', id: null },
        { count: body.conversation_ids.length },
      );
      const results = [];
      for (const id of body.conversation_ids) {
        try {
          await requestEnrich(db, id, { force: body.force ?? false, ownerId: ownerScope(user) });
          results.push({ conversation_id: id, queued: true });
        } catch (error) {
          results.push({ conversation_id: id, queued: false, error: (error as Error).message });
        }
      }
      const queued = results.filter((r) => r.queued).length;
      return reply
        .code(202)
        .send({ success: true, queued, skipped: results.length - queued, results });
    } catch (error) {
      return sendError(reply, error);
    }
  });

  server.get('/api/conversations/:id/validation-report', async (request, reply) => {
    try {
      const user = await requireUser(db, request, 'viewer', deps.local);
      const { id } = parseOr400(idParams, request.params);
      const row = await getConversation(db, id, ownerScope(user));
      if (!row) throw new ConversationNotFoundError(id);
      if (!row.validationReport) {
        return reply.code(404).send({
          success: false,
          error: 'NOT_FOUND',
          message: `Conversation ${id} has not been validated yet (status ${row.enrichmentStatus}).`,
        });
      }
      return row.validationReport;
    } catch (error) {
      return sendError(reply, error);
    }
  });

  for (const kind of ['raw', 'enriched'] as const) {
    server.get(`/api/conversations/:id/download/${kind}`, async (request, reply) => {
      try {
        const user = await requireUser(db, request, 'viewer', deps.local);
        const { id } = parseOr400(idParams, request.params);
        const row = await getConversation(db, id, ownerScope(user));
        const key = kind === 'raw' ? row?.rawResponsePath : row?.enrichedFilePath;
        const bytes = key ? await storage.get(key) : null;
        if (!row || !bytes) throw new ConversationNotFoundError(`${id} (${kind} file)`);
        return reply
          .header(
            'content-type',
            kind === 'raw' ? 'application/octet-stream' : 'application/json; charset=utf-8',
          )
          .header('content-disposition', `attachment; filename="${id}.${kind}.json"`)
          .header('x-content-type-options', 'nosniff')
          .send(bytes);
      } catch (error) {
        return sendError(reply, error);
      }
    });
  }
}
