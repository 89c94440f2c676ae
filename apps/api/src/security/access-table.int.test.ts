import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../root.ts';
import type { Actor } from '../testing/caller.ts';
import { makeHttpHarness, trpcRequest, VALID_RAW } from './http-harness.ts';

type Who = Actor | 'anonymous';
/** 'ok' = got past authentication and ownership (2xx, or a domain answer such as 409). */
type Outcome = 'ok' | 401 | 403 | 404;
type Ids = Awaited<ReturnType<typeof makeHttpHarness>>['ids'];

interface Entry {
  request: (ids: Ids) => InjectOptions;
  expect: Record<Who, Outcome>;
}

const FAKE = '00000000-0000-4000-8000-0000000000ff';
const everyone: Record<Who, Outcome> = {
  anonymous: 'ok',
  viewer: 'ok',
  operator: 'ok',
  otherOperator: 'ok',
  admin: 'ok',
};
const signedIn: Record<Who, Outcome> = { ...everyone, anonymous: 401 };
/** Read the operator's own conversation: others' ids read as missing. */
const ownRead: Record<Who, Outcome> = {
  anonymous: 401,
  viewer: 404,
  operator: 'ok',
  otherOperator: 404,
  admin: 'ok',
};
/** Change the operator's own conversation: viewers may not; other operators don't see it. */
const ownWrite: Record<Who, Outcome> = {
  anonymous: 401,
  viewer: 403,
  operator: 'ok',
  otherOperator: 404,
  admin: 'ok',
};
const operators: Record<Who, Outcome> = {
  anonymous: 401,
  viewer: 403,
  operator: 'ok',
  otherOperator: 'ok',
  admin: 'ok',
};
const admins: Record<Who, Outcome> = {
  anonymous: 401,
  viewer: 403,
  operator: 403,
  otherOperator: 403,
  admin: 'ok',
};

const q =
  (path: string, input?: (ids: Ids) => unknown): Entry['request'] =>
  (ids) =>
    trpcRequest('query', path, input?.(ids));
const m =
  (path: string, input: (ids: Ids) => unknown): Entry['request'] =>
  (ids) =>
    trpcRequest('mutation', path, input(ids));
const conv = (ids: Ids) => ({ id: ids.operatorConversation });
const everything = { filter: {}, all: true, include: [], exclude: [] };

/** A FAKE id: signed-in callers get past the role check and find nothing. */
const missingForSignedIn: Record<Who, Outcome> = {
  anonymous: 401,
  viewer: 404,
  operator: 404,
  otherOperator: 404,
  admin: 404,
};

/** Rule sets and profiles: everyone signed in reads, admins change. */
function versionedConfigEntries(kind: 'ruleSets' | 'profiles'): Record<string, Entry> {
  const path = `config.${kind}`;
  return {
    [`${path}.list`]: { request: q(`${path}.list`), expect: signedIn },
    [`${path}.get`]: {
      request: q(`${path}.get`, () => ({ id: FAKE })),
      expect: missingForSignedIn,
    },
    [`${path}.createDraft`]: {
      request: m(`${path}.createDraft`, () => ({ name: 'access table draft' })),
      expect: admins,
    },
    [`${path}.updateDraft`]: {
      request: m(`${path}.updateDraft`, () => ({ id: FAKE, name: 'renamed' })),
      expect: { ...admins, admin: 404 },
    },
    [`${path}.activate`]: {
      request: m(`${path}.activate`, () => ({ id: FAKE })),
      expect: { ...admins, admin: 404 },
    },
  };
}

/** Every tRPC procedure, with who may call it. A procedure missing here fails the test. */
const PROCEDURES: Record<string, Entry> = {
  health: { request: q('health'), expect: everyone },
  'auth.me': { request: q('auth.me'), expect: everyone },
  'conversations.list': { request: q('conversations.list', () => ({})), expect: signedIn },
  'conversations.counts': { request: q('conversations.counts'), expect: signedIn },
  'conversations.countMatching': {
    request: q('conversations.countMatching', () => ({})),
    expect: signedIn,
  },
  'conversations.byId': { request: q('conversations.byId', conv), expect: ownRead },
  'conversations.report': { request: q('conversations.report', conv), expect: ownRead },
  'conversations.raw': { request: q('conversations.raw', conv), expect: ownRead },
  'conversations.enriched': { request: q('conversations.enriched', conv), expect: ownRead },
  'conversations.enrichStatus': { request: q('conversations.enrichStatus', conv), expect: ownRead },
  'conversations.enrich': { request: m('conversations.enrich', conv), expect: ownWrite },
  'conversations.retry': { request: m('conversations.retry', conv), expect: ownWrite },
  'conversations.revalidate': { request: m('conversations.revalidate', conv), expect: ownWrite },
  'conversations.cancel': { request: m('conversations.cancel', conv), expect: ownWrite },
  'conversations.ingest': {
    request: m('conversations.ingest', () => ({ content: VALID_RAW.replace('Access', 'Other') })),
    expect: operators,
  },
  'bulk.preview': {
    request: q('bulk.preview', () => ({ action: 'enrich', selection: { filter: {}, all: true } })),
    expect: operators,
  },
  'bulk.create': {
    request: m('bulk.create', () => ({
      action: 'cancel',
      selection: { filter: { search: 'nothing-matches' }, all: true },
      idempotencyKey: `access-${Math.random()}`,
    })),
    expect: operators,
  },
  'bulk.byId': { request: q('bulk.byId', (ids) => ({ id: ids.bulk })), expect: ownRead },
  'bulk.list': { request: q('bulk.list'), expect: signedIn },
  'bulk.cancel': { request: m('bulk.cancel', (ids) => ({ id: ids.bulk })), expect: ownWrite },
  'exports.preview': {
    request: q('exports.preview', () => ({ selection: everything })),
    expect: signedIn,
  },
  'exports.create': {
    request: m('exports.create', () => ({ selection: everything, format: 'chat' })),
    expect: signedIn,
  },
  'exports.byId': { request: q('exports.byId', (ids) => ({ id: ids.export })), expect: ownRead },
  'exports.list': { request: q('exports.list'), expect: signedIn },
  'stats.overview': { request: q('stats.overview'), expect: signedIn },
  'stats.throughput': { request: q('stats.throughput'), expect: signedIn },
  'stats.stageDurations': { request: q('stats.stageDurations'), expect: signedIn },
  'stats.failuresByRule': { request: q('stats.failuresByRule'), expect: signedIn },
  'metadata.filterOptions': { request: q('metadata.filterOptions'), expect: signedIn },
  'tokens.list': { request: q('tokens.list'), expect: signedIn },
  'tokens.create': {
    request: m('tokens.create', () => ({ name: 'access table', role: 'viewer' })),
    expect: signedIn,
  },
  'tokens.revoke': {
    request: m('tokens.revoke', () => ({ id: FAKE })),
    expect: { ...signedIn, viewer: 404, operator: 404, otherOperator: 404, admin: 404 },
  },
  'users.list': { request: q('users.list'), expect: admins },
  'users.create': {
    request: m('users.create', () => ({
      email: `u${Math.random().toString(36).slice(2)}@example.test`,
      displayName: 'New',
      role: 'viewer',
      password: 'long-enough-password',
    })),
    expect: admins,
  },
  'users.update': {
    request: m('users.update', () => ({ id: FAKE, role: 'viewer' })),
    expect: { ...admins, admin: 404 },
  },
  'audit.list': { request: q('audit.list'), expect: admins },
  'config.ruleCatalog': { request: q('config.ruleCatalog'), expect: signedIn },
  ...versionedConfigEntries('ruleSets'),
  'config.ruleSets.preview': {
    request: m('config.ruleSets.preview', () => ({ id: FAKE })),
    expect: { ...admins, admin: 404 },
  },
  'config.ruleSets.previewStatus': {
    request: q('config.ruleSets.previewStatus', () => ({ previewId: FAKE })),
    expect: missingForSignedIn,
  },
  ...versionedConfigEntries('profiles'),
  'webhooks.list': { request: q('webhooks.list'), expect: admins },
  'webhooks.create': {
    request: m('webhooks.create', () => ({
      url: 'http://127.0.0.1:9/hook',
      events: ['conversation.completed'],
    })),
    expect: admins,
  },
  'webhooks.update': {
    request: m('webhooks.update', () => ({ id: FAKE, isActive: false })),
    expect: { ...admins, admin: 404 },
  },
  'webhooks.delete': {
    request: m('webhooks.delete', () => ({ id: FAKE })),
    expect: { ...admins, admin: 404 },
  },
  'webhooks.deliveries': {
    request: q('webhooks.deliveries', () => ({ webhookId: FAKE })),
    expect: admins,
  },
  'webhooks.redeliver': {
    request: m('webhooks.redeliver', () => ({ deliveryId: 999_999_999 })),
    expect: { ...admins, admin: 404 },
  },
};

const rest =
  (
    method: 'GET' | 'POST',
    url: (ids: Ids) => string,
    payload?: string,
    contentType = 'application/json',
  ): Entry['request'] =>
  (ids) => ({
    method,
    url: url(ids),
    ...(payload === undefined ? {} : { payload, headers: { 'content-type': contentType } }),
  });

/** Every REST route. A route missing here fails the test. */
const ROUTES: Record<string, Entry> = {
  'POST /api/auth/login': {
    request: rest(
      'POST',
      () => '/api/auth/login',
      JSON.stringify({ email: 'nobody@example.test', password: 'wrong-password' }),
    ),
    expect: { anonymous: 401, viewer: 401, operator: 401, otherOperator: 401, admin: 401 },
  },
  'POST /api/auth/logout': {
    request: rest('POST', () => '/api/auth/logout', '{}'),
    expect: everyone,
  },
  'POST /api/conversations': {
    request: rest('POST', () => '/api/conversations', '{"rest": true}', 'text/plain'),
    expect: operators,
  },
  'POST /api/conversations/:id/enrich': {
    request: rest('POST', (ids) => `/api/conversations/${ids.operatorConversation}/enrich`),
    expect: ownWrite,
  },
  'GET /api/conversations/:id/enrich': {
    request: rest('GET', (ids) => `/api/conversations/${ids.operatorConversation}/enrich`),
    expect: ownRead,
  },
  'POST /api/conversations/bulk-enrich': {
    request: rest(
      'POST',
      () => '/api/conversations/bulk-enrich',
      JSON.stringify({ conversation_ids: [FAKE] }),
    ),
    expect: operators,
  },
  'GET /api/conversations/:id/validation-report': {
    request: rest(
      'GET',
      (ids) => `/api/conversations/${ids.operatorConversation}/validation-report`,
    ),
    expect: ownRead,
  },
  'GET /api/exports/:id/download': {
    request: rest('GET', (ids) => `/api/exports/${ids.export}/download`),
    expect: ownRead,
  },
  'GET /api/exports/:id/manifest': {
    request: rest('GET', (ids) => `/api/exports/${ids.export}/manifest`),
    expect: ownRead,
  },
  'GET /api/conversations/:id/download/raw': {
    request: rest('GET', (ids) => `/api/conversations/${ids.operatorConversation}/download/raw`),
    expect: ownRead,
  },
  'GET /api/conversations/:id/download/enriched': {
    request: rest(
      'GET',
      (ids) => `/api/conversations/${ids.operatorConversation}/download/enriched`,
    ),
    expect: ownRead,
  },
};

function outcomeOf(status: number): Outcome | number {
  if (status === 401 || status === 403 || status === 404) return status;
  if (status < 300 || status === 409 || status === 400) return 'ok';
  return status;
}

let harness: Awaited<ReturnType<typeof makeHttpHarness>>;

beforeAll(async () => {
  harness = await makeHttpHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('the access table covers everything', () => {
  it('has an entry for every tRPC procedure, and no stale ones', () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(PROCEDURES).sort());
  });

  it('has an entry for every REST route, and no stale ones', () => {
    const apiRoutes = harness.app.routes.filter(
      (r) => / \/api\//.test(r) && !r.startsWith('HEAD '),
    );
    expect([...new Set(apiRoutes)].sort()).toEqual(Object.keys(ROUTES).sort());
  });
});

const PLACEHOLDER_IDS: Ids = {
  operatorConversation: FAKE,
  viewerConversation: FAKE,
  bulk: FAKE,
  export: FAKE,
};
const WHO: Who[] = ['anonymous', 'viewer', 'operator', 'otherOperator', 'admin'];

// Reads first: the mutations below queue and cancel the shared conversation.
const ORDERED = Object.entries({ ...PROCEDURES, ...ROUTES }).sort(
  ([, a], [, b]) =>
    Number(a.request(PLACEHOLDER_IDS).method !== 'GET') -
    Number(b.request(PLACEHOLDER_IDS).method !== 'GET'),
);

describe.each(ORDERED)('%s', (_name, entry) => {
  it.each(WHO)('as %s', async (who) => {
    const response = await harness.as(who === 'anonymous' ? null : who)(entry.request(harness.ids));
    expect(outcomeOf(response.statusCode), response.body.slice(0, 300)).toBe(entry.expect[who]);
  });
});

describe('ownership', () => {
  it('a viewer reads its own conversation but cannot change it', async () => {
    const viewer = harness.as('viewer');
    const own = await viewer(
      trpcRequest('query', 'conversations.byId', { id: harness.ids.viewerConversation }),
    );
    expect(own.statusCode).toBe(200);
    const change = await viewer(
      trpcRequest('mutation', 'conversations.retry', { id: harness.ids.viewerConversation }),
    );
    expect(change.statusCode).toBe(403);
  });

  it("another owner's conversation is exactly as absent as a missing one", async () => {
    const other = harness.as('otherOperator');
    const theirs = await other(
      trpcRequest('query', 'conversations.byId', { id: harness.ids.operatorConversation }),
    );
    const missing = await other(
      trpcRequest('query', 'conversations.byId', { id: '00000000-0000-4000-8000-000000000001' }),
    );
    expect(theirs.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const body = (r: typeof theirs) =>
      (JSON.parse(r.body) as { error: { message: string } }).error.message.replace(
        /[0-9a-f-]{36}/,
        '<id>',
      );
    expect(body(theirs)).toBe(body(missing));
    const list = await other(trpcRequest('query', 'conversations.list', {}));
    expect(list.body).not.toContain(harness.ids.operatorConversation);
  });
});
