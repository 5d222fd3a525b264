import { useSyncExternalStore } from 'react';

/** The screens of the app, read from the address bar. */
export type Route =
  | { name: 'login' }
  | { name: 'workspaces' }
  | { name: 'inbox'; slug: string; conversationId: string | null; search: URLSearchParams }
  | { name: 'dashboard'; slug: string }
  | { name: 'admin'; slug: string; tab: AdminTab };

export const adminTabs = ['accounts', 'users', 'queues', 'tokens'] as const;
/** A section of the admin screen. */
export type AdminTab = (typeof adminTabs)[number];

const changeEvent = 'rapport:navigate';

/** The route of an address. */
export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'login') return { name: 'login' };
  if (parts[0] !== 'w' || parts[1] === undefined) return { name: 'workspaces' };
  const slug = parts[1];
  if (parts[2] === 'dashboard') return { name: 'dashboard', slug };
  if (parts[2] === 'admin') {
    const tab = adminTabs.find((candidate) => candidate === parts[3]) ?? 'accounts';
    return { name: 'admin', slug, tab };
  }
  return { name: 'inbox', slug, conversationId: parts[2] === 'inbox' ? (parts[3] ?? null) : null, search: new URLSearchParams(search) };
}

let current = { key: '', route: parseRoute('/', '') };

function snapshot(): Route {
  const key = window.location.pathname + window.location.search;
  if (key !== current.key) current = { key, route: parseRoute(window.location.pathname, window.location.search) };
  return current.route;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(changeEvent, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(changeEvent, listener);
  };
}

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Goes to an address inside the app without reloading. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace === true) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(changeEvent));
}

/** Paths of the screens. */
export const paths = {
  login: () => '/login',
  workspaces: () => '/',
  inbox: (slug: string, conversationId?: string | null, search?: string) =>
    `/w/${encodeURIComponent(slug)}/inbox${conversationId ? `/${encodeURIComponent(conversationId)}` : ''}${search ? `?${search}` : ''}`,
  dashboard: (slug: string) => `/w/${encodeURIComponent(slug)}/dashboard`,
  admin: (slug: string, tab: AdminTab = 'accounts') => `/w/${encodeURIComponent(slug)}/admin/${tab}`,
};
