import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationListItemView } from '../server/features/conversations/conversation-summary.schemas.js';
import type { ConversationCountsView } from '../server/features/conversations/conversation.schemas.js';
import { writeEditedTriage } from '../server/features/ingest/conversation-triage.js';
import type { BatchState } from '../server/features/ingest/ingest-batch.js';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from './helpers/app.js';
import { testEngines } from './helpers/db.js';

let sequence = 0;
/** A customer's public mention; every call is another customer (and so another conversation) unless `author` says otherwise. */
const mention = (text: string, overrides: Record<string, unknown> = {}) => {
  sequence += 1;
  return {
    kind: 'message', channel: 'x', account: 'acme', platformMessageId: `ct-${sequence}`, visibility: 'public',
    author: { platformUserId: `ct-user-${sequence}`, handle: `ct${sequence}` }, text, sentAt: new Date(Date.UTC(2026, 10, 20, 10, 0, sequence)).toISOString(), ...overrides,
  };
};

const texts = {
  refund: 'You charged me twice and I want a refund now, this is terrible',
  praise: 'Thank you so much, the crew were wonderful and the service was great!',
  question: 'What time does check-in open for flight AX100 tomorrow?',
  complaint: 'My bag never arrived in Lisbon, this is the worst airline ever',
  refundArrived: 'Great news, my refund arrived, thanks a lot!',
};

describe.each(testEngines)('inbox filters by triage on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const ids: Record<'refund' | 'praise' | 'question' | 'complaint', string> = { refund: '', praise: '', question: '', complaint: '' };

  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    for (const key of ['refund', 'praise', 'question', 'complaint'] as const) ids[key] = (await push(mention(texts[key])))[0] ?? '';
  });
  afterAll(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url: `/api/v1/workspaces/${ws.slug}${url}`, headers: bearer(ws.token) });

  async function push(...events: unknown[]): Promise<string[]> {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/workspaces/${ws.slug}/inbound`, headers: bearer(ws.token), payload: { events } });
    expect(response.statusCode, response.body).toBe(202);
    return response.json<{ results: Array<{ conversationId: string }> }>().results.map((result) => result.conversationId);
  }

  async function list(query: string): Promise<ConversationListItemView[]> {
    const response = await get(`/conversations?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: ConversationListItemView[] }>().items;
  }

  const listIds = async (query: string) => (await list(query)).map((item) => item.id).sort();
  const sorted = (...values: string[]) => [...values].sort();
  const stored = (id: string) => t.runtime.ctx.db.kysely.selectFrom('conversations')
    .select(['sentiment_label', 'sentiment_score', 'intent_label', 'intent_confidence', 'has_personal_data']).where('id', '=', id).executeTakeFirstOrThrow();

  it('filters by the sentiment and intent of the newest customer message, several values at once', async () => {
    expect(await listIds('sentiment=negative')).toEqual(sorted(ids.refund, ids.complaint));
    expect(await listIds('sentiment=negative&intent=refund')).toEqual([ids.refund]);
    expect(await listIds('intent=refund,praise')).toEqual(sorted(ids.refund, ids.praise));
    expect(await listIds('sentiment=positive,neutral')).toEqual(sorted(ids.praise, ids.question));
    expect(await listIds('sentiment=negative&intent=praise')).toEqual([]);
    // The filter and the row's triage summary agree.
    for (const item of await list('sentiment=negative')) expect(item.triage?.sentiment).toBe('negative');
    for (const item of await list('intent=refund,praise')) expect(['refund', 'praise']).toContain(item.triage?.intent);
  });

  it('keeps the label, score and confidence on the conversation, as triage found them on the message', async () => {
    const detail = (await get(`/conversations/${ids.refund}`)).json<{ messages: Array<{ triage: { sentiment: { label: string; score: number }; intent: { label: string; confidence: number } } }> }>();
    const triage = detail.messages[0]?.triage;
    expect(await stored(ids.refund)).toEqual({
      sentiment_label: 'negative', sentiment_score: triage?.sentiment.score, intent_label: 'refund', intent_confidence: triage?.intent.confidence, has_personal_data: 0,
    });
  });

  it('counts within the triage filters', async () => {
    const counts = (await get('/conversations/counts?sentiment=negative')).json<ConversationCountsView>();
    expect(counts.all.total).toBe(2);
    expect(counts.unassigned.total).toBe(2);
    expect((await get('/conversations/counts?sentiment=negative&intent=complaint')).json<ConversationCountsView>().all.total).toBe(1);
    expect((await get('/conversations/counts?personalData=true')).json<ConversationCountsView>().all.total).toBe(0);
  });

  it('follows the newest customer message: a newer one moves the conversation, an older one or the brand\'s own changes nothing', async () => {
    const [first = ''] = await push(mention(texts.complaint, { sentAt: '2026-11-21T09:00:00Z' }));
    const author = { platformUserId: `ct-user-${sequence}`, handle: `ct${sequence}` };
    expect(await listIds('sentiment=negative&intent=complaint')).toContain(first);

    const [second] = await push(mention(texts.refundArrived, { author, parentPlatformId: `ct-${sequence}`, sentAt: '2026-11-21T10:00:00Z' }));
    expect(second).toBe(first);
    expect(await listIds('sentiment=negative')).not.toContain(first);
    expect(await listIds('sentiment=positive&intent=refund')).toContain(first);

    // Arrives late but was written before the newest: the conversation keeps the newest message's triage.
    await push(mention(texts.refund, { author, parentPlatformId: `ct-${sequence - 1}`, sentAt: '2026-11-21T09:30:00Z' }));
    // The brand's answer is not triaged and leaves the customer's sentiment as it was.
    await push({ ...mention('Glad it arrived!', { author, parentPlatformId: `ct-${sequence - 2}`, sentAt: '2026-11-21T11:00:00Z' }), direction: 'outbound', author: { platformUserId: 'acme', handle: 'acme' }, recipient: author });
    expect(await listIds('sentiment=positive&intent=refund')).toContain(first);
    const row = (await list('sentiment=positive&intent=refund')).find((item) => item.id === first);
    expect(row).toMatchObject({ messageCount: 4, triage: { sentiment: 'positive', intent: 'refund' } });
  });

  it('takes the newest of several messages of one conversation in the same batch', async () => {
    const author = { platformUserId: 'ct-batch', handle: 'ctbatch' };
    const dm = (text: string, at: string) => mention(text, { author, visibility: 'private', sentAt: at });
    // Out of order in the request: the newest one is the question.
    const [a, b, c] = await push(dm(texts.question, '2026-11-22T10:02:00Z'), dm(texts.complaint, '2026-11-22T10:00:00Z'), dm(texts.praise, '2026-11-22T10:01:00Z'));
    expect(new Set([a, b, c]).size).toBe(1);
    expect(await stored(a ?? '')).toMatchObject({ sentiment_label: 'neutral', intent_label: 'question' });
  });

  it('stays in step with the newest message\'s triage when a customer edits a message', async () => {
    const sentimentOfMessage = async (conversationId: string, platformMessageId: string) => {
      const detail = (await get(`/conversations/${conversationId}`)).json<{ messages: Array<{ platformMessageId: string; triage: { sentiment: { label: string } } | null }> }>();
      return detail.messages.find((message) => message.platformMessageId === platformMessageId)?.triage?.sentiment.label;
    };
    const edit = (platformMessageId: string, text: string, editedAt: string) => ({ kind: 'edit', channel: 'x', account: 'acme', platformMessageId, text, editedAt });

    // The newest message edited: the conversation follows whatever triage the message now has.
    const [only = ''] = await push(mention(texts.refund, { sentAt: '2026-11-22T12:00:00Z' }));
    const onlyId = `ct-${sequence}`;
    await push(edit(onlyId, texts.praise, '2026-11-22T12:05:00Z'));
    const now = await sentimentOfMessage(only, onlyId);
    expect((await stored(only)).sentiment_label).toBe(now);
    expect(await listIds(`sentiment=${now ?? ''}`)).toContain(only);

    // An older message edited: the newest one still decides.
    const author = { platformUserId: 'ct-edits', handle: 'ctedits' };
    const [older = ''] = await push(mention(texts.complaint, { author, visibility: 'private', sentAt: '2026-11-22T13:00:00Z' }));
    const olderId = `ct-${sequence}`;
    await push(mention(texts.praise, { author, visibility: 'private', sentAt: '2026-11-22T13:10:00Z' }));
    expect(await stored(older)).toMatchObject({ sentiment_label: 'positive', intent_label: 'praise' });
    await push(edit(olderId, texts.question, '2026-11-22T13:20:00Z'));
    expect(await stored(older)).toMatchObject({ sentiment_label: 'positive', intent_label: 'praise' });
  });

  it('writes an edit\'s new triage only where the edited message is its conversation\'s newest customer message', async () => {
    const author = { platformUserId: 'ct-retriage', handle: 'ctretriage' };
    const [id = ''] = await push(mention(texts.complaint, { author, visibility: 'private', sentAt: '2026-11-22T14:00:00Z' }));
    await push(mention(texts.refund, { author, visibility: 'private', sentAt: '2026-11-22T14:10:00Z' }));
    const db = t.runtime.ctx.db.kysely;
    const [older, newer] = await db.selectFrom('messages').select(['id', 'conversation_id', 'direction', 'delivery_status', 'visibility', 'text', 'metadata'])
      .where('conversation_id', '=', id).orderBy('sent_at').execute();
    const retriaged = JSON.stringify({ edits: [], triage: { sentiment: { label: 'positive', score: 0.75 }, intent: { label: 'praise', confidence: 0.9, decided: true }, personalData: [] } });
    // What ingest holds after enriching an edit of each message (edit enrichment re-triages the new text).
    const batchEditing = (message: NonNullable<typeof older>) => ({
      enrichable: [], conversationsBefore: new Map(), known: new Map([['key', message]]),
      messageChanges: new Map([[message.id, { id: message.id, conversation_id: id, text: 'edited', metadata: retriaged }]]),
    }) as unknown as BatchState;

    await db.transaction().execute((trx) => writeEditedTriage(trx, batchEditing(older as NonNullable<typeof older>)));
    expect(await stored(id)).toMatchObject({ sentiment_label: 'negative', intent_label: 'refund' });
    await db.transaction().execute((trx) => writeEditedTriage(trx, batchEditing(newer as NonNullable<typeof newer>)));
    expect(await stored(id)).toMatchObject({ sentiment_label: 'positive', sentiment_score: 0.75, intent_label: 'praise', intent_confidence: 0.9 });
  });

  it('flags conversations whose newest customer message holds personal data', async () => {
    const [leaky = ''] = await push(mention('Please write to me at jane.doe@example.com about the refund'));
    expect(await stored(leaky)).toMatchObject({ has_personal_data: 1 });
    expect(await listIds('personalData=true')).toEqual([leaky]);
    expect(await listIds('personalData=false')).not.toContain(leaky);
    expect((await get('/conversations/counts?personalData=true')).json<ConversationCountsView>().all.total).toBe(1);
  });

  it('pages through a filtered list with the keyset cursor, in every order', async () => {
    const negatives = await push(...Array.from({ length: 7 }, (_, index) => mention(texts.refund, { sentAt: `2026-11-23T08:0${index}:00Z` })));
    await push(...Array.from({ length: 3 }, () => mention(texts.praise, { sentAt: '2026-11-23T08:03:00Z' })));
    const expected = await listIds('sentiment=negative&intent=refund&limit=200');
    expect(expected).toEqual(expect.arrayContaining(negatives));
    for (const sort of ['newest', 'oldest', 'priority', 'waiting']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await get(`/conversations?sentiment=negative&intent=refund&sort=${sort}&limit=3${cursor === null ? '' : `&cursor=${cursor}`}`);
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json<{ items: ConversationListItemView[]; nextCursor: string | null }>();
        for (const item of page.items) expect(item.triage).toMatchObject({ sentiment: 'negative', intent: 'refund' });
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 20);
      expect(seen.length, sort).toBe(new Set(seen).size);
      expect(sorted(...seen), sort).toEqual(expected);
    }
  });

  it('writes the triage of a batch of hundreds of new conversations', async () => {
    const before = (await get('/conversations/counts?status=open&sentiment=positive&intent=praise')).json<ConversationCountsView>().all.total;
    const events = Array.from({ length: 601 }, (_, index) => mention(index % 2 === 0 ? texts.praise : texts.question, { sentAt: '2026-11-23T09:00:00Z' }));
    const created = await push(...events);
    expect(new Set(created).size).toBe(601);
    const after = (await get('/conversations/counts?status=open&sentiment=positive&intent=praise')).json<ConversationCountsView>().all.total;
    expect(after - before).toBe(301);
    expect((await stored(created[600] ?? '')).sentiment_label).toBe('positive');
    expect((await stored(created[599] ?? '')).intent_label).toBe('question');
  });

  it('names the parameter at fault', async () => {
    const response = await get('/conversations?sentiment=angry');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toMatch(/^querystring\.sentiment/);
    expect((await get('/conversations?personalData=maybe')).statusCode).toBe(422);
    expect((await get('/conversations/counts?sentiment=furious')).statusCode).toBe(422);
  });
});
