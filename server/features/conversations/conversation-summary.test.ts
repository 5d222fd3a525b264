import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../../../test/helpers/app.js';
import { testEngines } from '../../../test/helpers/db.js';
import type { ConversationListItemView } from './conversation-summary.schemas.js';

const message = (id: string, text: string, sentAt: string, author = { platformUserId: 'u-1', handle: 'jane', displayName: 'Jane Doe' }) => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: id, visibility: 'private', author, text, sentAt,
});

describe.each(testEngines)('conversation list items on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
  });
  afterAll(async () => t.close());

  const inject = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${url}`, headers: bearer(ws.token), ...(payload === undefined ? {} : { payload }) });

  it('carry the contact, the newest message and the triage of the newest inbound message', async () => {
    await inject('POST', '/inbound', { events: [
      message('dm-1', 'Hello, my card 4111 1111 1111 1111 was charged twice for seat selection, this is outrageous', '2026-11-20T10:00:00Z'),
      message('dm-2', 'Still waiting for my refund!', '2026-11-20T10:05:00Z'),
    ] });
    const page = (await inject('GET', '/conversations')).json<{ items: ConversationListItemView[] }>();
    const item = page.items[0];
    expect(item?.contact).toMatchObject({ displayName: 'Jane Doe', handle: 'jane' });
    expect(item?.lastMessage).toMatchObject({ text: 'Still waiting for my refund!', direction: 'inbound', sentAt: '2026-11-20T10:05:00.000Z' });
    expect(item?.triage?.sentiment).toMatch(/negative|neutral|positive/);

    await inject('POST', `/conversations/${item?.id ?? ''}/replies`, { text: 'We are on it.' });
    const after = (await inject('GET', '/conversations')).json<{ items: ConversationListItemView[] }>().items[0];
    expect(after?.lastMessage).toMatchObject({ text: 'We are on it.', direction: 'outbound' });
    expect(after?.triage).toEqual(item?.triage);
  });

  it('shorten long messages to a preview', async () => {
    await inject('POST', '/inbound', message('dm-long', 'x'.repeat(5000), '2026-11-21T10:00:00Z', { platformUserId: 'u-2', handle: 'sam', displayName: 'Sam' }));
    const items = (await inject('GET', '/conversations?sort=newest')).json<{ items: ConversationListItemView[] }>().items;
    const long = items.find((candidate) => candidate.contact.handle === 'sam');
    expect(long?.lastMessage?.text).toHaveLength(200);
  });
});
