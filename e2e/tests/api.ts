import type { APIRequestContext } from '@playwright/test';

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
