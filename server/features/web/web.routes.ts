import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import { AppError } from '../../http/app-error.js';
import type { RapportApp } from '../../http/rapport-app.js';
import { appContentSecurityPolicy, isServerPath, readIndexHtml } from './web.assets.js';

/** Where `vite build` writes the browser app (web/dist at the repository root). */
export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

const wildcardParams = z.object({ '*': z.string() });
const publicRoute = { auth: { public: true } } as const;
/** Hashed bundles never change under the same name, so browsers may keep them for a year without asking. */
const immutableAssets = { maxAge: 365 * 24 * 3600 * 1000, immutable: true } as const;
/** Unhashed files next to index.html (icons, robots.txt): cached briefly, revalidated after. */
const rootFiles = { maxAge: 3600 * 1000, immutable: false } as const;

/**
 * Serves the built browser app: hashed bundles under /assets with long-lived caching, and index.html (never cached,
 * with the app's CSP) for every other GET path that is not the API, so client-side routes survive a reload.
 */
export function createWebRoutes(distDir = webDistDir) {
  return (app: RapportApp): void => {
    void app.register(async (scope: RapportApp) => {
      await scope.register(fastifyStatic, { root: distDir, serve: false, index: false });

      scope.get('/assets/*', { config: publicRoute, schema: { hide: true, params: wildcardParams } }, (request, reply) => {
        return reply.sendFile(`assets/${request.params['*']}`, immutableAssets);
      });

      scope.get('/*', { config: publicRoute, schema: { hide: true, params: wildcardParams } }, async (request, reply) => {
        const requested = request.params['*'];
        if (isServerPath(requested)) throw new AppError('NOT_FOUND', `No route GET /${requested}`);
        if (isRootFile(distDir, requested)) return reply.sendFile(requested, rootFiles);
        // App routes never end in a file extension: a missing file is a 404, not the app's page served as it.
        if (/\.[a-z0-9]+$/i.test(requested)) throw new AppError('NOT_FOUND', `No file /${requested}`);
        const html = await readIndexHtml(distDir);
        if (html === undefined) throw new AppError('UNAVAILABLE', 'The web app is not built yet: run "npm run build:web" (npm start does it for you)');
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('content-security-policy', appContentSecurityPolicy).send(html);
      });
    });
  };
}

/** The browser app from web/dist. */
export const registerWebRoutes = createWebRoutes();

/** A plain file at the top of the build (favicon.svg), never a directory or anything outside it. */
function isRootFile(distDir: string, requested: string): boolean {
  if (requested === '' || requested.includes('/') || requested.includes('\\') || requested.startsWith('.') || requested === 'index.html') return false;
  try {
    return fs.statSync(path.join(distDir, requested)).isFile();
  } catch {
    return false;
  }
}
