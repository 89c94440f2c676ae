import { createUser } from '@refinery/db/queries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/password.ts';
import { appRouter } from '../root.ts';
import { makeHttpHarness, trpcRequest } from './http-harness.ts';

let harness: Awaited<ReturnType<typeof makeHttpHarness>>;
let sessionCookie: string;

beforeAll(async () => {
  harness = await makeHttpHarness();
  await createUser(harness.api.database.db, {
    email: 'browser@example.test',
    displayName: 'Browser',
    role: 'admin',
    passwordHash: await hashPassword('browser-password-1'),
  });
  const login = await harness.app.server.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'browser@example.test', password: 'browser-password-1' },
  });
  expect(login.statusCode).toBe(200);
  const cookie = login.headers['set-cookie'] as string;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  sessionCookie = cookie.split(';')[0]!;
});

afterAll(async () => {
  await harness?.close();
});

const mutations = () => [
  ...Object.entries(appRouter._def.procedures)
    .filter(([, procedure]) => (procedure as { _def: { type: string } })._def.type === 'mutation')
    .map(([path]) => `/trpc/${path}`),
  ...harness.app.routes
    .filter((r) => r.startsWith('POST /api/') && !r.startsWith('POST /api/auth/login'))
    .map((r) => r.slice(5).replace(':id', harness.ids.operatorConversation)),
];

const FORMS: [string, string][] = [
  ['application/x-www-form-urlencoded', 'id=1&force=true'],
  [
    'multipart/form-data; boundary=xyz',
    '--xyz\r\nContent-Disposition: form-data; name="id"\r\n\r\n1\r\n--xyz--\r\n',
  ],
  ['text/plain', '{"id":"1"}'],
];

describe('CSRF: cross-site form posts are refused', () => {
  it('covers every mutation (tRPC and REST)', () => {
    expect(mutations().length).toBeGreaterThanOrEqual(15);
  });

  for (const [contentType, payload] of FORMS) {
    it(`refuses ${contentType.split(';')[0]} posts from another site to every mutation`, async () => {
      for (const url of mutations()) {
        const response = await harness.app.server.inject({
          method: 'POST',
          url,
          payload,
          headers: {
            cookie: sessionCookie,
            origin: 'https://evil.example',
            'content-type': contentType,
          },
        });
        expect(response.statusCode, url).toBe(403);
        expect(response.json().message).toMatch(/Cross-site request refused/);
      }
    });
  }

  it('refuses a cookie-carrying post with no Origin at all, and accepts the dashboard itself', async () => {
    const noOrigin = await harness.app.server.inject({
      ...trpcRequest('mutation', 'tokens.create', { name: 'x', role: 'viewer' }),
      headers: { cookie: sessionCookie, 'content-type': 'application/json' },
    });
    expect(noOrigin.statusCode).toBe(403);
    const sameSite = await harness.app.server.inject({
      ...trpcRequest('mutation', 'tokens.create', { name: 'x', role: 'viewer' }),
      headers: {
        cookie: sessionCookie,
        'content-type': 'application/json',
        origin: 'http://localhost:80',
        host: 'localhost:80',
      },
    });
    expect(sameSite.statusCode, sameSite.body).toBe(200);
  });
});

describe('hostile input gets a clear 4xx and changes nothing', () => {
  const operator = () => harness.as('operator');

  it('a path-traversal id', async () => {
    const response = await operator()({
      method: 'GET',
      url: '/api/conversations/..%2F..%2F..%2Fetc%2Fpasswd/download/raw',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/must be a UUID/);
  });

  it('an oversized body', async () => {
    const big = JSON.stringify({ content: 'x'.repeat(21 * 1024 * 1024) });
    const response = await operator()({
      method: 'POST',
      url: '/trpc/conversations.ingest',
      payload: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(413);
  });

  it('a raw file over the size cap, and one nested 10,000 deep, at ingest', async () => {
    const tooBig = await operator()({
      method: 'POST',
      url: '/api/conversations',
      payload: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' });
    const deep = await operator()({
      method: 'POST',
      url: '/api/conversations',
      payload: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(deep.statusCode).toBe(422);
    expect(deep.json().message).toMatch(/nests deeper than 64 levels/);
  });

  it('a 10,000-deep JSON request body', async () => {
    const payload = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const response = await operator()({
      method: 'POST',
      url: '/trpc/conversations.enrich',
      payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/nests deeper than 64 levels/);
  });

  it('a __proto__ payload, and Object.prototype is unchanged afterwards', async () => {
    const payloads = [
      '{"id":"00000000-0000-4000-8000-000000000001","__proto__":{"polluted":true}}',
      '{"id":"00000000-0000-4000-8000-000000000001","constructor":{"prototype":{"polluted":true}}}',
    ];
    for (const payload of payloads) {
      const trpc = await operator()({
        method: 'POST',
        url: '/trpc/conversations.enrich',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(trpc.statusCode).toBe(400);
      const restCall = await operator()({
        method: 'POST',
        url: '/api/conversations/bulk-enrich',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(restCall.statusCode).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('answers with security headers on the API and the dashboard', async () => {
    for (const url of ['/trpc/health', '/', '/api/conversations/x/enrich']) {
      const response = await harness.app.server.inject({ method: 'GET', url });
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('rate-limits sign-in attempts', async () => {
    const attempts = [];
    for (let i = 0; i < 12; i++) {
      attempts.push(
        (
          await harness.app.server.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: 'victim@example.test', password: `guess-${i}` },
            remoteAddress: '10.9.9.9',
          })
        ).statusCode,
      );
    }
    // The harness allows 8 attempts a minute per address and email.
    expect(attempts).toEqual([...Array(8).fill(401), ...Array(4).fill(429)]);
  });
});
