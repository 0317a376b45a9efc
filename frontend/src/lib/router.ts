// A History API router: four routes do not need a library.
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'room'; id: string }
  | { name: 'join'; id: string }
  | { name: 'account' }
  | { name: 'notFound' };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/account') return { name: 'account' };
  const m = /^\/(room|join)\/([^/]+)$/.exec(path);
  if (m) {
    try {
      const id = decodeURIComponent(m[2]);
      return m[1] === 'room' ? { name: 'room', id } : { name: 'join', id };
    } catch {
      return { name: 'notFound' };
    }
  }
  return { name: 'notFound' };
}

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else if (location.pathname + location.search + location.hash !== path) history.pushState(null, '', path);
  notify();
  // A new screen should not keep the previous scroll position.
  if (!options.replace) window.scrollTo(0, 0);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname, () => '/');
}

export const roomPath = (id: string) => `/room/${encodeURIComponent(id)}`;
