import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
const bodyLimit = 4096;
const tables = ['users', 'memberships', 'api_tokens', 'queues', 'queue_members', 'channel_accounts', 'contacts', 'contact_identities', 'conversations', 'conversation_tags', 'messages', 'notes', 'receipts', 'jobs', 'audit_entries'] as const;

const mention = (id: string, overrides: Record<string, unknown> = {}) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: id, visibility: 'public',
  author: { platformUserId: 'u-1', handle: 'jane', displayName: 'Jane Doe' }, text: 'Hello there', sentAt: '2026-11-20T10:00:00Z', ...overrides,
});

interface ProblemBody { type: string; title: string; status: number; detail: string; errors?: Array<{ path: string; message: string }> }

/** Asserts an RFC 9457 problem with this status that names the field at fault. */
function expectProblem(response: LightMyRequestResponse, status: number, ...paths: string[]): ProblemBody {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<ProblemBody>();
  expect(problem).toMatchObject({ type: expect.stringMatching(/^urn:rapport:problem:/) as unknown, title: expect.any(String) as unknown, status, detail: expect.any(String) as unknown });
  expect(problem.detail.length).toBeGreaterThan(0);
  for (const path of paths) expect(problem.errors?.map((error) => error.path), `errors[].path of ${response.body}`).toContain(path);
  return problem;
}

describe.each(testEngines)('bad input on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let conversationId: string;

  beforeAll(async () => {
    t = await startTestApp(engine, { RAPPORT_BODY_LIMIT: String(bodyLimit) });
    ws = await seedWorkspace(t.runtime);
    const pushed = await send('POST', '/inbound', mention('seed-1'));
    conversationId = pushed.json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId ?? '';
  });
  afterAll(async () => t.close());

  function send(method: Method, path: string, payload?: unknown, contentType = 'application/json') {
    const body = payload === undefined ? undefined : typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    return t.app.inject({
      method, url: path.startsWith('/api/') ? path : `/api/v1/workspaces/${ws.slug}${path}`,
      headers: { ...bearer(ws.token), ...(body === undefined ? {} : { 'content-type': contentType }) }, ...(body === undefined ? {} : { payload: body }),
    });
  }

  async function countRows(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const row = await t.runtime.ctx.db.kysely.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }

  /** Runs the requests and checks that not a single row was written by them. */
  async function writesNothing(requests: () => Promise<void>): Promise<void> {
    const before = await countRows();
    await requests();
    expect(await countRows()).toEqual(before);
  }

  it('rejects malformed JSON with 400 naming the body', async () => {
    await writesNothing(async () => {
      const problem = expectProblem(await send('POST', '/inbound', '{"kind": "message", "text": '), 400, 'body');
      expect(problem.detail).toMatch(/not valid JSON/);
      expectProblem(await send('PATCH', `/conversations/${conversationId}`, "{'status': 'open'}"), 400, 'body');
    });
  });

  it('rejects wrong types, naming each field', async () => {
    await writesNothing(async () => {
      expectProblem(await send('PATCH', `/conversations/${conversationId}`, { priority: 5, status: true }), 422, 'body.priority', 'body.status');
      expectProblem(await send('POST', '/tokens', { name: 42 }), 422, 'body.name');
      expectProblem(await send('POST', '/users', { email: 'not-an-email', name: 'X' }), 422, 'body.email');
      expectProblem(await send('POST', '/inbound', mention('typed-1', { sentAt: 'yesterday' })), 422, 'body.sentAt');
      expectProblem(await send('GET', '/conversations?limit=abc'), 422, 'querystring.limit');
      expectProblem(await send('GET', '/audit?before=-1'), 422, 'querystring.before');
    });
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    await writesNothing(async () => {
      const problem = expectProblem(await send('PATCH', `/conversations/${conversationId}`, { status: 'pending', colour: 'red' }), 422, 'body.colour');
      expect(problem.errors).toContainEqual({ path: 'body.colour', message: 'unknown field' });
      expectProblem(await send('POST', '/queues', { slug: 'vip', name: 'VIP', owner: 'me' }), 422, 'body.owner');
      expectProblem(await send('POST', '/inbound', mention('extra-1', { mood: 'angry' })), 422, 'body.mood');
      expectProblem(await send('POST', '/inbound', { events: [mention('extra-2')], source: 'crm' }), 422, 'body.source');
      expectProblem(await send('GET', '/contacts?sort=name'), 422, 'querystring.sort');
    });
  });

  it('rejects an oversized body with 413 before storing anything', async () => {
    await writesNothing(async () => {
      expectProblem(await send('POST', '/inbound', mention('big-1', { text: 'x'.repeat(bodyLimit) })), 413, 'body');
      expectProblem(await send('POST', '/inbound', 'x'.repeat(bodyLimit * 2), 'application/x-ndjson'), 413, 'body');
    });
  });

  it('rejects bytes that are not UTF-8', async () => {
    const invalid = Buffer.concat([Buffer.from(JSON.stringify(mention('utf-1')).slice(0, -1) + ',"subject":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    await writesNothing(async () => {
      expectProblem(await send('POST', '/inbound', invalid), 400, 'body');
      expectProblem(await send('POST', '/inbound', invalid, 'application/x-ndjson'), 400, 'body');
    });
  });

  it('answers 404 for an unknown workspace, object or route', async () => {
    await writesNothing(async () => {
      expectProblem(await send('GET', '/api/v1/workspaces/no-such-brand/conversations'), 404);
      expectProblem(await send('POST', '/api/v1/workspaces/no-such-brand/inbound', mention('nowhere-1')), 404);
      expectProblem(await send('GET', '/conversations/01jzzzzzzzzzzzzzzzzzzzzzzz'), 404);
      expectProblem(await send('POST', '/conversations/01jzzzzzzzzzzzzzzzzzzzzzzz/notes', { text: 'hello' }), 404);
      expectProblem(await send('PATCH', '/users/01jzzzzzzzzzzzzzzzzzzzzzzz', { role: 'agent' }), 404);
      expectProblem(await send('PUT', '/queues/no-such-queue/members', { userIds: [] }), 404);
      expectProblem(await send('GET', '/contacts/01jzzzzzzzzzzzzzzzzzzzzzzz'), 404);
      expectProblem(await send('GET', '/no-such-thing'), 404);
    });
  });

  it('rejects a whole batch when one event is bad, naming body.events.N.field, and stores none of it', async () => {
    const batch = { events: [mention('batch-1'), mention('batch-2', { text: 42 }), mention('batch-3', { author: { handle: 'no-id' } })] };
    await writesNothing(async () => {
      const problem = expectProblem(await send('POST', '/inbound', batch), 422, 'body.events.1.text', 'body.events.2.author.platformUserId');
      expect(problem.errors?.some((error) => error.path.startsWith('body.events.0'))).toBe(false);
    });
    const listed = (await send('GET', '/conversations?q=batch')).json<{ items: unknown[] }>();
    expect(listed.items).toEqual([]);
  });

  it('rejects an NDJSON batch with a bad line, naming the line', async () => {
    const good = JSON.stringify(mention('nd-1'));
    await writesNothing(async () => {
      const unreadable = expectProblem(await send('POST', '/inbound', `${good}\n{"kind": "message",\n`, 'application/x-ndjson'), 400, 'line 2');
      expect(unreadable.detail).toMatch(/line 2/);
      const { platformMessageId: _id, ...missingId } = mention('nd-2');
      expectProblem(await send('POST', '/inbound', `${good}\n\n${JSON.stringify(missingId)}\n`, 'application/x-ndjson'), 422, 'line 3.platformMessageId');
    });
  });

  it('rejects JSON nested deeper than the limit', async () => {
    const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    await writesNothing(async () => {
      expectProblem(await send('POST', '/inbound', deep), 400, 'body');
      expectProblem(await send('PATCH', `/conversations/${conversationId}`, `{"tags":${'['.repeat(60)}${']'.repeat(60)}}`), 400, 'body');
    });
  });

  it('rejects other content types with 415', async () => {
    await writesNothing(async () => {
      expectProblem(await send('POST', '/inbound', JSON.stringify(mention('plain-1')), 'text/plain'), 415, 'headers.content-type');
    });
  });

  it('treats a duplicate event as a success that changes nothing', async () => {
    const first = await send('POST', '/inbound', mention('dup-1'));
    expect(first.statusCode).toBe(202);
    const before = await countRows();
    const again = await send('POST', '/inbound', { events: [mention('dup-1', { text: 'changed text' }), mention('dup-1')] });
    expect(again.statusCode).toBe(202);
    expect(again.json<{ results: Array<{ status: string }> }>().results.map((result) => result.status)).toEqual(['duplicate', 'duplicate']);
    // Only the receipt of the request itself is written: it is the durable record that the request arrived.
    expect({ ...(await countRows()), receipts: before.receipts }).toEqual(before);
    const detail = (await send('GET', `/conversations/${first.json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId ?? ''}`)).json<{ messages: Array<{ text: string }> }>();
    expect(detail.messages.map((message) => message.text)).toEqual(['Hello there']);
  });

  it('keeps admin writes whole: one unknown member rejects the change', async () => {
    const queue = (await send('POST', '/queues', { slug: 'billing', name: 'Billing', memberIds: [ws.adminId] })).json<{ id: string }>();
    await writesNothing(async () => {
      expectProblem(await send('PUT', `/queues/${queue.id}/members`, { userIds: [ws.adminId, '01jzzzzzzzzzzzzzzzzzzzzzzz'] }), 422, 'body.userIds.1');
      expectProblem(await send('POST', '/queues', { slug: 'refunds', name: 'Refunds', memberIds: ['nobody'] }), 422, 'body.memberIds.0');
      expectProblem(await send('POST', '/queues', { slug: 'billing', name: 'Billing again' }), 409, 'body.slug');
      expectProblem(await send('POST', '/tokens', { name: 'too wide', role: 'analyst', scopes: ['inbound:write'] }), 422, 'body.scopes');
    });
    expect((await send('GET', `/queues/${queue.id}`)).json()).toMatchObject({ memberIds: [ws.adminId] });
  });
});
