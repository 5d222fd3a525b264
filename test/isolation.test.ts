import type { FastifyServerOptions, RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Credentials = Record<string, string>;

/** One workspace and the ids of an object of every kind in it. */
interface Tenant extends SeededWorkspace {
  tag: string;
  ids: Record<'conversations' | 'messages' | 'contacts' | 'users' | 'tokens' | 'accounts' | 'queues' | 'queries' | 'training', string>;
  noteId: string;
  tokenCredentials: Credentials;
  sessionCredentials: Credentials;
}

const w = '/api/v1/workspaces/:workspace';
const event = (tag: string, id: string) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: `${tag}-${id}`, visibility: 'public',
  author: { platformUserId: `user-${tag}`, handle: `handle_${tag}`, displayName: `Customer ${tag}` },
  text: `message of ${tag}`, sentAt: '2026-11-20T10:00:00Z',
});

/**
 * Bodies the write routes accept, so that a 404 proves the lookup refused and not the validator: these, else one built
 * from the route's zod body schema (its required fields only). A write route whose built body is not valid gets one here.
 */
const sampleBodies: Record<string, unknown> = {
  [`POST ${w}/inbound`]: event('sneaky', 'x'),
  [`PATCH ${w}/conversations/:id`]: { priority: 'urgent', addTags: ['sneaky'] },
  [`POST ${w}/conversations/:id/notes`]: { text: 'sneaky note' },
  [`POST ${w}/conversations/:id/replies`]: { text: 'sneaky reply', idempotencyKey: 'sneaky-reply-1' },
  [`POST ${w}/users`]: { email: 'sneaky@example.com', name: 'Sneaky', password: 'sneaky password', role: 'admin' },
  [`PATCH ${w}/users/:id`]: { role: 'analyst' },
  [`POST ${w}/tokens`]: { name: 'sneaky' },
  [`POST ${w}/accounts`]: { channel: 'telegram', handle: 'sneaky' },
  [`PATCH ${w}/accounts/:id`]: { name: 'sneaky rename' },
  [`POST ${w}/queues`]: { slug: 'sneaky', name: 'Sneaky' },
  [`PUT ${w}/queues/:id/members`]: { userIds: [] },
  [`POST ${w}/messages/:id/hide`]: { reason: 'sneaky', hidden: true },
  [`PATCH ${w}/contacts/:id`]: { displayName: 'Sneaky', addTags: ['sneaky'], customFields: { sneaky: 'yes' } },
};

interface JsonSchema {
  type?: string; const?: unknown; enum?: unknown[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; minItems?: number; minLength?: number; minimum?: number; format?: string;
}

/** The smallest value a JSON schema accepts, as far as a test needs: required fields, first choices, minimal sizes. */
function exampleOf(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.[0] !== undefined) return exampleOf(choices[0]);
  if (schema.allOf !== undefined) return Object.assign({}, ...schema.allOf.map((part) => exampleOf(part) as object)) as unknown;
  switch (schema.type) {
    case 'object': return Object.fromEntries((schema.required ?? []).map((key) => [key, exampleOf(schema.properties?.[key] ?? {})]));
    case 'array': return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(schema.items ?? {}));
    case 'integer': case 'number': return schema.minimum ?? 1;
    case 'boolean': return true;
    case 'null': return null;
    case 'string': {
      const formats: Record<string, string> = { email: 'sneaky@example.com', 'date-time': '2030-01-01T00:00:00Z', uri: 'https://example.com/' };
      return formats[schema.format ?? ''] ?? 'sneaky'.padEnd(schema.minLength ?? 0, 'y');
    }
    default: return {};
  }
}

function sampleBodyOf(route: RouteOptions, method: Method): unknown {
  if (method === 'GET' || method === 'DELETE') return undefined;
  const sample = sampleBodies[`${method} ${route.url}`];
  if (sample !== undefined) return sample;
  const body = route.schema?.body;
  return body instanceof z.ZodType ? exampleOf(z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : {};
}

const methodsOf = (route: RouteOptions) => (Array.isArray(route.method) ? route.method : [route.method]).filter((method) => method !== 'HEAD') as Method[];

describe.each(testEngines)('workspace isolation on %s', (engine) => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  async function call(method: Method, url: string, credentials: Credentials, payload?: unknown) {
    return t.app.inject({ method, url, headers: credentials, ...(payload === undefined ? {} : { payload: payload as object }) });
  }

  async function populate(tag: string): Promise<Tenant> {
    const seeded = await seedWorkspace(t.runtime, `iso-${tag}-${process.pid}`);
    const token = bearer(seeded.token);
    const at = (path: string) => `/api/v1/workspaces/${seeded.slug}${path}`;
    const json = async <T>(method: Method, path: string, payload?: unknown): Promise<T> => {
      const response = await call(method, at(path), token, payload);
      expect(response.statusCode, `${method} ${path}: ${response.body}`).toBeLessThan(300);
      return response.json<T>();
    };
    const pushed = await json<{ results: Array<{ conversationId: string; messageId: string }> }>('POST', '/inbound', event(tag, '1'));
    const conversationId = pushed.results[0]?.conversationId ?? '';
    const note = await json<{ id: string }>('POST', `/conversations/${conversationId}/notes`, { text: `note of ${tag}` });
    const detail = await json<{ conversation: { contactId: string } }>('GET', `/conversations/${conversationId}`);
    const queue = await json<{ id: string }>('POST', '/queues', { slug: `queue-${tag}`, name: `Queue ${tag}` });
    const extraToken = await json<{ id: string }>('POST', '/tokens', { name: `token of ${tag}` });
    const member = await json<{ id: string }>('POST', '/users', { email: `member@${tag}.example`, name: `Member ${tag}`, password: 'member password', role: 'agent' });
    const listening = await json<{ id: string }>('POST', '/listening/queries', { accountId: seeded.accountId, kind: 'search', query: `refund ${tag}` });
    // A model training (from a history too short to train on: it fails at once, which is all the test needs).
    const training = await json<{ id: string }>('POST', '/models/train', { source: 'history', folds: 2 });
    // The first poll and the training run at once in the background: let them finish so that they do not change what the tests count.
    for (let depth = await t.runtime.ctx.queue.depth(); depth.active + depth.waiting > 0; depth = await t.runtime.ctx.queue.depth()) await new Promise((resolve) => setTimeout(resolve, 20));
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: seeded.adminEmail, password: seeded.password } });
    const cookie = login.cookies.find((c) => c.name === 'rapport_session')?.value ?? '';
    return {
      ...seeded, tag, noteId: note.id, tokenCredentials: token,
      sessionCredentials: { cookie: `rapport_session=${cookie}`, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken },
      ids: { conversations: conversationId, messages: pushed.results[0]?.messageId ?? '', contacts: detail.conversation.contactId, users: member.id, tokens: extraToken.id, accounts: seeded.accountId, queues: queue.id, queries: listening.id, training: training.id },
    };
  }

  /** Fills a route pattern with a workspace reference and the other tenant's object ids. */
  function fill(pattern: string, workspaceRef: string, objects: Tenant): string {
    return pattern.replaceAll(/:(\w+)/g, (_whole, name: string, offset: number) => {
      if (name === 'workspace') return workspaceRef;
      const resource = pattern.slice(0, offset - 1).split('/').at(-1) ?? '';
      const id = objects.ids[resource as keyof Tenant['ids']];
      if (id === undefined) throw new Error(`isolation test: add an object of B for :${name} after /${resource}/ in ${pattern}`);
      return id;
    });
  }

  /** Everything that identifies B, none of which A may ever read. */
  const markersOf = (tenant: Tenant) => [tenant.tag, tenant.slug, tenant.workspaceId, tenant.adminId, tenant.noteId, ...Object.values(tenant.ids)];
  function leaked(body: string): string[] {
    let text = body;
    try {
      // A problem's `instance` echoes the URL the caller sent, which holds B's ids by construction.
      const { instance: _instance, ...rest } = JSON.parse(body) as Record<string, unknown>;
      text = JSON.stringify(rest);
    } catch {
      // not JSON: check it as it is
    }
    return markersOf(b).filter((marker) => text.includes(marker));
  }

  async function countRows(): Promise<Record<string, number>> {
    const tables = ['workspaces', 'users', 'memberships', 'api_tokens', 'queues', 'queue_members', 'channel_accounts', 'contacts', 'contact_identities', 'conversations', 'conversation_tags', 'messages', 'notes', 'receipts', 'jobs', 'audit_entries', 'contact_notes', 'contact_tags', 'conversation_reads'] as const;
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const row = await t.runtime.ctx.db.kysely.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }

  async function snapshotOfB(): Promise<string[]> {
    const paths = [`/conversations/${b.ids.conversations}`, '/users', '/tokens', '/queues', '/accounts', '/contacts', '/audit?limit=200'];
    return Promise.all(paths.map(async (path) => (await call('GET', `/api/v1/workspaces/${b.slug}${path}`, b.tokenCredentials)).body));
  }

  const workspaceRoutes = () => routeTable.filter((route) => route.url.includes(':workspace'));

  beforeAll(async () => {
    t = await startTestApp(engine);
    a = await populate('alpha');
    b = await populate('bravo');
  });
  afterAll(async () => t.close());

  it('covers the workspace routes of every feature', () => {
    const urls = new Set(workspaceRoutes().map((route) => route.url));
    for (const resource of ['conversations/:id', 'inbound', 'users/:id', 'tokens/:id', 'accounts/:id', 'queues/:id/members', 'contacts/:id', 'audit']) {
      expect(urls).toContain(`${w}/${resource}`);
    }
  });

  it('answers 404 on B\'s workspace and B\'s objects to A\'s token and session, on every workspace route, changing nothing', async () => {
    const before = { rows: await countRows(), b: await snapshotOfB() };
    const failures: string[] = [];
    for (const route of workspaceRoutes()) {
      for (const method of methodsOf(route)) {
        const payload = sampleBodyOf(route, method);
        const urls = [fill(route.url, b.slug, b), fill(route.url, b.workspaceId, b)];
        if (route.url.replace(':workspace', '').includes(':')) urls.push(fill(route.url, a.slug, b));
        for (const [who, credentials] of [['token', a.tokenCredentials], ['session', a.sessionCredentials]] as const) {
          for (const url of urls) {
            const response = await call(method, url, credentials, payload);
            const leaks = leaked(response.body);
            if (response.statusCode !== 404 || leaks.length > 0 || !String(response.headers['content-type']).startsWith('application/problem+json')) {
              failures.push(`${who} ${method} ${url} → ${response.statusCode}${leaks.length > 0 ? ` leaking ${leaks.join(', ')}` : ''} ${response.body.slice(0, 200)}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await countRows()).toEqual(before.rows);
    expect(await snapshotOfB()).toEqual(before.b);
  });

  it('never shows B\'s data in A\'s lists or in what A\'s token and session read outside a workspace', async () => {
    const lists = routeTable.filter((route) => methodsOf(route).includes('GET') && route.websocket !== true)
      .filter((route) => route.url.startsWith('/api/v1/') && !route.url.replace(':workspace', '').includes(':'));
    const failures: string[] = [];
    const showingOwnData = new Set<string>();
    for (const route of lists) {
      for (const credentials of [a.tokenCredentials, a.sessionCredentials]) {
        const response = await call('GET', fill(route.url, a.slug, a), credentials);
        const leaks = leaked(response.body);
        // A list that needs query parameters answers 422 without data; anything else must be a readable 200.
        if (![200, 422].includes(response.statusCode) || leaks.length > 0) failures.push(`GET ${route.url} → ${response.statusCode} ${leaks.join(', ')}`);
        if (markersOf(a).some((marker) => response.body.includes(marker))) showingOwnData.add(route.url);
      }
    }
    expect(failures).toEqual([]);
    // The lists are not empty by accident: A sees its own objects in them.
    for (const resource of ['conversations', 'contacts', 'users', 'tokens', 'accounts', 'queues', 'audit']) expect(showingOwnData).toContain(`${w}/${resource}`);
    expect(showingOwnData).toContain('/api/v1/workspaces');
  });

  it('finds nothing of B through A\'s filters and search', async () => {
    const at = (path: string) => `/api/v1/workspaces/${a.slug}${path}`;
    const queries = [
      `/conversations?contactId=${b.ids.contacts}`, `/conversations?accountId=${b.ids.accounts}`, `/conversations?queueId=${b.ids.queues}`,
      `/conversations?assigneeId=${b.ids.users}`, '/conversations?q=bravo', '/contacts?q=bravo', `/contacts?q=${b.ids.contacts}`,
    ];
    for (const query of queries) {
      const response = await call('GET', at(query), a.tokenCredentials);
      expect({ query, status: response.statusCode, items: response.json<{ items: unknown[] }>().items }).toEqual({ query, status: 200, items: [] });
    }
  });

  it('refuses B\'s objects named in the body of A\'s writes', async () => {
    const at = (path: string) => `/api/v1/workspaces/${a.slug}${path}`;
    const before = { rows: await countRows(), b: await snapshotOfB() };
    const refused: Array<[Method, string, unknown, string]> = [
      ['PATCH', `/conversations/${a.ids.conversations}`, { assigneeId: b.ids.users }, 'body.assigneeId'],
      ['PATCH', `/conversations/${a.ids.conversations}`, { queueId: b.ids.queues }, 'body.queueId'],
      ['PUT', `/queues/${a.ids.queues}/members`, { userIds: [b.ids.users] }, 'body.userIds.0'],
      ['POST', '/queues', { slug: 'mixed', name: 'Mixed', memberIds: [a.adminId, b.adminId] }, 'body.memberIds.1'],
    ];
    for (const [method, path, payload, field] of refused) {
      const response = await call(method, at(path), a.tokenCredentials, payload);
      expect(response.statusCode).toBe(422);
      expect(response.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path)).toEqual([field]);
    }
    const viaB = await call('POST', at('/inbound'), a.tokenCredentials, { ...event('alpha', '2'), channel: 'x', account: b.ids.accounts });
    expect(viaB.statusCode).toBe(422);
    expect(viaB.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path)).toEqual(['body.account']);
    // Merging B's profile into A's is a 404, as if it did not exist, just like naming it in the path.
    const merge = await call('POST', at(`/contacts/${a.ids.contacts}/merge`), a.tokenCredentials, { otherContactId: b.ids.contacts });
    expect(merge.statusCode).toBe(404);
    expect(merge.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path)).toEqual(['body.otherContactId']);
    expect(leaked(merge.body)).toEqual([]);
    expect(await countRows()).toEqual(before.rows);
    expect(await snapshotOfB()).toEqual(before.b);
  });
});
