import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../server/features/auth/token.service.js';
import type { DomainEvent } from '../server/infra/pubsub/pubsub.port.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'triage');

interface MessageBody {
  id: string;
  text: string;
  triage: {
    sentiment: { label: string; score: number };
    intent: { label: string; confidence: number; decided: boolean };
    language: string;
    languageReliable: boolean;
    personalData: string[];
    personalDataMasked: boolean;
    spam: { isSpam: boolean };
  } | null;
  suggestedReply: string | null;
}

let sequence = 0;
const mention = (text: string, overrides: Record<string, unknown> = {}) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: `tri-${++sequence}`, visibility: 'public',
  author: { platformUserId: `cust-${sequence}`, handle: `cust${sequence}`, followers: 300 }, text, sentAt: '2026-11-20T10:00:00Z', ...overrides,
});

describe.each(testEngines)('triage on every inbound message on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  let agentToken: string;
  let supervisorToken: string;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    agentToken = (await createToken(t.runtime.ctx, ws.actor, { name: 'agent', role: 'agent' })).token;
    supervisorToken = (await createToken(t.runtime.ctx, ws.actor, { name: 'supervisor', role: 'supervisor' })).token;
    t.runtime.ctx.bus.subscribe((event) => events.push(event));
  });
  afterAll(async () => t.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, token = ws.token) =>
    t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

  /** Polls a training's address until it has ended. */
  async function trainingOutcome(location: string, token = ws.token): Promise<Record<string, unknown>> {
    for (let tries = 0; tries < 600; tries++) {
      const body = (await t.app.inject({ method: 'GET', url: location, headers: bearer(token) })).json<{ status: string }>();
      if (body.status === 'succeeded' || body.status === 'failed') return body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`training ${location} did not end`);
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let tries = 0; !condition() && tries < 200; tries++) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  async function receive(event: ReturnType<typeof mention>): Promise<{ conversation: { id: string; priority: string }; message: MessageBody }> {
    const pushed = await inject('POST', '/inbound', event);
    expect(pushed.statusCode).toBe(202);
    const conversationId = pushed.json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId;
    const detail = (await inject('GET', `/conversations/${conversationId}`)).json<{ conversation: { id: string; priority: string }; messages: MessageBody[] }>();
    return { conversation: detail.conversation, message: detail.messages.at(-1) as MessageBody };
  }

  it('stores a card number posted in public masked, so agents, search and live events never see the digits', async () => {
    const posted = '@acme you charged my card 4539 1488 0343 6467 twice, I want a refund';
    const { message } = await receive(mention(posted));
    expect(message.text).toBe('@acme you charged my card **** **** **** 6467 twice, I want a refund');
    expect(message.triage).toMatchObject({ personalData: ['card'], personalDataMasked: true, sentiment: { label: 'negative' } });
    expect(message.suggestedReply).toContain("please don't share card details publicly");

    for (const q of ['4539', '0343', '1488']) expect((await inject('GET', `/conversations?q=${q}`)).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await inject('GET', '/conversations?q=charged%20refund')).json<{ items: unknown[] }>().items).toHaveLength(1);

    const live = JSON.stringify(events.filter((event) => event.type === 'message.received'));
    expect(live).toContain('**** **** **** 6467');
    expect(live).not.toContain('4539 1488');
    const stored = await t.runtime.ctx.db.kysely.selectFrom('messages').select(['text', 'metadata']).where('id', '=', message.id).executeTakeFirstOrThrow();
    expect(`${stored.text}${stored.metadata}`).not.toContain('4539');
  });

  it('does not flag or mask a number that fails the Luhn check', async () => {
    const { message } = await receive(mention('order 4539 1488 0343 6468 has not shipped yet'));
    expect(message.text).toContain('4539 1488 0343 6468');
    expect(message.triage?.personalData).toEqual([]);
    expect(message.suggestedReply).toBeNull();
  });

  it('returns the original only to members allowed to read personal data, and audits every read', async () => {
    const posted = 'my card is 4539-1488-0343-6467, call me on +44 20 7946 0958';
    const { message } = await receive(mention(posted));
    expect(message.text).not.toContain('4539');
    expect(message.text).not.toContain('7946');

    const denied = await inject('GET', `/messages/${message.id}/original`, undefined, agentToken);
    expect(denied.statusCode).toBe(403);
    const bySupervisor = await inject('GET', `/messages/${message.id}/original`, undefined, supervisorToken);
    expect(bySupervisor.statusCode).toBe(200);
    expect(bySupervisor.json()).toMatchObject({ id: message.id, text: posted, masked: true, personalData: ['card', 'phone'] });
    expect((await inject('GET', `/messages/no-such-message/original`)).statusCode).toBe(404);

    const audit = await t.runtime.ctx.db.kysely.selectFrom('audit_entries').select(['actor_type', 'after'])
      .where('action', '=', 'message.original_viewed').where('object_id', '=', message.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_type).toBe('token');
    expect(audit[0]?.after).not.toContain('4539');
  });

  it('keeps contact details readable in a private message but still masks a card number there', async () => {
    const { message } = await receive(mention('my email is jane.doe@example.com and card 4539 1488 0343 6467', { visibility: 'private' }));
    expect(message.text).toBe('my email is jane.doe@example.com and card **** **** **** 6467');
    expect(message.triage?.personalData).toEqual(['email', 'card']);
    expect(message.suggestedReply).toBeNull();
  });

  it('scores a negative complaint negative and raises its priority; a legal threat is urgent; praise stays normal', async () => {
    const complaint = await receive(mention('My flight was cancelled again and I have been on hold for 3 hours, thanks for nothing'));
    expect(complaint.message.triage?.sentiment.label).toBe('negative');
    expect(complaint.message.triage?.intent.label).toBe('complaint');
    expect(complaint.conversation.priority).toBe('high');

    const threat = await receive(mention('I am contacting my lawyer and will take you to court over this'));
    expect(threat.message.triage?.intent.label).toBe('legal_threat');
    expect(threat.conversation.priority).toBe('urgent');

    const praise = await receive(mention('Love the new app, the team was super helpful 😍'));
    expect(praise.message.triage?.sentiment.label).toBe('positive');
    expect(praise.conversation.priority).toBe('normal');
  });

  it('flags non-English text instead of scoring it with the English models', async () => {
    const { message } = await receive(mention('Hola, mi pedido no ha llegado todavía y nadie me contesta'));
    expect(message.triage).toMatchObject({ language: 'es', languageReliable: true, sentiment: { label: 'neutral' }, intent: { decided: false } });
  });

  it('trains an intent model from an uploaded CSV, lists its versions and triages new messages with it', async () => {
    const csv = readFileSync(join(fixtures, 'banking77-sample.csv'), 'utf8');
    const body = { source: 'csv', csv, textColumn: 'text', labelColumn: 'category', folds: 3 };
    expect((await inject('POST', '/models/train', body, agentToken)).statusCode).toBe(403);
    const requested = await inject('POST', '/models/train', body);
    expect(requested.statusCode).toBe(202);
    const training = await trainingOutcome(requested.headers.location as string);
    expect(training).toMatchObject({ status: 'succeeded', model: { version: 1 } });
    const model = (await inject('GET', '/models')).json<{ items: Array<{ version: number; active: boolean; trainedOn: { rows: number; labels: Record<string, number>; metrics: { accuracy: number; macroF1: number; folds: number } } }> }>().items[0];
    expect(model).toMatchObject({ version: 1, active: true, trainedOn: { rows: 150, labels: { card_arrival: 25 } } });
    expect(model?.trainedOn.metrics.folds).toBe(3);
    expect(model?.trainedOn.metrics.accuracy).toBeGreaterThan(0.7);
    await until(() => t.runtime.triage.models.modelsFor(ws.workspaceId).versions.intent === 1);

    const listed = (await inject('GET', '/models')).json<{ items: Array<{ version: number; target: string; active: boolean }> }>();
    expect(listed.items).toEqual([expect.objectContaining({ version: 1, target: 'intent', active: true })]);
    expect((await inject('GET', '/models', undefined, agentToken)).statusCode).toBe(403);

    const { message } = await receive(mention('My new card still has not arrived, it has been two weeks'));
    expect(message.triage?.intent.label).toBe('card_arrival');
  });

  it('trains from the queues agents moved conversations to', async () => {
    const other = await seedWorkspace(t.runtime);
    const db = t.runtime.ctx.db.kysely;
    const queues = { billing: `q-billing-${other.workspaceId}`, delivery: `q-delivery-${other.workspaceId}` };
    for (const [slug, id] of Object.entries(queues)) await db.insertInto('queues').values({ id, workspace_id: other.workspaceId, slug, name: slug, created_at: Date.now() }).execute();
    const texts = {
      billing: ['charged twice for my order', 'refund the double charge', 'my bill is wrong this month', 'why was I charged a fee', 'payment taken twice', 'invoice shows the wrong amount'],
      delivery: ['parcel never arrived', 'where is my delivery', 'package is late again', 'courier lost my parcel', 'order not delivered yet', 'tracking has not moved in days'],
    };
    const call = (method: 'POST' | 'PATCH', url: string, payload: unknown) =>
      t.app.inject({ method, url: `/api/v1/workspaces/${other.slug}${url}`, headers: bearer(other.token), payload: payload as object });
    for (const [queue, list] of Object.entries(texts)) {
      for (const text of list) {
        const pushed = await call('POST', '/inbound', mention(text));
        const conversationId = pushed.json<{ results: Array<{ conversationId: string }> }>().results[0]?.conversationId;
        expect((await call('PATCH', `/conversations/${conversationId}`, { queueId: queue })).statusCode).toBe(200);
      }
    }
    const requested = await call('POST', '/models/train', { source: 'history', folds: 2 });
    expect(requested.statusCode).toBe(202);
    expect(await trainingOutcome(requested.headers.location as string, other.token)).toMatchObject({ status: 'succeeded', target: 'intent', model: { version: 1 }, result: { rows: 12, labels: { billing: 6, delivery: 6 } } });
    const listed = await t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${other.slug}/models`, headers: bearer(other.token) });
    expect(listed.json<{ items: unknown[] }>().items[0]).toMatchObject({ target: 'intent', version: 1, trainedOn: { source: 'history:queues', rows: 12 } });
  });
});
