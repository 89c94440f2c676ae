import type { Db } from '@refinery/db';
import { createSession, findUserForLogin, revokeSession } from '@refinery/db/queries';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { verifyPassword } from '../auth/password.ts';
import { readCookie } from '../auth/principal.ts';
import { hashSecret, newSecret, SESSION_COOKIE, SESSION_DAYS } from '../auth/tokens.ts';
import type { RateLimiter } from '../http/rate-limit.ts';

const loginBody = z.object({ email: z.string().max(200), password: z.string().max(200) });

function cookie(value: string, maxAgeSeconds: number, secure: boolean) {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** Login and logout as plain JSON routes: they set and clear the httpOnly session cookie. */
export function registerAuthRoutes(server: FastifyInstance, db: Db, loginLimiter: RateLimiter) {
  server.post('/api/auth/login', async (request, reply) => {
    const parsed = loginBody.safeParse(request.body);
    if (!parsed.success)
      return reply
        .code(400)
        .send({ success: false, error: 'BAD_REQUEST', message: 'Send { "email", "password" }.' });
    const email = parsed.data.email.trim().toLowerCase();
    const key = `${request.ip}:${email}`;
    if (!loginLimiter.take(key)) {
      return reply.code(429).header('retry-after', loginLimiter.retryAfterSeconds(key)).send({
        success: false,
        error: 'TOO_MANY_REQUESTS',
        message: 'Too many sign-in attempts; wait a minute and try again.',
      });
    }
    const user = await findUserForLogin(db, email);
    const ok =
      user !== null &&
      user.disabledAt === null &&
      (await verifyPassword(parsed.data.password, user.passwordHash));
    if (!ok || !user) {
      await audit(db, { user: null, ip: request.ip, label: email }, 'auth.login_failed', {
        type: 'user',
        id: user?.id ?? null,
      });
      return reply
        .code(401)
        .send({ success: false, error: 'UNAUTHORIZED', message: 'Wrong email or password.' });
    }
    const secret = newSecret('rfs');
    await createSession(db, {
      tokenHash: hashSecret(secret),
      userId: user.id,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
      ip: request.ip,
      userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    });
    const authUser = {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
    };
    await audit(db, { user: authUser, ip: request.ip }, 'auth.login', {
      type: 'user',
      id: user.id,
    });
    return reply
      .header('set-cookie', cookie(secret, SESSION_DAYS * 86_400, request.protocol === 'https'))
      .send({ success: true, user: authUser });
  });

  server.post('/api/auth/logout', async (request, reply) => {
    const secret = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (secret) {
      await revokeSession(db, hashSecret(secret));
      await audit(db, { user: null, ip: request.ip }, 'auth.logout');
    }
    return reply
      .header('set-cookie', cookie('', 0, request.protocol === 'https'))
      .send({ success: true });
  });
}
