import fs from 'node:fs';
import path from 'node:path';

/**
 * The Content-Security-Policy of the app's page: only its own scripts, styles, images and API (the websocket
 * included: CSP3 'self' covers ws:/wss: of the same host), no inline script, no plugins, no framing.
 */
export const appContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the server, never to the app: an unknown one is a 404, not the app's page. */
const serverPrefixes = ['api/', 'webhooks/', 'webchat/', 'assets/'];
const serverPaths = new Set(['api', 'webhooks', 'webchat', 'healthz', 'readyz', 'metrics']);

/** Whether a path (without its leading slash) is the server's, so it must never fall back to index.html. */
export function isServerPath(requested: string): boolean {
  return serverPaths.has(requested) || serverPrefixes.some((prefix) => requested.startsWith(prefix));
}

let cached: { file: string; mtimeMs: number; html: string } | undefined;

/** index.html of the build, re-read only when the build changed; undefined when the app is not built. */
export async function readIndexHtml(distDir: string): Promise<string | undefined> {
  const file = path.join(distDir, 'index.html');
  try {
    const stat = await fs.promises.stat(file);
    if (cached?.file === file && cached.mtimeMs === stat.mtimeMs) return cached.html;
    const html = await fs.promises.readFile(file, 'utf8');
    cached = { file, mtimeMs: stat.mtimeMs, html };
    return html;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
