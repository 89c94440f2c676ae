import { useCallback, useSyncExternalStore } from 'react';

/**
 * The URL's query string as state: filters live there so links are shareable and the back
 * button restores the previous view.
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(url: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

export function useLocation(): { pathname: string; search: string } {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return { pathname, search };
}

export function useSearchParams(): [
  URLSearchParams,
  (update: (params: URLSearchParams) => void, options?: { replace?: boolean }) => void,
] {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const setParams = useCallback(
    (update: (params: URLSearchParams) => void, options?: { replace?: boolean }) => {
      const next = new URLSearchParams(window.location.search);
      update(next);
      const query = next.toString();
      navigate(`${window.location.pathname}${query ? `?${query}` : ''}`, options);
    },
    [],
  );
  return [params, setParams];
}
