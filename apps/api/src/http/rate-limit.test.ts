import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows the limit, refuses the next, and opens again in the next window', () => {
    const limiter = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take('ip:alice', t0))).toEqual([true, true, true, false]);
    expect(limiter.take('ip:bob', t0)).toBe(true);
    expect(limiter.retryAfterSeconds('ip:alice', t0 + 30_000)).toBe(30);
    expect(limiter.take('ip:alice', t0 + 60_000)).toBe(true);
  });
});
