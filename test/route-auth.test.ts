import type { FastifyServerOptions, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RouteAuth } from '../server/http/route-auth.js';
import { permissions } from '../server/features/auth/permissions.js';
import { startTestApp, type TestApp } from './helpers/app.js';

/** Every route the app registers, seen by an onRoute hook added to each Fastify instance before any route. */
const routeTable = vi.hoisted(() => [] as RouteOptions[]);
vi.mock(import('fastify'), async (importOriginal) => {
  const actual = await importOriginal();
  const create = ((options?: FastifyServerOptions) => {
    const app = actual.default(options);
    app.addHook('onRoute', (route) => {
      routeTable.push(route);
    });
    return app;
  }) as typeof actual.default;
  return { ...actual, default: create, fastify: create };
});

// Routes the swagger-ui plugin adds for the browsable docs: static files, no data.
const isDocsInternal = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');
const methodsOf = (route: RouteOptions) => (Array.isArray(route.method) ? route.method : [route.method]);
const describeRoute = (route: RouteOptions) => `${methodsOf(route).join(',')} ${route.url}`;

function isValidAuth(auth: unknown): auth is RouteAuth {
  if (typeof auth !== 'object' || auth === null) return false;
  const keys = Object.keys(auth);
  if (keys.length !== 1) return false;
  const value: unknown = (auth as Record<string, unknown>)[keys[0] ?? ''];
  if (keys[0] === 'public' || keys[0] === 'signedIn') return value === true;
  return keys[0] === 'permission' && (permissions as readonly unknown[]).includes(value);
}

describe('the route table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t.close());

  const appRoutes = () => routeTable.filter((route) => !isDocsInternal(route.url));

  it('is seen whole by the onRoute hook', () => {
    const urls = routeTable.map((route) => route.url);
    expect(urls).toContain('/api/v1/workspaces/:workspace/conversations');
    expect(urls).toContain('/api/v1/auth/login');
    expect(urls).toContain('/healthz');
    expect(urls.some(isDocsInternal)).toBe(true);
  });

  it('has no route without a valid auth requirement', () => {
    const missing = appRoutes().filter((route) => !isValidAuth(route.config?.auth)).map(describeRoute);
    expect(missing, 'every route declares config.auth: { public } | { signedIn } | { permission }').toEqual([]);
  });

  it('puts every workspace route under /api/v1/workspaces/:workspace and guards it with a permission', () => {
    const wrong = appRoutes().filter((route) => /\/workspaces\/:/.test(route.url)).filter((route) => {
      const auth = route.config?.auth;
      return !route.url.startsWith('/api/v1/workspaces/:workspace') || /\/:workspace[^/]/.test(route.url) || auth === undefined || !('permission' in auth);
    }).map(describeRoute);
    expect(wrong, 'the auth hook checks membership of :workspace only for permission routes').toEqual([]);
  });

  it('gives every permission route the :workspace parameter the auth hook reads', () => {
    const wrong = appRoutes().filter((route) => route.config?.auth !== undefined && 'permission' in route.config.auth)
      .filter((route) => !route.url.startsWith('/api/v1/workspaces/:workspace')).map(describeRoute);
    expect(wrong).toEqual([]);
  });

  it('keeps the API private but for login and the API description', () => {
    // Outside /api live health, metrics, the browser app's static files and platform webhooks (which check signatures).
    const openApiRoutes = appRoutes().filter((route) => route.url.startsWith('/api/') && route.config?.auth !== undefined && 'public' in route.config.auth);
    expect([...new Set(openApiRoutes.map((route) => route.url))].sort(), 'a new public API route must be added here on purpose').toEqual(['/api/openapi.json', '/api/v1/auth/login']);
  });

  it('serves the docs plugin\'s own routes, which cannot declare auth, without a server error', async () => {
    const docs = routeTable.filter((route) => isDocsInternal(route.url) && methodsOf(route).includes('GET') && !route.url.includes('*'));
    expect(docs.length).toBeGreaterThan(0);
    for (const route of docs) {
      const response = await t.app.inject({ method: 'GET', url: route.url });
      expect({ url: route.url, status: response.statusCode < 500 }).toEqual({ url: route.url, status: true });
    }
  });

  it('answers 401 problem+json to every non-public route called without credentials', async () => {
    const guarded = appRoutes().filter((route) => route.config?.auth !== undefined && !('public' in route.config.auth));
    const answers: string[] = [];
    for (const route of guarded) {
      for (const method of methodsOf(route)) {
        const url = route.url.replaceAll(/:(\w+)/g, 'x1');
        // Body validation runs before the auth hook (preHandler), so a write with an empty body may be a 422 instead;
        // either way it is refused and says nothing about the workspace.
        const isWrite = !['GET', 'HEAD', 'DELETE'].includes(method);
        const response = await t.app.inject({ method: method as 'GET', url, ...(isWrite ? { payload: {} } : {}) });
        const expected = isWrite ? [401, 422] : [401];
        if (!expected.includes(response.statusCode) || !String(response.headers['content-type']).startsWith('application/problem+json')) {
          answers.push(`${method} ${route.url} → ${response.statusCode}`);
        }
      }
    }
    expect(answers).toEqual([]);
  });
});
