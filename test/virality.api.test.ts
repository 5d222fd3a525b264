import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../server/infra/pubsub/pubsub.port.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

interface ViralityReason { raisedTo: string; recentMessages: number; perHour: number; reposts: number; replies: number; likes: number }
interface MessageBody { id: string; triage: { virality: number | null; viralityReason: ViralityReason | null; influence: number; spam: { isSpam: boolean } } | null }
interface Detail { conversation: { id: string; priority: string }; messages: MessageBody[] }
interface Result { conversationId: string; messageId: string }

let sequence = 0;
const at = (minutes: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + minutes * 60_000).toISOString();
const post = (author: string, text: string, minutes: number, overrides: Record<string, unknown> = {}) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: `viral-${++sequence}`, visibility: 'public',
  author: { platformUserId: author, handle: author, followers: 150 }, text, sentAt: at(minutes), ...overrides,
});
const reply = (parent: string, author: string, text: string, minutes: number) => post(author, text, minutes, { parentPlatformId: parent });

const complaint = 'Flight AX12 cancelled at the gate and nobody from @acme is answering, three hours in the queue';
const pileOn = ['same here, cancelled and no rebooking', 'this is a joke, stuck at the airport too', 'they did the same to me last week', 'unbelievable, still no answer from them'];

describe.each(testEngines)('virality as a priority input on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    t.runtime.ctx.bus.subscribe((event) => events.push(event));
  });
  afterAll(async () => t.close());

  const api = (method: 'GET' | 'POST', path: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${path}`, headers: bearer(ws.token), ...(payload === undefined ? {} : { payload: payload as object }) });

  async function push(...batch: unknown[]): Promise<Result[]> {
    const response = await api('POST', '/inbound', { events: batch });
    expect(response.statusCode, response.body).toBe(202);
    return response.json<{ results: Result[] }>().results;
  }
  const detailOf = async (conversationId: string) => (await api('GET', `/conversations/${conversationId}`)).json<Detail>();
  const messageOf = async (result: Result) => (await detailOf(result.conversationId)).messages.find((message) => message.id === result.messageId) as MessageBody;

  it('makes a public complaint urgent when a burst of other customers\' replies joins it, and says why', async () => {
    const [first] = await push(post('kim', complaint, 0));
    const parent = `viral-${sequence}`;
    const conversationId = first?.conversationId ?? '';
    expect(['normal', 'high']).toContain((await detailOf(conversationId)).conversation.priority);
    // Each reply alone, as its own post, is not urgent either.
    const alone = await push(...pileOn.map((text, index) => post(`alone-${index}`, text, 0)));
    for (const result of alone) expect((await detailOf(result.conversationId)).conversation.priority).not.toBe('urgent');
    expect((await messageOf(first as Result)).triage?.virality).toBe(0);

    const burst = Array.from({ length: 24 }, (_, index) => reply(parent, `crowd-${index}`, pileOn[index % pileOn.length] ?? '', 1 + index));
    const results = await push(...burst);
    expect(new Set(results.map((result) => result.conversationId))).toEqual(new Set([conversationId]));

    const after = await detailOf(conversationId);
    expect(after.conversation.priority).toBe('urgent');
    const last = await messageOf(results.at(-1) as Result);
    expect(last.triage?.virality).toBeGreaterThanOrEqual(0.85);
    // 23 other repliers in the last 24 minutes, and the stored post (counted at half weight: it may be anyone's).
    expect(last.triage?.viralityReason).toMatchObject({ raisedTo: 'urgent', recentMessages: 24, reposts: 0, replies: 0, likes: 0 });
    expect(last.triage?.viralityReason?.perHour).toBeGreaterThan(40);
    // The first replies of the burst were not viral yet.
    expect((await messageOf(results[0] as Result)).triage?.viralityReason).toBeNull();

    const live = events.filter((event) => event.type === 'message.received').map((event) => JSON.stringify(event.data)).find((data) => data.includes(last.id));
    expect(live).toContain('"viralityReason":{"raisedTo":"urgent"');
    expect(events.some((event) => event.type === 'conversation.updated' && JSON.stringify(event.data).includes(conversationId) && JSON.stringify(event.data).includes('"priority":"urgent"'))).toBe(true);
  });

  it('counts replies that came in earlier batches, without reading them again', async () => {
    const [first] = await push(post('lee', 'Can someone tell me why the app logs me out every few minutes?', 0));
    const parent = `viral-${sequence}`;
    let results: Result[] = [];
    for (let part = 0; part < 3; part++) {
      results = await push(...Array.from({ length: 8 }, (_, index) => reply(parent, `wave-${part}-${index}`, 'same for me, any news?', 1 + part * 8 + index)));
    }
    expect(results.every((result) => result.conversationId === first?.conversationId)).toBe(true);
    const last = await messageOf(results.at(-1) as Result);
    expect(last.triage?.virality).toBeGreaterThanOrEqual(0.6);
    expect(last.triage?.viralityReason?.recentMessages).toBeGreaterThan(10);
    expect(['high', 'urgent']).toContain((await detailOf(first?.conversationId ?? '')).conversation.priority);
  });

  it('raises a much-shared post from its counters alone, while influence stays about the author', async () => {
    const question = 'What time does the new store on Main Street open tomorrow?';
    const [plain] = await push(post('pat', question, 0));
    const [shared] = await push(post('sam', question, 0, { metrics: { reposts: 150, replies: 20, likes: 900 } }));
    expect((await detailOf(plain?.conversationId ?? '')).conversation.priority).toBe('normal');
    expect((await detailOf(shared?.conversationId ?? '')).conversation.priority).toBe('high');
    const plainMessage = await messageOf(plain as Result);
    const sharedMessage = await messageOf(shared as Result);
    expect(sharedMessage.triage?.viralityReason).toMatchObject({ raisedTo: 'high', reposts: 150, replies: 20, likes: 900, recentMessages: 0 });
    expect(sharedMessage.triage?.influence).toBe(plainMessage.triage?.influence);

    // An edit of the text is triaged again; the message's virality does not depend on its text and is kept.
    const edit = { kind: 'edit', channel: 'x', account: 'acme', platformMessageId: `viral-${sequence}`, text: `${question} Thanks!`, editedAt: at(5) };
    expect((await push(edit))[0]).toMatchObject({ status: 'updated' });
    expect((await messageOf(shared as Result)).triage?.viralityReason).toMatchObject({ raisedTo: 'high', reposts: 150 });
  });

  it('is not raised by one customer talking in their own thread, by spam, nor shown on a direct message', async () => {
    const [own] = await push(post('olga', 'Hi, a question about my order', 0));
    const parent = `viral-${sequence}`;
    const followUps = await push(...Array.from({ length: 12 }, (_, index) => reply(parent, 'olga', `and another detail about my order, number ${index}`, 1 + index)));
    expect(followUps.every((result) => result.conversationId === own?.conversationId)).toBe(true);
    expect((await detailOf(own?.conversationId ?? '')).conversation.priority).toBe('normal');
    expect((await messageOf(followUps.at(-1) as Result)).triage?.viralityReason).toBeNull();

    const [target] = await push(post('nina', 'Is the Main Street store open on Sunday?', 0));
    const bots = Array.from({ length: 30 }, (_, index) => reply(`viral-${sequence}`, `bot-${index}`, 'FREE crypto giveaway!!! click here to claim your bitcoin prize, dm me, link in bio https://spam.example/a https://spam.example/b', 1));
    const spam = await push(...bots, reply(`viral-${sequence}`, 'nina-friend', 'I would like to know too', 2));
    expect(spam.every((result) => result.conversationId === target?.conversationId)).toBe(true);
    expect((await messageOf(spam[0] as Result)).triage?.spam.isSpam).toBe(true);
    expect((await detailOf(target?.conversationId ?? '')).conversation.priority).toBe('normal');
    expect((await messageOf(spam.at(-1) as Result)).triage?.viralityReason).toBeNull();

    const [dm] = await push(post('dora', 'hello, can you check my booking?', 0, { visibility: 'private', metrics: { reposts: 999 } }));
    expect((await messageOf(dm as Result)).triage?.virality).toBeNull();
  });

  it('is described in the OpenAPI document', async () => {
    const doc = JSON.stringify((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json());
    expect(doc).toContain('viralityReason');
  });
});
