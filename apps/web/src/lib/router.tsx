import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate, useLocation } from './url-state.ts';

export type Route =
  | { name: 'conversations' }
  | { name: 'conversation'; id: string }
  | { name: 'overview' }
  | { name: 'bulk-list' }
  | { name: 'bulk'; id: string }
  | { name: 'login' }
  | { name: 'account' }
  | { name: 'exports' }
  | { name: 'settings' }
  | { name: 'not-found' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/conversations') return { name: 'conversations' };
  if (pathname === '/overview') return { name: 'overview' };
  if (pathname === '/bulk') return { name: 'bulk-list' };
  if (pathname === '/login') return { name: 'login' };
  if (pathname === '/account') return { name: 'account' };
  if (pathname === '/exports') return { name: 'exports' };
  if (pathname === '/settings') return { name: 'settings' };
  const conversation = /^\/conversations\/([0-9a-f-]{36})$/i.exec(pathname);
  if (conversation) return { name: 'conversation', id: conversation[1]! };
  const bulk = /^\/bulk\/([0-9a-f-]{36})$/i.exec(pathname);
  if (bulk) return { name: 'bulk', id: bulk[1]! };
  return { name: 'not-found' };
}

export function useRoute(): Route {
  return matchRoute(useLocation().pathname);
}

/** An anchor that navigates in-app (no full reload) but still opens in a new tab normally. */
export function Link({
  href,
  onClick,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey
    )
      return;
    event.preventDefault();
    navigate(href);
    window.scrollTo(0, 0);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
