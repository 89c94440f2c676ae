import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rowsOf } from '@refinery/db/queries';
import { loadDemoCatalog, seedDemoConversations } from '@refinery/pipeline/demo';
import { exportFileName } from '@refinery/pipeline/export';
import { createWorker } from '@refinery/pipeline/worker';
import { waitForQueueIdle } from '@refinery/pipeline/worker-testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RefineryServer } from '../server.ts';
import { makeTestApi } from '../testing/caller.ts';

/**
 * Exports of 10,000 conversations run through the real pipeline (PostgreSQL: the embedded
 * database would take minutes to enrich that many in a test).
 */
let api: Awaited<ReturnType<typeof makeTestApi>>;
let app: RefineryServer;
let completedIds: Set<string>;
const TOTAL = 10_000;
const everything = { filter: {}, all: true, include: [], exclude: [] };

beforeAll(async () => {
  api = await makeTestApi();
  const catalog = await loadDemoCatalog(api.database.db);
  await seedDemoConversations(api.database.db, api.storage, catalog, {
    ownerId: api.users.operator.id,
    count: TOTAL,
    runSeed: 'export-test',
  });
  const worker = createWorker(api.database, api.storage, { concurrency: 4, pollIntervalMs: 50 });
  await worker.start();
  await waitForQueueIdle(api.database.db);
  await worker.stop();
  completedIds = new Set(
    rowsOf<{ id: string }>(
      await api.database.db.execute(
        sql`select id from conversations where enrichment_status = 'completed'`,
      ),
    ).map((r) => r.id),
  );
  app = await createServer({
    database: api.database,
    storage: api.storage,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    exportsDir: api.exportsDir,
  });
}, 600_000);

afterAll(async () => {
  await app?.stop();
  await api?.database.close();
});

async function exportAndRead(format: 'enriched' | 'chat') {
  const operator = api.callerAs('operator');
  const { id, total } = await operator.exports.create({ selection: everything, format });
  expect(total).toBe(completedIds.size);
  await api.jobs.idle();
  const row = await operator.exports.byId({ id });
  expect(row.state).toBe('done');
  const bytes = readFileSync(join(api.exportsDir, exportFileName(id)));
  return { id, row, bytes, manifest: row.manifest as Record<string, unknown> };
}

describe('export of 10,000 conversations', () => {
  it('enriched JSONL: every line parses, one per completed conversation, counts and SHA-256 match the manifest', async () => {
    expect(completedIds.size).toBeGreaterThan(TOTAL * 0.8);
    const { row, bytes, manifest } = await exportAndRead('enriched');
    const lines = bytes.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    const exportedIds = lines.map((line) => {
      const document = JSON.parse(line) as { dataset_metadata: { dataset_name: string } };
      return document.dataset_metadata.dataset_name.replace('fp_conversation_', '');
    });
    expect(new Set(exportedIds)).toEqual(completedIds);
    expect(exportedIds.length).toBe(completedIds.size);
    expect(manifest.count).toBe(completedIds.size);
    expect(manifest.lines).toBe(lines.length);
    expect(manifest.format).toBe('enriched');
    expect(manifest.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(manifest.bytes).toBe(bytes.length);
    expect(manifest.ruleSetVersions).toEqual([1]);
    expect(manifest.enrichmentProfileVersions).toEqual([1]);
    expect(manifest.selection).toMatchObject({ all: true, ownerScope: api.users.operator.id });
    expect(row.processed).toBe(completedIds.size);
  }, 300_000);

  it('chat JSONL: lines a fine-tuning tool accepts (system first, roles alternate, ends with the assistant)', async () => {
    const { bytes, manifest } = await exportAndRead('chat');
    const lines = bytes.toString('utf8').trimEnd().split('\n');
    expect(lines.length).toBe(manifest.lines);
    expect(lines.length).toBeGreaterThan(completedIds.size);
    for (const line of lines) {
      const example = JSON.parse(line) as { messages: { role: string; content: string }[] };
      expect(Object.keys(example)).toEqual(['messages']);
      const [system, ...dialogue] = example.messages;
      expect(system!.role).toBe('system');
      expect(dialogue.length % 2).toBe(0);
      dialogue.forEach((message, index) => {
        expect(message.role).toBe(index % 2 === 0 ? 'user' : 'assistant');
        expect(message.content.trim().length).toBeGreaterThan(0);
      });
    }
  }, 300_000);

  it('the REST download streams the same bytes, with the manifest beside it; others cannot see it', async () => {
    const { id, bytes, manifest } = await exportAndRead('enriched');
    const download = await app.server.inject({
      method: 'GET',
      url: `/api/exports/${id}/download`,
      headers: { authorization: `Bearer ${api.tokens.operator}` },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/attachment; filename=".+\.jsonl"/);
    expect(download.rawPayload.equals(bytes)).toBe(true);
    const manifestResponse = await app.server.inject({
      method: 'GET',
      url: `/api/exports/${id}/manifest`,
      headers: { authorization: `Bearer ${api.tokens.operator}` },
    });
    expect(manifestResponse.json()).toEqual(manifest);
    const stranger = await app.server.inject({
      method: 'GET',
      url: `/api/exports/${id}/download`,
      headers: { authorization: `Bearer ${api.tokens.otherOperator}` },
    });
    expect(stranger.statusCode).toBe(404);
  }, 300_000);
});
