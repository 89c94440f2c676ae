export class WaitTimeoutError extends Error {
  constructor(ms: number) {
    super(
      `Still running after ${Math.round(ms / 1000)} s; it goes on in the background. Check it later with the dashboard or GET /api/conversations/<id>/enrich.`,
    );
    this.name = 'WaitTimeoutError';
  }
}

/** Polls `done` until it holds, or throws after `timeoutMs`. */
export async function waitUntil(done: () => Promise<boolean>, timeoutMs: number, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new WaitTimeoutError(timeoutMs);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
