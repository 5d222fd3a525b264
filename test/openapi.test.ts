import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';

interface Operation { tags?: string[]; summary?: string; responses?: Record<string, unknown>; requestBody?: unknown; parameters?: Array<{ name: string; in: string }> }
interface OpenApiDocument { openapi: string; info: { title: string }; paths: Record<string, Record<string, Operation>>; components?: { securitySchemes?: Record<string, unknown> } }

const methods = new Set(['get', 'put', 'post', 'patch', 'delete']);

describe('the OpenAPI document and the browsable docs', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    doc = response.json<OpenApiDocument>();
  });
  afterAll(async () => t.close());

  it('is a valid OpenAPI 3 document, served without signing in', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['bearer', 'session']);
  });

  it('describes the conversation, inbound and admin paths', () => {
    const expected: Array<[string, string[]]> = [
      ['/api/v1/workspaces/{workspace}/conversations', ['get']],
      ['/api/v1/workspaces/{workspace}/conversations/{id}', ['get', 'patch']],
      ['/api/v1/workspaces/{workspace}/conversations/{id}/notes', ['post']],
      ['/api/v1/workspaces/{workspace}/conversations/{id}/replies', ['post']],
      ['/api/v1/workspaces/{workspace}/inbound', ['post']],
      ['/api/v1/auth/login', ['post']],
      ['/api/v1/workspaces', ['get', 'post']],
      ['/api/v1/workspaces/{workspace}', ['get']],
      ['/api/v1/workspaces/{workspace}/users', ['get', 'post']],
      ['/api/v1/workspaces/{workspace}/users/{id}', ['get', 'patch']],
      ['/api/v1/workspaces/{workspace}/tokens', ['get', 'post']],
      ['/api/v1/workspaces/{workspace}/tokens/{id}', ['delete']],
      ['/api/v1/workspaces/{workspace}/accounts', ['get', 'post']],
      ['/api/v1/workspaces/{workspace}/accounts/{id}', ['get']],
      ['/api/v1/workspaces/{workspace}/queues', ['get', 'post']],
      ['/api/v1/workspaces/{workspace}/queues/{id}/members', ['put']],
      ['/api/v1/workspaces/{workspace}/contacts', ['get']],
      ['/api/v1/workspaces/{workspace}/contacts/{id}', ['get']],
      ['/api/v1/workspaces/{workspace}/audit', ['get']],
    ];
    for (const [path, verbs] of expected) {
      expect(Object.keys(doc.paths), path).toContain(path);
      for (const verb of verbs) expect(doc.paths[path]?.[verb], `${verb} ${path}`).toBeDefined();
    }
    const search = doc.paths['/api/v1/workspaces/{workspace}/contacts']?.get?.parameters?.map((p) => `${p.in}:${p.name}`);
    expect(search).toEqual(expect.arrayContaining(['path:workspace', 'query:q', 'query:limit', 'query:cursor']));
    expect(doc.paths['/api/v1/workspaces/{workspace}/users']?.post?.requestBody).toBeDefined();
  });

  it('gives every API operation a tag, a summary and a documented response', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [verb, operation] of Object.entries(item)) {
        if (!methods.has(verb)) continue;
        if ((operation.tags ?? []).length === 0 || !operation.summary) missing.push(`${verb} ${path}: tags/summary`);
        if (Object.keys(operation.responses ?? {}).length === 0) missing.push(`${verb} ${path}: responses`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('never documents a secret field in a response', () => {
    const responses = JSON.stringify(Object.values(doc.paths).flatMap((item) => Object.values(item).map((operation) => operation.responses)));
    expect(responses).not.toMatch(/"(password|password_?hash|credentials|token_?hash|secret)":/i);
  });

  it('serves the browsable docs as HTML', async () => {
    let response = await t.app.inject({ method: 'GET', url: '/api/docs' });
    for (let hops = 0; hops < 3 && response.statusCode >= 300 && response.statusCode < 400; hops += 1) {
      response = await t.app.inject({ method: 'GET', url: new URL(String(response.headers.location), 'http://localhost/api/docs/').pathname });
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/swagger/i);
  });
});
