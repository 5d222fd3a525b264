import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelAccount } from '../server/features/channels/account.service.js';
import type { SendInput } from '../server/features/channels/outbound.port.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

interface Problem {
  type: string;
  status: number;
  code: string;
  detail: string;
  errors: Array<{ path: string; message: string; rule?: string }>;
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const template = { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'AX100' }] }] };

describe.each(testEngines)('channel rules on replies, enforced by the API on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const sent: SendInput[] = [];
  let sequence = 0;

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    for (const [channel, handle] of [['whatsapp', 'acmewa'], ['telegram', 'acmebot'], ['phone', 'acmecalls']] as const) {
      await createChannelAccount(t.runtime.ctx, ws.actor, { channel, handle });
    }
    // Stand-ins that record what would go out, so a reply that is allowed is sent without a platform.
    for (const platform of ['whatsapp', 'telegram']) {
      t.runtime.ctx.outbound.register({ platform, send: async (input) => { sent.push(input); return { platformMessageId: `out-${input.message.id}`, deliveryStatus: 'sent' }; } });
    }
  });
  afterAll(async () => t.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${url}`, headers: bearer(ws.token), ...(payload === undefined ? {} : { payload: payload as object }) });

  /** A conversation on a channel, started by a customer's message `hours` ago. */
  async function conversation(channel: 'x' | 'whatsapp' | 'telegram' | 'phone', visibility: 'public' | 'private', hours = 0.1): Promise<string> {
    sequence += 1;
    const account = { x: 'acme', whatsapp: 'acmewa', telegram: 'acmebot', phone: 'acmecalls' }[channel];
    const response = await call('POST', '/inbound', {
      kind: 'message', channel, account, platformMessageId: `rr-${sequence}`, visibility, sentAt: hoursAgo(hours),
      author: { platformUserId: `rr-user-${sequence}`, handle: `rr${sequence}` }, text: 'Where is my parcel?',
    });
    expect(response.statusCode, response.body).toBe(202);
    return response.json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId ?? '';
  }

  /** How many replies a conversation holds, and how many were audited as queued: both stay put when a reply is refused. */
  async function queued(conversationId: string): Promise<{ replies: number; audited: number }> {
    const db = t.runtime.ctx.db.kysely;
    const replies = await db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('direction', '=', 'outbound').execute();
    const audited = await db.selectFrom('audit_entries').select('seq').where('workspace_id', '=', ws.workspaceId).where('action', '=', 'reply.queued').execute();
    return { replies: replies.length, audited: audited.length };
  }

  /** Posts a reply the rules refuse; checks the problem and that nothing was stored or queued. */
  async function refused(conversationId: string, body: object): Promise<Problem> {
    const before = await queued(conversationId);
    const response = await call('POST', `/conversations/${conversationId}/replies`, body);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json<Problem>();
    expect(problem).toMatchObject({ type: 'urn:rapport:problem:validation-failed', status: 422, code: 'VALIDATION_FAILED' });
    expect(await queued(conversationId)).toEqual(before);
    return problem;
  }

  async function accepted(conversationId: string, body: object): Promise<{ id: string }> {
    const response = await call('POST', `/conversations/${conversationId}/replies`, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>();
  }

  it('refuses a reply longer than the platform takes, counting characters, not UTF-16 units', async () => {
    const id = await conversation('x', 'public');
    const problem = await refused(id, { text: 'a'.repeat(281) });
    expect(problem.errors).toEqual([{ path: 'body.text', rule: 'x.replyChars.public', message: 'X takes at most 280 characters in a public reply; this one has 281' }]);
    expect(problem.detail).toContain('at most 280 characters');
    // 280 emoji are 560 UTF-16 units and still 280 characters.
    await accepted(id, { text: '😀'.repeat(280) });
    // A private reply to the same post has the platform's private limit.
    await accepted(id, { text: 'b'.repeat(281), visibility: 'private' });
    expect((await refused(id, { text: 'c'.repeat(10_001), visibility: 'private' })).errors[0]).toMatchObject({ path: 'body.text', rule: 'x.replyChars.private' });
  });

  it('refuses a private reply where the platform has none', async () => {
    const id = await conversation('whatsapp', 'public');
    const problem = await refused(id, { text: 'Sending you the details privately', visibility: 'private' });
    expect(problem.errors).toEqual([{ path: 'body.visibility', rule: 'whatsapp.privateReplyToPublic', message: 'WhatsApp has no private reply to a public post: answer it in public' }]);
    await accepted(id, { text: 'Answering here' });
    // Telegram has them (to users who started the bot, which the send step finds out).
    await accepted(await conversation('telegram', 'public'), { text: 'Sending you the details privately', visibility: 'private' });
  });

  it('refuses a free-form WhatsApp reply outside the 24-hour window, and sends an approved template instead', async () => {
    const id = await conversation('whatsapp', 'private', 30);
    const problem = await refused(id, { text: 'Sorry for the delay' });
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors[0]).toMatchObject({ path: 'body.template', rule: 'whatsapp.messagingWindowHours' });
    expect(problem.errors[0]?.message).toMatch(/^WhatsApp takes free-form replies only within 24 hours of the customer's last message \(the customer last wrote at .*Z\): send an approved template$/);

    const reply = await accepted(id, { text: 'Template: order update for AX100', template });
    await expect.poll(() => sent.find((input) => input.message.id === reply.id)?.message.metadata, { timeout: 5_000 }).toBe(JSON.stringify({ template }));

    // Inside the window free text is fine.
    const recent = await conversation('whatsapp', 'private', 23);
    await accepted(recent, { text: 'Your parcel is on its way' });
  });

  it('refuses a template where the platform has none, and a malformed template', async () => {
    const id = await conversation('x', 'public');
    expect((await refused(id, { text: 'Hello', template })).errors).toEqual([{ path: 'body.template', rule: 'x.templates', message: 'X has no message templates: send the text alone' }]);
    const malformed = await refused(id, { text: 'Hello', template: { name: '' } });
    expect(malformed.errors.map((error) => error.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^body\.template/)]));
  });

  it('refuses a written reply to a phone call', async () => {
    const id = await conversation('phone', 'private');
    expect((await refused(id, { text: 'We called you back' })).errors).toEqual([{ path: 'body.text', rule: 'phone.writtenReplies', message: 'Phone conversations cannot be answered in writing' }]);
  });

  it('names every rule a reply breaks, and a refused idempotency key stays free for the corrected reply', async () => {
    const id = await conversation('whatsapp', 'public');
    const problem = await refused(id, { text: 'x'.repeat(4_097), visibility: 'private', idempotencyKey: 'rules-key-0001' });
    expect(problem.errors.map((error) => [error.path, error.rule])).toEqual([['body.visibility', 'whatsapp.privateReplyToPublic'], ['body.text', 'whatsapp.replyChars.private']]);
    const first = await accepted(id, { text: 'x'.repeat(4_096), idempotencyKey: 'rules-key-0001' });
    const again = await call('POST', `/conversations/${id}/replies`, { text: 'x'.repeat(4_096), idempotencyKey: 'rules-key-0001' });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(first.id);
  });
});
