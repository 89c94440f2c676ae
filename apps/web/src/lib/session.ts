import type { RouterOutputs } from '@refinery/api/types';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc.ts';

export type CurrentUser = NonNullable<RouterOutputs['auth']['me']>;

export function useCurrentUser() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
}

export function canOperate(user: CurrentUser | null | undefined): boolean {
  return user?.role === 'operator' || user?.role === 'admin';
}

async function postJson(path: string, body: unknown) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new Error(data.message ?? `Request failed (${response.status})`);
  return data;
}

export const signIn = (email: string, password: string) =>
  postJson('/api/auth/login', { email, password });
export const signOut = () => postJson('/api/auth/logout', {});
