import { z } from 'zod';

/**
 * The sites allowed to open a web chat account's widget, as origins: `https://www.acme.example`, or a wildcard
 * `https://*.acme.example` for every subdomain (not the apex itself). Browsers send the page's origin with the
 * websocket handshake, so a widget copied onto another site is refused before the upgrade.
 */
export const allowedOrigin = z.string().trim().min(1).max(300).transform((value, ctx) => {
  const origin = normaliseAllowedOrigin(value);
  if (origin === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected an origin such as https://www.acme.example or https://*.acme.example (scheme and host, no path)' });
    return z.NEVER;
  }
  return origin;
});

/** The canonical form of an allowed origin (lower-case host, default port dropped), or undefined when it is not one. */
export function normaliseAllowedOrigin(value: string): string | undefined {
  const wildcard = /^(https?):\/\/\*\.(.+)$/i.exec(value);
  const url = parseUrl(wildcard === null ? value : `${wildcard[1]}://${wildcard[2]}`);
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname !== '/') return undefined;
  // A trailing slash is fine ("https://acme.example/"); anything else after the host is not an origin.
  if (!/^[a-z]+:\/\/[^/]+\/?$/i.test(value)) return undefined;
  if (url.hostname.includes('*') || (wildcard !== null && !url.hostname.includes('.'))) return undefined;
  return wildcard === null ? url.origin : `${url.protocol}//*.${url.host}`;
}

/** Whether a page's Origin header is one of the allowed origins (exactly, or a subdomain of a wildcard). */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return false;
  const url = parseUrl(origin);
  // `Origin: null` (sandboxed frames, file:// pages) and anything unparsable is never allowed.
  if (url === undefined || url.origin === 'null') return false;
  return allowed.some((entry) => {
    const wildcard = /^(https?:)\/\/\*\.(.+)$/.exec(entry);
    if (wildcard === null) return entry === url.origin;
    return url.protocol === wildcard[1] && url.host.endsWith(`.${wildcard[2] ?? ''}`);
  });
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
