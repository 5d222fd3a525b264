import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../server/features/auth/token.service.js';
import type { DomainEvent } from '../server/infra/pubsub/pubsub.port.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
interface CustomerValue { level: string; field: string; value: unknown }
interface Received { conversation: { id: string; priority: string; contactId: string }; message: { id: string; triage: { customerValue: CustomerValue | null; spam: { isSpam: boolean } } | null } }

const rule = {
  fields: [
    { kind: 'values', field: 'tier', values: { gold: 'high', platinum: 'top' } },
    { kind: 'thresholds', field: 'lifetime_value', thresholds: [{ atLeast: 1000, level: 'high' }, { atLeast: 10000, level: 'top' }] },
  ],
};

let sequence = 0;
const mention = (author: string, text: string, overrides: Record<string, unknown> = {}) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: `cv-${++sequence}`, visibility: 'public',
  author: { platformUserId: author, handle: author, followers: 120 }, text, sentAt: '2026-11-20T10:00:00Z', ...overrides,
});

describe.each(testEngines)('customer value as a priority input on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let other: SeededWorkspace;
  const tokens: Record<'agent' | 'supervisor' | 'analyst', string> = { agent: '', supervisor: '', analyst: '' };
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    other = await seedWorkspace(t.runtime);
    for (const role of ['agent', 'supervisor', 'analyst'] as const) tokens[role] = (await createToken(t.runtime.ctx, ws.actor, { name: role, role })).token;
    t.runtime.ctx.bus.subscribe((event) => events.push(event));
  });
  afterAll(async () => t.close());

  const api = (method: Method, path: string, payload?: unknown, token = ws.token, workspace = ws) =>
    t.app.inject({ method, url: `/api/v1/workspaces/${workspace.slug}${path}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

  async function receive(event: ReturnType<typeof mention>, workspace = ws): Promise<Received> {
    const pushed = await api('POST', '/inbound', event, workspace.token, workspace);
    expect(pushed.statusCode, pushed.body).toBe(202);
    const { conversationId, messageId } = pushed.json<{ results: Array<{ conversationId: string; messageId: string }> }>().results[0] ?? { conversationId: '', messageId: '' };
    const detail = (await api('GET', `/conversations/${conversationId}`, undefined, workspace.token, workspace)).json<{ conversation: Received['conversation']; messages: Array<Received['message']> }>();
    return { conversation: detail.conversation, message: detail.messages.find((message) => message.id === messageId) as Received['message'] };
  }

  /** Gives the author of a first message these custom fields, and answers their contact id. */
  async function profile(author: string, customFields: Record<string, unknown>, workspace = ws): Promise<string> {
    const first = await receive(mention(author, 'hello there'), workspace);
    const patched = await api('PATCH', `/contacts/${first.conversation.contactId}`, { customFields }, workspace.token, workspace);
    expect(patched.statusCode, patched.body).toBe(200);
    return first.conversation.contactId;
  }

  /** Sets the rule and waits until this node's ingest uses it (other nodes reload on the event, or within 15 s). */
  async function setRule(body: unknown, token = tokens.supervisor): Promise<void> {
    const before = t.runtime.triage.values.ruleFor(ws.workspaceId);
    const response = await api('PUT', '/triage/customer-value', body, token);
    expect(response.statusCode, response.body).toBe(200);
    for (let tries = 0; tries < 200 && t.runtime.triage.values.ruleFor(ws.workspaceId) === before; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it('is set and read by admins and supervisors only, validated, and audited', async () => {
    expect((await api('GET', '/triage/customer-value')).json()).toEqual({ fields: [], updatedAt: null, updatedBy: null });
    expect((await api('PUT', '/triage/customer-value', rule, tokens.agent)).statusCode).toBe(403);
    expect((await api('GET', '/triage/customer-value', undefined, tokens.analyst)).statusCode).toBe(403);

    const invalid = await api('PUT', '/triage/customer-value', { fields: [{ kind: 'thresholds', field: 'lifetime_value', thresholds: [{ atLeast: 10, level: 'top' }, { atLeast: 100, level: 'high' }] }] });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toContain('body.fields.0.thresholds');
    expect((await api('PUT', '/triage/customer-value', { fields: [{ kind: 'values', field: 'tier', values: { gold: 'vip' } }] })).statusCode).toBe(422);

    await setRule(rule);
    const stored = (await api('GET', '/triage/customer-value', undefined, tokens.supervisor)).json<{ fields: unknown[]; updatedAt: string | null }>();
    expect(stored.fields).toEqual(rule.fields);
    expect(stored.updatedAt).not.toBeNull();
    const audit = await t.runtime.ctx.db.kysely.selectFrom('audit_entries').select(['actor_type', 'before', 'after'])
      .where('workspace_id', '=', ws.workspaceId).where('action', '=', 'triage.customer_value_rule_updated').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_type).toBe('token');
    expect(JSON.parse(audit[0]?.after ?? '{}')).toEqual({ fields: rule.fields });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>> }>();
    const operations = doc.paths['/api/v1/workspaces/{workspace}/triage/customer-value'];
    expect(Object.keys(operations ?? {})).toEqual(expect.arrayContaining(['get', 'put']));
    expect(operations?.put?.requestBody).toBeDefined();
    expect(JSON.stringify(operations?.put?.requestBody)).toContain('thresholds');
    expect(JSON.stringify(doc.paths['/api/v1/workspaces/{workspace}/conversations/{id}'])).toContain('customerValue');
  });

  it('raises a gold customer\'s ordinary message to high, with the reason in the message\'s triage and live event', async () => {
    await setRule(rule);
    await profile('gold-gwen', { tier: 'Gold' });
    const { conversation, message } = await receive(mention('gold-gwen', 'Can you tell me when the new store opens?'));
    expect(conversation.priority).toBe('high');
    expect(message.triage?.customerValue).toEqual({ level: 'high', field: 'tier', value: 'Gold' });
    const live = events.filter((event) => event.type === 'message.received').map((event) => JSON.stringify(event.data)).find((data) => data.includes(message.id));
    expect(live).toContain('"customerValue":{"level":"high","field":"tier","value":"Gold"}');

    const ordinary = await receive(mention('plain-pat', 'Can you tell me when the new store opens?'));
    expect(ordinary.conversation.priority).toBe('normal');
    expect(ordinary.message.triage?.customerValue).toBeNull();
  });

  it('makes a top customer\'s complaint urgent, read from a numeric field held as text', async () => {
    await setRule(rule);
    await profile('top-tara', { lifetime_value: '25,000' });
    const complaint = 'My flight was cancelled again and I have been on hold for 3 hours, thanks for nothing';
    expect((await receive(mention('someone-else', complaint))).conversation.priority).toBe('high');
    const { conversation, message } = await receive(mention('top-tara', complaint));
    expect(conversation.priority).toBe('urgent');
    expect(message.triage?.customerValue).toEqual({ level: 'top', field: 'lifetime_value', value: '25,000' });
  });

  it('raises the conversation a valued customer\'s direct message joins', async () => {
    await setRule(rule);
    const dm = (text: string) => mention('dm-dora', text, { visibility: 'private', channel: 'x' });
    const first = await receive(dm('hi, a quick question about my order'));
    expect(first.conversation.priority).toBe('normal');
    expect((await api('PATCH', `/contacts/${first.conversation.contactId}`, { customFields: { tier: 'platinum' } })).statusCode).toBe(200);
    const second = await receive(dm('and another one'));
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(second.conversation.priority).toBe('high');
  });

  it('never raises spam, even from a valued customer', async () => {
    await setRule(rule);
    await profile('gold-spammer', { tier: 'gold' });
    const { conversation, message } = await receive(mention('gold-spammer', 'FREE crypto giveaway!!! click here to claim your bitcoin prize, dm me, link in bio https://spam.example/a https://spam.example/b'));
    expect(message.triage?.spam.isSpam).toBe(true);
    expect(conversation.priority).toBe('normal');
  });

  it('plays no part in a workspace without a rule, nor once the rule is turned off', async () => {
    await profile('gold-other', { tier: 'gold' }, other);
    expect((await receive(mention('gold-other', 'Can you tell me when the new store opens?'), other)).conversation.priority).toBe('normal');

    await setRule(rule);
    await profile('gold-gus', { tier: 'gold' });
    await setRule({ fields: [] }, ws.token);
    const { conversation, message } = await receive(mention('gold-gus', 'Can you tell me when the new store opens?'));
    expect(conversation.priority).toBe('normal');
    expect(message.triage?.customerValue).toBeNull();
    expect((await api('GET', '/triage/customer-value')).json()).toMatchObject({ fields: [] });
  });
});
