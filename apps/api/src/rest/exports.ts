import { createReadStream } from 'node:fs';
import type { Db } from '@refinery/db';
import { getExportRow } from '@refinery/db/queries';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type LocalPrincipal, requireUser } from './auth-guard.ts';
import { sendError } from './errors.ts';

const idParams = z.object({ id: z.uuid({ message: 'export id must be a UUID' }) });

function notFound(id: string) {
  return { success: false, error: 'NOT_FOUND', message: `Export ${id} not found` };
}

/**
 * Downloads of finished exports: the JSONL file streamed from disk (any size, constant
 * memory) and its manifest. Visible to the requester and to admins.
 */
export function registerExportRoutes(
  server: FastifyInstance,
  deps: { db: Db; local?: LocalPrincipal | undefined },
) {
  async function findDone(request: FastifyRequest) {
    const user = await requireUser(deps.db, request, 'viewer', deps.local);
    const params = idParams.safeParse(request.params);
    if (!params.success) return { problem: 'BAD_ID' as const };
    const row = await getExportRow(
      deps.db,
      params.data.id,
      user.role === 'admin' ? undefined : user.id,
    );
    if (!row) return { problem: 'NOT_FOUND' as const, id: params.data.id };
    if (row.state !== 'done' || !row.filePath) return { problem: 'NOT_READY' as const, row };
    return { row };
  }

  function refuse(reply: FastifyReply, found: Awaited<ReturnType<typeof findDone>>) {
    if (found.problem === 'BAD_ID')
      return reply
        .code(400)
        .send({ success: false, error: 'BAD_REQUEST', message: 'export id must be a UUID' });
    if (found.problem === 'NOT_FOUND') return reply.code(404).send(notFound(found.id));
    return reply.code(409).send({
      success: false,
      error: 'CONFLICT',
      message:
        found.row?.state === 'failed'
          ? `Export failed: ${found.row.error}`
          : 'The export is still being written; try again when it is done.',
    });
  }

  server.get('/api/exports/:id/download', async (request, reply) => {
    try {
      const found = await findDone(request);
      if (!found.row || found.problem) return refuse(reply, found);
      const { row } = found;
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-length', row.fileSize ?? undefined)
        .header(
          'content-disposition',
          `attachment; filename="refinery-export-${row.format}-${row.id.slice(0, 8)}.jsonl"`,
        )
        .header('x-refinery-sha256', row.sha256 ?? '')
        .send(createReadStream(row.filePath!));
    } catch (error) {
      return sendError(reply, error);
    }
  });

  server.get('/api/exports/:id/manifest', async (request, reply) => {
    try {
      const found = await findDone(request);
      if (!found.row || found.problem) return refuse(reply, found);
      return reply
        .header(
          'content-disposition',
          `attachment; filename="refinery-export-${found.row.id.slice(0, 8)}.manifest.json"`,
        )
        .send(found.row.manifest);
    } catch (error) {
      return sendError(reply, error);
    }
  });
}
