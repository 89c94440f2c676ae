import { createHash, randomBytes } from 'node:crypto';

/** Secrets are random; only their SHA-256 is stored, so a leaked table grants nothing. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export const SESSION_COOKIE = 'refinery_session';
export const SESSION_DAYS = 14;
