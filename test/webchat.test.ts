import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { signUserId, visitorKeyOf } from '../server/features/channels/webchat/webchat.identity.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';
import { chatRefusal, openChat, type ChatClient } from './helpers/webchat.js';

const site = 'https://www.brand.example';
const identitySecret = 'brand-identity-secret-0123456789';
const soon = { timeout: 5_000, interval: 20 };

interface AccountView { id: string; channel: string; hasCredentials: boolean; allowedOrigins?: string[] }
interface MessageView { id: string; text: string; direction: string; deliveryStatus: string; authorContactId: string | null; platformMessageId: string | null }
interface ConversationItem { id: string; contactId: string; accountId: string; channel: string; visibility: string }

describe.each(testEngines)('web chat on %s', (engine) => {
  let t: TestApp;
  let a: SeededWorkspace;
  let b: SeededWorkspace;
  let base: string;
  let chatA: AccountView;
  let chatB: AccountView;
  const open: WebSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    a = await seedWorkspace(t.runtime);
    b = await seedWorkspace(t.runtime);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    chatA = await createChatAccount(a, { allowedOrigins: [site, 'https://*.shop.brand.example'], credentials: { identitySecret } });
    chatB = await createChatAccount(b, { allowedOrigins: [site] });
  });
  afterAll(async () => {
    for (const socket of open) socket.terminate();
    await t.close();
  });

  async function createChatAccount(workspace: SeededWorkspace, body: Record<string, unknown>): Promise<AccountView> {
    const response = await t.app.inject({
      method: 'POST', url: `/api/v1/workspaces/${workspace.slug}/accounts`, headers: bearer(workspace.token),
      payload: { channel: 'webchat', handle: `site-${workspace.slug}`, name: 'Brand site chat', ...body },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<AccountView>();
  }

  const chat = async (accountId = chatA.id, origin: string | undefined = site): Promise<ChatClient> => {
    const client = await openChat(base, accountId, origin);
    open.push(client.socket);
    return client;
  };
  const hello = async (client: ChatClient, frame: Record<string, unknown> = {}) => {
    client.send({ type: 'hello', ...frame });
    return client.next((f) => f.type === 'welcome' || f.type === 'error');
  };
  const api = async <T>(workspace: SeededWorkspace, url: string): Promise<T> => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${workspace.slug}${url}`, headers: bearer(workspace.token) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const conversations = (workspace: SeededWorkspace, accountId: string) => api<{ items: ConversationItem[] }>(workspace, `/conversations?accountId=${accountId}`).then((page) => page.items);
  const thread = (workspace: SeededWorkspace, id: string) => api<{ messages: MessageView[] }>(workspace, `/conversations/${id}`).then((detail) => detail.messages);
  const db = () => t.runtime.ctx.db.kysely;
  const receiptsOf = async (accountId: string) => db().selectFrom('receipts').select(['id', 'source']).where('account_id', '=', accountId).execute();

  it('connects a web chat account with its allowed origins and a sealed identity secret, and refuses incomplete ones', async () => {
    expect(chatA).toMatchObject({ channel: 'webchat', hasCredentials: true, allowedOrigins: [site, 'https://*.shop.brand.example'] });
    const stored = await db().selectFrom('channel_accounts').select('credentials').where('id', '=', chatA.id).executeTakeFirstOrThrow();
    expect(stored.credentials).not.toContain(identitySecret);
    const listed = await api<{ items: AccountView[] }>(a, '/accounts');
    expect(listed.items.find((item) => item.id === chatA.id)?.allowedOrigins).toEqual([site, 'https://*.shop.brand.example']);
    expect(listed.items.find((item) => item.channel === 'x')).not.toHaveProperty('allowedOrigins');

    const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${a.slug}/accounts`, headers: bearer(a.token), payload });
    const noOrigins = await post({ channel: 'webchat', handle: 'no-origins' });
    expect(noOrigins.statusCode).toBe(422);
    expect(noOrigins.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe('body.allowedOrigins');
    expect((await post({ channel: 'webchat', handle: 'bad-origin', allowedOrigins: ['https://brand.example/chat'] })).statusCode).toBe(422);
    expect((await post({ channel: 'webchat', handle: 'weak', allowedOrigins: [site], credentials: { identitySecret: 'short' } })).statusCode).toBe(422);
    expect((await post({ channel: 'x', handle: 'with-origins', allowedOrigins: [site] })).statusCode).toBe(422);

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/workspaces/${b.slug}/accounts/${chatB.id}`, headers: bearer(b.token), payload: { allowedOrigins: [site, 'http://localhost:8080/'] } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<AccountView>().allowedOrigins).toEqual([site, 'http://localhost:8080']);
  });

  it('serves the widget script to other sites\' pages', async () => {
    const response = await fetch(`${base}/webchat/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const body = await response.text();
    expect(body).toContain('/webchat/socket?account=');
    expect(body).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write/);
  });

  it('turns an anonymous visitor\'s message into a private conversation, with the receipt recorded before the ack', async () => {
    const visitor = await chat();
    const welcome = await hello(visitor);
    expect(welcome).toMatchObject({ type: 'welcome', verified: false, brand: 'Brand site chat', history: [] });
    expect(welcome.visitorId).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const before = (await receiptsOf(chatA.id)).length;
    visitor.send({ type: 'message', clientId: 'anon-msg-0001', text: '  My booking reference does not work  ' });
    await visitor.next((frame) => frame.type === 'ack' && frame.clientId === 'anon-msg-0001');
    // Acknowledged only once durable: the receipt is already there.
    const receipts = await receiptsOf(chatA.id);
    expect(receipts).toHaveLength(before + 1);
    expect(receipts.every((receipt) => receipt.source === 'webchat')).toBe(true);

    const conversation = await vi.waitFor(async () => {
      const found = (await conversations(a, chatA.id))[0];
      expect(found).toBeDefined();
      return found as ConversationItem;
    }, soon);
    expect(conversation).toMatchObject({ channel: 'webchat', visibility: 'private' });
    expect(await thread(a, conversation.id)).toMatchObject([{ direction: 'inbound', text: 'My booking reference does not work' }]);
    const { contact } = await api<{ contact: { identities: Array<{ platformUserId: string; verified: boolean }> } }>(a, `/contacts/${conversation.contactId}`);
    expect(contact.identities).toMatchObject([{ channel: 'webchat', platformUserId: `visitor:${visitorKeyOf(welcome.visitorId ?? '')}`, verified: false }]);
    // The visitor id is the browser's credential for its history: agents and the API see only its hash.
    expect(JSON.stringify(await thread(a, conversation.id))).not.toContain(welcome.visitorId);
    expect(JSON.stringify(contact)).not.toContain(welcome.visitorId);
    // The socket gets its own message back with its id (other tabs of the visitor do too).
    const echo = await visitor.next((frame) => frame.type === 'message');
    expect(echo.message).toMatchObject({ clientId: 'anon-msg-0001', from: 'visitor', text: 'My booking reference does not work' });
  });

  it('stores a message resent after a reconnect once, and shows the history on reconnect', async () => {
    const first = await chat();
    const { visitorId } = await hello(first);
    first.send({ type: 'message', clientId: 'resend-0001', text: 'Is anyone there?' });
    await first.next((frame) => frame.type === 'ack');
    first.socket.terminate();

    const again = await chat();
    const welcome = await hello(again, { visitorId });
    expect(welcome.visitorId).toBe(visitorId);
    // The widget did not see the ack, so it sends the same message again.
    again.send({ type: 'message', clientId: 'resend-0001', text: 'Is anyone there?' });
    await again.next((frame) => frame.type === 'ack' && frame.clientId === 'resend-0001');
    await t.runtime.ingest.drain();

    const rows = await db().selectFrom('messages').select(['id', 'conversation_id']).where('account_id', '=', chatA.id).where('text', '=', 'Is anyone there?').execute();
    expect(rows).toHaveLength(1);
    const third = await chat();
    const history = (await hello(third, { visitorId })).history ?? [];
    expect(history).toMatchObject([{ id: rows[0]?.id, clientId: 'resend-0001', from: 'visitor', text: 'Is anyone there?' }]);
  });

  it('joins a verified user\'s visitors on every device into one verified contact', async () => {
    const user = { id: 'customer-8812', name: 'Jane Doe', email: 'jane@example.com', hash: signUserId(identitySecret, 'customer-8812') };
    const laptop = await chat();
    const onLaptop = await hello(laptop, { user });
    expect(onLaptop).toMatchObject({ type: 'welcome', verified: true });
    laptop.send({ type: 'message', clientId: 'laptop-0001', text: 'Hello from my laptop' });
    await laptop.next((frame) => frame.type === 'ack');
    await t.runtime.ingest.drain();

    const phone = await chat(chatA.id, 'https://m.shop.brand.example');
    const onPhone = await hello(phone, { user: { ...user, hash: user.hash.toUpperCase() } });
    expect(onPhone).toMatchObject({ type: 'welcome', verified: true });
    expect(onPhone.visitorId).not.toBe(onLaptop.visitorId);
    expect(onPhone.history).toMatchObject([{ from: 'visitor', text: 'Hello from my laptop' }]);
    phone.send({ type: 'message', clientId: 'phone-0001', text: 'And from my phone' });
    await phone.next((frame) => frame.type === 'ack');
    // The laptop sees what was written on the phone.
    await laptop.next((frame) => frame.type === 'message' && (frame.message as { clientId?: string }).clientId === 'phone-0001');
    await t.runtime.ingest.drain();

    const identity = await db().selectFrom('contact_identities').selectAll().where('workspace_id', '=', a.workspaceId).where('platform_user_id', '=', 'user:customer-8812').executeTakeFirstOrThrow();
    expect(Number(identity.verified)).toBe(1);
    const { contact } = await api<{ contact: { displayName: string; email: string; identities: unknown[] } }>(a, `/contacts/${identity.contact_id}`);
    expect(contact).toMatchObject({ displayName: 'Jane Doe', email: 'jane@example.com', identities: [{ platformUserId: 'user:customer-8812', verified: true }] });
    const theirs = (await conversations(a, chatA.id)).filter((conversation) => conversation.contactId === identity.contact_id);
    expect(theirs).toHaveLength(1);
    expect((await thread(a, theirs[0]?.id ?? '')).map((message) => message.text)).toEqual(['Hello from my laptop', 'And from my phone']);
  });

  it('refuses a wrong identity hash with a clear error and stores nothing', async () => {
    const before = { receipts: (await receiptsOf(chatA.id)).length, identities: await db().selectFrom('contact_identities').select('id').where('workspace_id', '=', a.workspaceId).execute() };
    const impostor = await chat();
    const refused = await hello(impostor, { user: { id: 'customer-8812', hash: signUserId('not-the-secret-at-all', 'customer-8812') } });
    expect(refused).toMatchObject({ type: 'error', code: 'IDENTITY_REJECTED' });
    expect(String(refused.message)).toMatch(/HMAC-SHA256/);
    expect(await impostor.closed).toMatchObject({ code: 4001 });

    // A hash the account cannot check (no identity secret) is refused too, never treated as anonymous.
    const elsewhere = await chat(chatB.id);
    expect(await hello(elsewhere, { user: { id: 'u1', hash: signUserId(identitySecret, 'u1') } })).toMatchObject({ type: 'error', code: 'IDENTITY_REJECTED' });
    expect(await elsewhere.closed).toMatchObject({ code: 4001 });

    expect(await receiptsOf(chatA.id)).toHaveLength(before.receipts);
    expect(await db().selectFrom('contact_identities').select('id').where('workspace_id', '=', a.workspaceId).execute()).toHaveLength(before.identities.length);
  });

  it('refuses the upgrade from a site that is not allowed, without an Origin, or for an unknown account', async () => {
    const wrong = await chatRefusal(base, chatA.id, 'https://evil.example');
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('FORBIDDEN');
    expect(wrong.body.detail).toMatch(/allowedOrigins/);
    expect((await chatRefusal(base, chatA.id, 'https://shop.brand.example')).status).toBe(403);
    expect((await chatRefusal(base, chatA.id, 'http://www.brand.example')).status).toBe(403);
    expect((await chatRefusal(base, chatA.id, undefined)).status).toBe(403);
    expect((await chatRefusal(base, 'no-such-account', site)).status).toBe(404);
    // An X account is not a web chat account.
    expect((await chatRefusal(base, a.accountId, site)).status).toBe(404);
  });

  it('delivers an agent\'s reply to the visitor\'s socket and records delivered, then read', async () => {
    const visitor = await chat();
    const { visitorId } = await hello(visitor);
    visitor.send({ type: 'message', clientId: 'reply-0001', text: 'Can I change my seat?' });
    const mine = await visitor.next((frame) => frame.type === 'message' && (frame.message as { clientId?: string }).clientId === 'reply-0001');
    const conversationId = (await db().selectFrom('messages').select('conversation_id').where('id', '=', (mine.message as { id: string }).id).executeTakeFirstOrThrow()).conversation_id;

    const replied = await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${a.slug}/conversations/${conversationId}/replies`, headers: bearer(a.token), payload: { text: 'Yes, <b>of course</b>: seat 12A is free.' } });
    expect(replied.statusCode, replied.body).toBe(201);
    const replyId = replied.json<MessageView>().id;
    const pushed = await visitor.next((frame) => frame.type === 'message' && (frame.message as { from: string }).from === 'agent');
    expect(pushed.message).toMatchObject({ id: replyId, from: 'agent', text: 'Yes, <b>of course</b>: seat 12A is free.' });

    // The widget reports it at once, possibly before the send job has recorded it as sent: it lands after `sent`.
    visitor.send({ type: 'delivered', ids: [replyId] });
    const status = async () => (await thread(a, conversationId)).find((message) => message.id === replyId)?.deliveryStatus;
    await vi.waitFor(async () => expect(await status()).toBe('delivered'), soon);
    visitor.send({ type: 'read', ids: [replyId] });
    await vi.waitFor(async () => expect(await status()).toBe('read'), soon);
    const receipt = await db().selectFrom('receipts').select('source').where('account_id', '=', chatA.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(receipt.source).toBe('webchat');

    // Nobody connected: the reply stays sent, and arrives with the history at the next connect.
    visitor.socket.terminate();
    await visitor.closed;
    const later = await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${a.slug}/conversations/${conversationId}/replies`, headers: bearer(a.token), payload: { text: 'Anything else?' } });
    const laterId = later.json<MessageView>().id;
    await vi.waitFor(async () => expect(await (async () => (await thread(a, conversationId)).find((message) => message.id === laterId)?.deliveryStatus)()).toBe('sent'), soon);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await thread(a, conversationId)).find((message) => message.id === laterId)?.deliveryStatus).toBe('sent');
    const back = await chat();
    const history = (await hello(back, { visitorId })).history ?? [];
    expect(history.map((message) => [message.from, message.text, message.status])).toEqual([
      ['visitor', 'Can I change my seat?', 'received'], ['agent', 'Yes, <b>of course</b>: seat 12A is free.', 'read'], ['agent', 'Anything else?', 'sent'],
    ]);
    back.send({ type: 'delivered', ids: [laterId] });
    await vi.waitFor(async () => expect((await thread(a, conversationId)).find((message) => message.id === laterId)?.deliveryStatus).toBe('delivered'), soon);
  });

  it('ignores statuses for messages the socket was never shown, and keeps workspaces apart', async () => {
    const inB = await chat(chatB.id);
    const { visitorId } = await hello(inB);
    inB.send({ type: 'message', clientId: 'other-ws-0001', text: 'Question for brand B' });
    await inB.next((frame) => frame.type === 'message');
    const conversation = (await conversations(b, chatB.id))[0] as ConversationItem;
    const reply = await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${b.slug}/conversations/${conversation.id}/replies`, headers: bearer(b.token), payload: { text: 'Answer from brand B' } });
    const replyId = reply.json<MessageView>().id;
    await inB.next((frame) => frame.type === 'message' && (frame.message as { from: string }).from === 'agent');

    // The same visitor id on brand A's account is a different visitor: it sees nothing of brand B.
    const inA = await chat(chatA.id);
    expect((await hello(inA, { visitorId })).history).toEqual([]);
    inA.send({ type: 'read', ids: [replyId] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await t.runtime.ingest.drain();
    expect((await thread(b, conversation.id)).find((message) => message.id === replyId)?.deliveryStatus).toBe('sent');
    expect(inA.frames.filter((frame) => frame.type === 'message')).toEqual([]);
  });

  it('limits message size and rate, and accepts only text frames', async () => {
    const visitor = await chat();
    await hello(visitor);
    visitor.send({ type: 'message', clientId: 'too-long-01', text: 'x'.repeat(4_001) });
    expect(await visitor.next((frame) => frame.clientId === 'too-long-01')).toMatchObject({ type: 'error', code: 'MESSAGE_TOO_LONG' });
    visitor.send({ type: 'message', clientId: 'empty-0001', text: ' \u0000 ' });
    expect(await visitor.next((frame) => frame.clientId === 'empty-0001')).toMatchObject({ type: 'error', code: 'EMPTY_MESSAGE' });
    visitor.send({ type: 'message', clientId: 'html-00001', text: '<img src=x onerror=alert(1)>' });
    await visitor.next((frame) => frame.type === 'ack' && frame.clientId === 'html-00001');
    for (let index = 0; index < 12; index += 1) visitor.send({ type: 'message', clientId: `burst-${String(index).padStart(4, '0')}`, text: `burst ${index}` });
    const limited = await visitor.next((frame) => frame.code === 'RATE_LIMITED');
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(limited.clientId).toMatch(/^burst-/);
    await t.runtime.ingest.drain();
    const stored = await db().selectFrom('messages').select('text').where('account_id', '=', chatA.id).where('text', 'like', 'burst %').execute();
    expect(stored.length).toBeLessThan(12);
    expect(await db().selectFrom('messages').select('id').where('account_id', '=', chatA.id).where('text', 'like', 'xxxx%').execute()).toEqual([]);

    visitor.send({ type: 'message', clientId: 'oversized', text: 'y'.repeat(20_000) });
    expect(await visitor.closed).toMatchObject({ code: 1009 });
    const binary = await chat();
    await hello(binary);
    binary.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await binary.closed).toMatchObject({ code: 1003 });
  });
});
