import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../http/app-error.js';
import type { RapportApp } from '../../http/rapport-app.js';
import { appContentSecurityPolicy } from './web.assets.js';
import { createWebRoutes } from './web.routes.js';

async function appServing(distDir: string) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, _request, reply) => reply.code(error instanceof AppError ? error.status : 500).send({ code: error instanceof AppError ? error.code : 'INTERNAL' }));
  createWebRoutes(distDir)(app as unknown as RapportApp);
  await app.ready();
  return app;
}

describe('the web app routes', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-dist-'));
  let app: Awaited<ReturnType<typeof appServing>>;
  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Rapport</title>');
    fs.writeFileSync(path.join(dist, 'assets/index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
    app = await appServing(dist);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html for app paths, uncached and with the app\'s CSP', async () => {
    for (const url of ['/', '/login', '/w/demo/inbox/01abc?status=open']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toBe(appContentSecurityPolicy);
      expect(response.body).toContain('<title>Rapport</title>');
    }
    expect(appContentSecurityPolicy).toContain("script-src 'self'");
    expect(appContentSecurityPolicy).not.toContain('unsafe-inline');
  });

  it('lets browsers keep hashed bundles for a year and revalidate other files', async () => {
    const bundle = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers 404, never the app, for unknown API, webhook and asset paths and for files outside the build', async () => {
    for (const url of ['/api/v1/nope', '/api', '/webhooks/x/1', '/assets/missing.js', '/assets/../../package.json', '/%2e%2e/package.json', '/missing.png']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('<title>Rapport</title>');
    }
  });

  it('says how to build the app when web/dist is missing', async () => {
    const empty = await appServing(path.join(dist, 'not-built'));
    const response = await empty.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(503);
    await empty.close();
  });
});
