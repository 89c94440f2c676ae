import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { type Database, isDatabaseUnavailable } from '@refinery/db';
import type { BlobStorage } from '@refinery/pipeline/storage';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { resolvePrincipal } from './auth/principal.ts';
import { createBackgroundJobs } from './background-jobs.ts';
import { createContextInner } from './context.ts';
import { toTrpcError } from './errors.ts';
import { registerJsonBodyGuards } from './http/json-body.ts';
import { RateLimiter } from './http/rate-limit.ts';
import { registerCsrfGuard, registerSecurityHeaders } from './http/security.ts';
import type { LocalPrincipal } from './rest/auth-guard.ts';
import { registerAuthRoutes } from './rest/auth-routes.ts';
import { registerConversationRoutes } from './rest/conversations.ts';
import { sendError } from './rest/errors.ts';
import { registerExportRoutes } from './rest/exports.ts';
import { type AppRouter, appRouter } from './root.ts';

export interface ServerConfig {
  database: Database;
  storage: BlobStorage;
  /** The embedded server's own token for CLI commands run beside it. */
  localPrincipal?: LocalPrincipal | undefined;
  port: number;
  host: string;
  logLevel?: string;
  /** Built dashboard to serve at `/`; the default is apps/web/dist. */
  webDistDir?: string | undefined;
  /** Sign-in attempts per minute per address and email. */
  loginAttemptsPerMinute?: number;
  /** Mutations per minute per user (or address). */
  mutationsPerMinute?: number;
  /** Where export files are written; a temporary directory by default. */
  exportsDir?: string;
}

/** tRPC bodies stay small; raw files go through the ingest route with its own limit. */
const JSON_BODY_LIMIT = 20 * 1024 * 1024;

export interface RefineryServer {
  server: FastifyInstance;
  /** Every route registered, as "METHOD /path": the access-table test checks each has an entry. */
  routes: string[];
  jobs: ReturnType<typeof createBackgroundJobs>;
  /** Listens and resolves to the base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function createServer(config: ServerConfig): Promise<RefineryServer> {
  const server = Fastify({
    logger: { level: config.logLevel ?? 'info' },
    // Request lines at info drown the useful logs; errors are still logged with their cause.
    logController: new LogController({ disableRequestLogging: true }),
    // tRPC batches put several procedure names in one path segment.
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: true,
  });
  const routes: string[] = [];
  const jobs = createBackgroundJobs((name, err) =>
    server.log.error({ err, job: name }, 'background job failed'),
  );
  const exportsDir = config.exportsDir ?? mkdtempSync(join(tmpdir(), 'refinery-exports-'));
  server.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
  });
  // A route that lets a database outage escape still answers 503, not 500; anything else
  // keeps Fastify's own handling (413s, 400s for bad JSON, …).
  server.setErrorHandler((error, _request, reply) => {
    if (isDatabaseUnavailable(error)) return sendError(reply, error);
    throw error;
  });
  registerSecurityHeaders(server);
  registerCsrfGuard(server);
  registerJsonBodyGuards(server);
  const loginLimiter = new RateLimiter(config.loginAttemptsPerMinute ?? 10, 60_000);
  const mutationLimiter = new RateLimiter(config.mutationsPerMinute ?? 600, 60_000);
  server.addHook('onRequest', async (request, reply) => {
    const isMutation = request.method === 'POST' && !request.url.startsWith('/api/auth/');
    if (!isMutation) return;
    const key = request.headers.authorization ?? request.headers.cookie ?? request.ip;
    if (!mutationLimiter.take(key)) {
      return reply.code(429).header('retry-after', mutationLimiter.retryAfterSeconds(key)).send({
        success: false,
        error: 'TOO_MANY_REQUESTS',
        message: 'Too many requests; slow down and try again shortly.',
      });
    }
  });

  await server.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req }) => {
        const { user } = await resolvePrincipal(
          config.database.db,
          { authorization: req.headers.authorization, cookie: req.headers.cookie },
          config.localPrincipal,
        ).catch((error: unknown) => {
          // Signing the caller in reads the database: during an outage that is a 503.
          throw toTrpcError(error);
        });
        return createContextInner({
          database: config.database,
          storage: config.storage,
          logger: server.log,
          user,
          ip: req.ip,
          jobs,
          exportsDir,
        });
      },
      onError({ path, error }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          server.log.error({ err: error.cause ?? error, path }, 'tRPC request failed');
        }
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  registerAuthRoutes(server, config.database.db, loginLimiter);
  await registerConversationRoutes(server, {
    db: config.database.db,
    storage: config.storage,
    local: config.localPrincipal,
  });
  registerExportRoutes(server, { db: config.database.db, local: config.localPrincipal });
  await registerDashboard(server, resolve(config.webDistDir ?? DEFAULT_WEB_DIST));

  return {
    server,
    routes,
    jobs,
    async start() {
      await server.listen({ port: config.port, host: config.host });
      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return `http://${host}:${port}`;
    },
    stop: () => server.close(),
  };
}

async function registerDashboard(server: FastifyInstance, distDir: string) {
  if (!existsSync(resolve(distDir, 'index.html'))) {
    server.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain')
        .send('The dashboard is not built yet: run `pnpm build` (pnpm start does it for you).'),
    );
    return;
  }
  await server.register(fastifyStatic, { root: distDir, prefix: '/' });
  // Client-side routes (/conversations/…) all load the app shell; API paths stay 404.
  server.setNotFoundHandler((request, reply) => {
    const isPageRequest =
      request.method === 'GET' &&
      !request.url.startsWith('/trpc') &&
      !request.url.startsWith('/api/');
    if (isPageRequest) return reply.sendFile('index.html');
    return reply
      .code(404)
      .send({ error: 'Not Found', message: `No route ${request.method} ${request.url}` });
  });
}
