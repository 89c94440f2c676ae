/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed, half random, so
 * retries of a burst of failures spread out instead of stampeding back together.
 */
export function backoffSeconds(
  attempt: number,
  options: { baseSeconds?: number; capSeconds?: number; random?: () => number } = {},
): number {
  const base = options.baseSeconds ?? 1;
  const cap = options.capSeconds ?? 60;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
