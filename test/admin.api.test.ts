import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../server/features/auth/actor.js';
import { createUser } from '../server/features/auth/user.service.js';
import type { DomainEvent } from '../server/infra/pubsub/pubsub.port.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Session { cookie: string; csrfToken: string }
type Caller = { token: string } | { session: Session; csrf?: string | false };

const password = 'a long enough password';
const mention = (id: string, author: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: id, visibility: 'public', author,
  text: 'Where is my refund?', sentAt: '2026-11-20T10:00:00Z', ...overrides,
});

describe.each(testEngines)('admin API on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const events: DomainEvent[] = [];
  const sessions = new Map<string, Session>();
  const userIds = new Map<string, string>();
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    t.runtime.ctx.bus.subscribe((event) => events.push(event));
  });
  afterAll(async () => t.close());

  function call(method: Method, url: string, caller: Caller, payload?: unknown) {
    const headers: Record<string, string> = 'token' in caller ? bearer(caller.token) : { cookie: caller.session.cookie };
    if ('session' in caller && caller.csrf !== false) headers['x-csrf-token'] = caller.csrf ?? caller.session.csrfToken;
    const path = url.startsWith('/api/') ? url : `/api/v1/workspaces/${ws.slug}${url}`;
    return t.app.inject({ method, url: path, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  }
  const admin = (): Caller => ({ token: ws.token });
  const as = (role: string): Caller => ({ session: sessions.get(role) as Session });

  async function login(email: string, secret = password) {
    return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: secret } });
  }

  async function ingest(id: string, author: Record<string, unknown>, overrides: Record<string, unknown> = {}): Promise<string> {
    const response = await call('POST', '/inbound', admin(), mention(id, author, overrides));
    expect(response.statusCode).toBe(202);
    return response.json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId ?? '';
  }

  it('adds members who sign in with an httpOnly, SameSite session cookie and a CSRF token', async () => {
    for (const role of ['supervisor', 'agent', 'analyst'] as const) {
      const email = `${role}@${ws.slug}.example`;
      const created = await call('POST', '/users', admin(), { email, name: `Sam ${role}`, password, role });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ email, role });
      expect(created.body).not.toMatch(/password|argon2/i);
      userIds.set(role, created.json<{ id: string }>().id);

      const response = await login(email);
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'rapport_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      const body = response.json<{ csrfToken: string; workspaces: Array<{ slug: string; role: string }> }>();
      expect(body.workspaces).toEqual([expect.objectContaining({ slug: ws.slug, role })]);
      sessions.set(role, { cookie: `rapport_session=${cookie?.value ?? ''}`, csrfToken: body.csrfToken });
    }
    expect((await login('agent@' + ws.slug + '.example', 'wrong password!')).statusCode).toBe(401);
    const me = await call('GET', '/api/v1/me', as('agent'));
    expect(me.json()).toMatchObject({ user: { email: `agent@${ws.slug}.example` } });
  });

  it('requires the session\'s CSRF token on state changes made with the cookie', async () => {
    const id = await ingest('csrf-1', { platformUserId: 'u-1', handle: 'jane', displayName: 'Jane Doe' });
    const agent = sessions.get('agent') as Session;
    const without = await call('PATCH', `/conversations/${id}`, { session: agent, csrf: false }, { priority: 'high' });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ code: 'CSRF_FAILED', status: 403 });
    expect((await call('PATCH', `/conversations/${id}`, { session: agent, csrf: 'forged' }, { priority: 'high' })).statusCode).toBe(403);
    expect((await call('GET', `/conversations/${id}`, { session: agent, csrf: false })).statusCode).toBe(200);
    const withToken = await call('PATCH', `/conversations/${id}`, as('agent'), { priority: 'high' });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json()).toMatchObject({ priority: 'high' });
  });

  it('enforces roles on every kind of change', async () => {
    const id = await ingest('roles-1', { platformUserId: 'u-2', handle: 'omar' });
    const forbidden: Array<[string, Method, string, unknown]> = [
      ['analyst', 'PATCH', `/conversations/${id}`, { status: 'resolved' }],
      ['analyst', 'POST', `/conversations/${id}/notes`, { text: 'hello' }],
      ['analyst', 'POST', '/accounts', { channel: 'x', handle: 'other' }],
      ['agent', 'POST', '/tokens', { name: 'mine' }],
      ['agent', 'GET', '/tokens', undefined],
      ['agent', 'POST', '/users', { email: 'x@example.com', name: 'X', role: 'admin' }],
      ['agent', 'PATCH', `/users/${ws.adminId}`, { role: 'agent' }],
      ['agent', 'POST', '/queues', { slug: 'vip', name: 'VIP' }],
      ['agent', 'GET', '/audit', undefined],
      ['supervisor', 'POST', '/users', { email: 'y@example.com', name: 'Y' }],
      ['supervisor', 'POST', '/tokens', { name: 'mine' }],
    ];
    for (const [role, method, url, payload] of forbidden) {
      const response = await call(method, url, as(role), payload);
      expect({ role, method, url, status: response.statusCode }).toEqual({ role, method, url, status: 403 });
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await call('PATCH', `/conversations/${id}`, as('agent'), { status: 'pending' })).statusCode).toBe(200);
    expect((await call('GET', '/users', as('analyst'))).statusCode).toBe(200);
    expect((await call('GET', '/audit', as('supervisor'))).statusCode).toBe(200);
  });

  it('creates tokens whose secret is shown once and whose scopes limit them', async () => {
    const created = await call('POST', '/tokens', admin(), { name: 'reader', role: 'agent', scopes: ['conversations:read'] });
    expect(created.statusCode).toBe(201);
    const reader = created.json<{ id: string; token: string; scopes: string[] }>();
    secrets.push(reader.token);
    expect(reader.token).toMatch(/^rpt_/);
    expect(reader.scopes).toEqual(['conversations:read']);

    expect((await call('GET', '/conversations', { token: reader.token })).statusCode).toBe(200);
    const pushed = await call('POST', '/inbound', { token: reader.token }, mention('scoped-1', { platformUserId: 'u-3' }));
    expect(pushed.statusCode).toBe(403);
    expect((await call('GET', '/contacts', { token: reader.token })).statusCode).toBe(403);

    const listed = await call('GET', '/tokens', admin());
    expect(listed.json<{ items: Array<{ id: string }> }>().items.map((item) => item.id)).toContain(reader.id);
    expect(listed.body).not.toContain(reader.token);
    expect(listed.body).not.toContain(reader.token.slice(12));
  });

  it('never lets a scoped token mint a token with more scopes or a stronger role', async () => {
    const manager = (await call('POST', '/tokens', admin(), { name: 'manager', role: 'admin', scopes: ['tokens:manage'] })).json<{ token: string }>().token;
    const inherited = await call('POST', '/tokens', { token: manager }, { name: 'child', role: 'admin' });
    expect(inherited.statusCode).toBe(201);
    expect(inherited.json()).toMatchObject({ scopes: ['tokens:manage'] });
    const wider = await call('POST', '/tokens', { token: manager }, { name: 'wider', role: 'admin', scopes: ['inbound:write'] });
    expect(wider.statusCode).toBe(403);
    expect(wider.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe('body.scopes');

    const agentToken = (await call('POST', '/tokens', admin(), { name: 'agent', role: 'agent' })).json<{ token: string }>().token;
    expect((await call('POST', '/tokens', { token: agentToken }, { name: 'x' })).statusCode).toBe(403);
  });

  it('revokes a token, which stops working at once; revoking again is a success', async () => {
    const created = (await call('POST', '/tokens', admin(), { name: 'short-lived', role: 'agent' })).json<{ id: string; token: string }>();
    expect((await call('GET', '/conversations', { token: created.token })).statusCode).toBe(200);
    const revoked = await call('DELETE', `/tokens/${created.id}`, admin());
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
    expect((await call('GET', '/conversations', { token: created.token })).statusCode).toBe(401);
    expect((await call('DELETE', `/tokens/${created.id}`, admin())).statusCode).toBe(200);
    expect((await call('DELETE', '/tokens/01unknowntoken', admin())).statusCode).toBe(404);
  });

  it('lists the caller\'s workspaces and lets an admin create one, of which they become admin', async () => {
    const adminSession = await login(ws.adminEmail, ws.password);
    const cookie = adminSession.cookies.find((c) => c.name === 'rapport_session')?.value ?? '';
    const session: Session = { cookie: `rapport_session=${cookie}`, csrfToken: adminSession.json<{ csrfToken: string }>().csrfToken };
    const slug = `${ws.slug}-eu`;
    const created = await call('POST', '/api/v1/workspaces', { session }, { slug, name: 'Acme EU', timeZone: 'Europe/Paris' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug, name: 'Acme EU', timeZone: 'Europe/Paris', role: 'admin' });

    const mine = (await call('GET', '/api/v1/workspaces', { session })).json<{ items: Array<{ slug: string; role: string }> }>();
    expect(mine.items.map((w) => w.slug).sort()).toEqual([ws.slug, slug].sort());
    expect((await call('GET', `/api/v1/workspaces/${slug}`, { session })).json()).toMatchObject({ slug, role: 'admin' });
    expect((await call('GET', `/api/v1/workspaces/${ws.workspaceId}`, admin())).json()).toMatchObject({ slug: ws.slug, role: 'admin' });
    expect((await call('GET', `/api/v1/workspaces/${slug}`, admin())).statusCode).toBe(404);

    const duplicate = await call('POST', '/api/v1/workspaces', { session }, { slug, name: 'Again' });
    expect(duplicate.statusCode).toBe(409);
    const shadowing = await call('POST', '/api/v1/workspaces', { session }, { slug: ws.workspaceId, name: 'Shadow' });
    expect(shadowing.statusCode).toBe(422);
    expect(shadowing.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe('body.slug');
    expect((await call('POST', '/api/v1/workspaces', as('agent'), { slug: `${slug}-2`, name: 'No' })).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/workspaces', admin(), { slug: `${slug}-3`, name: 'No' })).statusCode).toBe(403);
    const viaToken = (await call('GET', '/api/v1/workspaces', admin())).json<{ items: Array<{ slug: string }> }>();
    expect(viaToken.items.map((w) => w.slug)).toEqual([ws.slug]);
  });

  it('changes a member\'s role, keeps the last admin and refuses a second membership', async () => {
    const agentId = userIds.get('agent') ?? '';
    expect((await call('GET', `/users/${agentId}`, as('analyst'))).json()).toMatchObject({ id: agentId, role: 'agent' });
    const promoted = await call('PATCH', `/users/${agentId}`, admin(), { role: 'supervisor' });
    expect(promoted.json()).toMatchObject({ role: 'supervisor' });
    expect((await call('GET', '/audit', as('supervisor'))).statusCode).toBe(200);
    expect((await call('PATCH', `/users/${agentId}`, admin(), { role: 'agent' })).statusCode).toBe(200);

    const lastAdmin = await call('PATCH', `/users/${ws.adminId}`, admin(), { role: 'agent' });
    expect(lastAdmin.statusCode).toBe(409);
    expect(lastAdmin.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe('body.role');
    const again = await call('POST', '/users', admin(), { email: `agent@${ws.slug}.example`, name: 'Again', role: 'admin' });
    expect(again.statusCode).toBe(409);
    expect((await call('GET', `/users/${agentId}`, admin())).json()).toMatchObject({ role: 'agent' });
    expect((await call('GET', '/users/01nobody', admin())).statusCode).toBe(404);
  });

  it('adds a user of another workspace only for an admin of both, never touching their name or password', async () => {
    const other = await seedWorkspace(t.runtime);
    const payload = { email: other.adminEmail, name: 'Renamed', password: 'attacker chosen password', role: 'agent' };
    const stranger = await call('POST', '/users', admin(), payload);
    expect(stranger.statusCode).toBe(409);
    expect(stranger.body).not.toContain(other.adminId);
    expect(stranger.body).not.toContain('Ada Admin');

    // An operator (the rapport command) makes this workspace's admin an admin of the other one too.
    await createUser(t.runtime.ctx, systemActor(other.workspaceId), { email: ws.adminEmail, name: 'Ignored', role: 'admin' });
    const added = await call('POST', '/users', admin(), payload);
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ id: other.adminId, name: 'Ada Admin', role: 'agent' });
    expect((await login(other.adminEmail, other.password)).statusCode).toBe(200);
    expect((await login(other.adminEmail, 'attacker chosen password')).statusCode).toBe(401);
    expect((await login(ws.adminEmail, ws.password)).statusCode).toBe(200);
  });

  it('stores channel credentials encrypted and never returns them', async () => {
    const secret = 'SECRET-PAGE-TOKEN-123';
    const created = await call('POST', '/accounts', admin(), { channel: 'facebook', handle: '@acmepage', name: 'Acme page', credentials: { pageToken: secret } });
    expect(created.statusCode).toBe(201);
    const account = created.json<{ id: string }>();
    expect(created.json()).toMatchObject({ channel: 'facebook', handle: 'acmepage', hasCredentials: true });
    const reads = [await call('GET', '/accounts', as('analyst')), await call('GET', `/accounts/${account.id}`, as('analyst')), await call('GET', '/audit?limit=200', admin())];
    for (const response of reads) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(secret);
    }
    const stored = await t.runtime.ctx.db.kysely.selectFrom('channel_accounts').select('credentials').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(stored.credentials).not.toContain(secret);
    const duplicate = await call('POST', '/accounts', admin(), { channel: 'facebook', handle: 'acmepage' });
    expect(duplicate.statusCode).toBe(409);
    expect((await call('GET', '/accounts/01noaccount', admin())).statusCode).toBe(404);

    const renewed = 'RENEWED-PAGE-TOKEN-456';
    expect((await call('PATCH', `/accounts/${account.id}`, as('agent'), { credentials: { pageToken: renewed } })).statusCode).toBe(403);
    const patched = await call('PATCH', `/accounts/${account.id}`, admin(), { name: 'Acme Air page', credentials: { pageToken: renewed } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Acme Air page', hasCredentials: true, health: { status: 'unknown' } });
    expect(patched.body).not.toContain(renewed);
    const sealed = await t.runtime.ctx.db.kysely.selectFrom('channel_accounts').select('credentials').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(JSON.parse(t.runtime.ctx.secrets.open(sealed.credentials ?? ''))).toEqual({ pageToken: renewed });
    expect((await call('GET', '/audit?limit=200', admin())).body).not.toContain(renewed);
  });

  it('creates queues, replaces their members and routes conversations to them', async () => {
    const agentId = userIds.get('agent') ?? '';
    const created = await call('POST', '/queues', as('supervisor'), { slug: 'billing', name: 'Billing', memberIds: [agentId] });
    expect(created.statusCode).toBe(201);
    const queue = created.json<{ id: string; memberIds: string[] }>();
    expect(queue.memberIds).toEqual([agentId]);
    expect((await call('POST', '/queues', admin(), { slug: 'billing', name: 'Again' })).statusCode).toBe(409);

    const members = [userIds.get('analyst') ?? '', agentId].sort();
    const replaced = await call('PUT', `/queues/${queue.id}/members`, admin(), { userIds: members });
    expect(replaced.json()).toMatchObject({ memberIds: members });
    expect((await call('GET', '/queues/billing', as('agent'))).json()).toMatchObject({ id: queue.id, memberIds: members });
    expect((await call('GET', '/queues', as('analyst'))).json<{ items: Array<{ slug: string }> }>().items.map((q) => q.slug)).toEqual(['billing']);

    const id = await ingest('queue-1', { platformUserId: 'u-4', handle: 'lee' });
    expect((await call('PATCH', `/conversations/${id}`, as('agent'), { queueId: 'billing' })).json()).toMatchObject({ queueId: queue.id });
  });

  it('searches contacts by name or handle, pages through them and shows one with identities and conversations', async () => {
    const janeConversation = await ingest('contact-1', { platformUserId: 'u-jane-2', handle: 'JaneSmith', displayName: 'Jane Smith', followers: 10 });
    await ingest('contact-2', { platformUserId: 'u-jo', handle: 'jo_bloggs', displayName: 'Jo Bloggs' });
    await ingest('contact-3', { platformUserId: 'u-pct', handle: 'percent', displayName: '100% Real' });

    const byName = (await call('GET', '/contacts?q=jane%20SMITH', as('analyst'))).json<{ items: Array<{ id: string; identities: Array<{ handle: string }> }> }>();
    expect(byName.items).toHaveLength(1);
    expect(byName.items[0]?.identities[0]?.handle).toBe('JaneSmith');
    const byHandle = (await call('GET', '/contacts?q=@jo_b', as('agent'))).json<{ items: Array<{ displayName: string }> }>();
    expect(byHandle.items.map((c) => c.displayName)).toEqual(['Jo Bloggs']);
    const wildcard = (await call('GET', '/contacts?q=%25', as('agent'))).json<{ items: Array<{ displayName: string }> }>();
    expect(wildcard.items.map((c) => c.displayName)).toEqual(['100% Real']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await call('GET', `/contacts?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`, admin())).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const all = (await call('GET', '/contacts?limit=200', admin())).json<{ items: Array<{ id: string }> }>();
    expect(seen).toEqual(all.items.map((c) => c.id));
    expect(new Set(seen).size).toBe(seen.length);

    const jane = byName.items[0]?.id ?? '';
    const detail = await call('GET', `/contacts/${jane}`, as('analyst'));
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      contact: { id: jane, displayName: 'Jane Smith', identities: [{ channel: 'x', platformUserId: 'u-jane-2', handle: 'JaneSmith', followers: 10, verified: false }] },
      conversations: [{ id: janeConversation, contactId: jane }],
    });
    expect((await call('GET', '/contacts/01nocontact', admin())).statusCode).toBe(404);
  });

  it('lists the audit trail newest first, page by page', async () => {
    const first = (await call('GET', '/audit?limit=3', as('supervisor'))).json<{ items: Array<{ seq: number; action: string }>; nextBefore: number | null }>();
    expect(first.items).toHaveLength(3);
    expect(first.items.map((e) => e.seq)).toEqual([...first.items.map((e) => e.seq)].sort((a, b) => b - a));
    expect(first.nextBefore).toBe(first.items[2]?.seq);
    const second = (await call('GET', `/audit?limit=3&before=${first.nextBefore ?? 0}`, as('supervisor'))).json<{ items: Array<{ seq: number }> }>();
    expect(second.items[0]?.seq).toBeLessThan(first.nextBefore ?? 0);

    const everything = (await call('GET', '/audit?limit=200', admin())).json<{ items: Array<{ action: string; actorType: string; before: unknown; after: unknown }> }>();
    const actions = new Set(everything.items.map((e) => e.action));
    for (const action of ['user.added', 'user.role_changed', 'token.created', 'token.revoked', 'account.created', 'queue.created', 'queue.members_changed', 'conversation.priority_changed']) {
      expect(actions, action).toContain(action);
    }
    expect(everything.items.filter((e) => e.action === 'user.role_changed').at(-1)).toMatchObject({ actorType: 'token', before: { role: 'agent' }, after: { role: 'supervisor' } });
  });

  it('publishes a domain event for every change, scoped to the workspace', async () => {
    const types = new Set(events.filter((e) => e.workspaceId === ws.workspaceId).map((e) => e.type));
    for (const type of ['user.added', 'user.updated', 'token.created', 'token.revoked', 'account.created', 'queue.created', 'queue.updated']) {
      expect(types, type).toContain(type);
    }
    expect(events.some((e) => e.type === 'workspace.created')).toBe(true);
    const published = JSON.stringify(events);
    for (const secret of [...secrets, 'SECRET-PAGE-TOKEN']) expect(published).not.toContain(secret);
  });
});
