/** The few HTTP calls a command makes through a server (local embedded, or remote). */
export interface ServerTarget {
  url: string;
  token: string;
}

export class ServerRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ServerRequestError';
  }
}

async function call<T>(server: ServerTarget, path: string, init: RequestInit): Promise<T> {
  const url = `${server.url}${path}`;
  init.headers = {
    ...(init.headers as Record<string, string>),
    authorization: `Bearer ${server.token}`,
  };
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new ServerRequestError(
      0,
      `The Refinery server at ${new URL(url).origin} did not answer: ${(error as Error).message}`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as T & {
    message?: string;
    error?: { message?: string };
  };
  if (!response.ok) {
    const message = body.message ?? body.error?.message ?? `HTTP ${response.status}`;
    throw new ServerRequestError(response.status, message);
  }
  return body;
}

export function ingestThroughServer(
  server: ServerTarget,
  bytes: Buffer,
  query: Record<string, string | undefined>,
) {
  const params = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return call<{ conversation_id: string; enrichment_status: string; duplicate: boolean }>(
    server,
    `/api/conversations?${params}`,
    { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } },
  );
}

export function enrichThroughServer(
  server: ServerTarget,
  id: string,
  options: { force: boolean; timeoutMs: number },
) {
  return call<{ final_status: string }>(
    server,
    `/api/conversations/${id}/enrich?wait=true&force=${options.force}&timeout_ms=${options.timeoutMs}`,
    { method: 'POST' },
  );
}

export async function trpcQueryThroughServer<T>(
  server: ServerTarget,
  path: string,
  input: unknown,
): Promise<T> {
  const body = await call<{ result: { data: T } }>(
    server,
    `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
    { method: 'GET' },
  );
  return body.result.data;
}

export async function trpcMutationThroughServer<T>(
  server: ServerTarget,
  path: string,
  input: unknown,
): Promise<T> {
  const body = await call<{ result: { data: T } }>(server, `/trpc/${path}`, {
    method: 'POST',
    body: JSON.stringify(input),
    headers: { 'content-type': 'application/json' },
  });
  return body.result.data;
}

/** A streamed GET (an export's file): the caller pipes the body wherever it goes. */
export async function streamThroughServer(server: ServerTarget, path: string) {
  const response = await fetch(`${server.url}${path}`, {
    headers: { authorization: `Bearer ${server.token}` },
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ServerRequestError(response.status, body.message ?? `HTTP ${response.status}`);
  }
  return response.body;
}
