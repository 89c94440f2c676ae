import type { APIRequestContext, Page, TestInfo } from '@playwright/test';

/** Calls a tRPC query over plain HTTP, as any script could. */
export async function trpcQuery<T>(
  request: APIRequestContext,
  path: string,
  input?: unknown,
): Promise<T> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await request.get(`/trpc/${path}${query}`);
  if (!response.ok())
    throw new Error(`${path} answered ${response.status()}: ${await response.text()}`);
  const body = (await response.json()) as { result: { data: T } };
  return body.result.data;
}

export interface StatusCountsResponse {
  statuses: { status: string; count: number }[];
  total: number;
}

export interface ListResponse {
  items: { id: string; title: string; enrichmentStatus: string; failingRuleCodes: string[] }[];
  nextCursor: string | null;
}

/** Waits until no conversation is queued or running (the workers are real). */
export async function waitForIdle(request: APIRequestContext, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await trpcQuery<StatusCountsResponse>(request, 'conversations.counts');
    const busy = counts.statuses
      .filter((s) => s.status === 'queued' || s.status === 'enrichment_in_progress')
      .reduce((n, s) => n + s.count, 0);
    if (busy === 0) return counts;
    if (Date.now() > deadline) throw new Error(`still ${busy} conversations in flight`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function firstWithStatus(request: APIRequestContext, status: string) {
  const page = await trpcQuery<ListResponse>(request, 'conversations.list', {
    limit: 1,
    statuses: [status],
  });
  const item = page.items[0];
  if (!item) throw new Error(`no conversation is ${status}`);
  return item;
}

/** A full-page screenshot saved as a test artifact. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
