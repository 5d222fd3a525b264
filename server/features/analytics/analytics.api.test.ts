import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../../../test/helpers/app.js';
import { testEngines } from '../../../test/helpers/db.js';
import type { AnalyticsView } from './analytics.schemas.js';

const mention = (id: string, sentAt: string, author = 'u-1', text = 'My flight was cancelled and I want a refund now') => ({
  kind: 'message', channel: 'x', account: 'acme', platformMessageId: id, visibility: 'public', author: { platformUserId: author, handle: author }, text, sentAt,
});

const dayMs = 24 * 3600 * 1000;
// Three days ago at 00:00 UTC, so the data is recent whatever today is; times below are offsets from it.
const base = Math.floor(Date.now() / dayMs) * dayMs - 3 * dayMs;
const at = (offsetMs: number) => new Date(base + offsetMs).toISOString();
const dayOf = (offsetDays: number) => at(offsetDays * dayMs).slice(0, 10);
const hour = 3600 * 1000;

describe.each(testEngines)('analytics API on %s', (engine) => {
  let t: TestApp;
  let ws: SeededWorkspace;
  const range = `from=${at(0)}&to=${at(dayMs + 12 * hour)}`;
  beforeAll(async () => {
    t = await startTestApp(engine);
    ws = await seedWorkspace(t.runtime);
    // 23:30 UTC is 05:00 the next day in Kolkata (UTC+5:30); 09:10 UTC is 14:40 there.
    await call('POST', '/inbound', { events: [
      mention('a-1', at(23.5 * hour), 'u-1'), mention('a-2', at(dayMs + 9 * hour + 10 * 60_000), 'u-2'), mention('a-3', at(2 * dayMs + 9 * hour), 'u-3'),
    ] });
  });
  afterAll(async () => t.close());

  function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = ws.token) {
    return t.app.inject({ method, url: `/api/v1/workspaces/${ws.slug}${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload }) });
  }

  it('counts inbound volume per channel and local hour and day in the time zone asked for', async () => {
    const utc = (await call('GET', `/analytics?${range}&timeZone=UTC`)).json<AnalyticsView>();
    expect(utc.totals.inboundMessages).toBe(2);
    expect(utc.totals.conversations).toBe(2);
    expect(utc.volumeByChannelHour).toEqual([{ channel: 'x', hour: 9, count: 1 }, { channel: 'x', hour: 23, count: 1 }]);
    expect(utc.volumeByDay).toEqual([{ day: dayOf(0), channel: 'x', count: 1 }, { day: dayOf(1), channel: 'x', count: 1 }]);
    const kolkata = (await call('GET', `/analytics?${range}&timeZone=Asia/Kolkata`)).json<AnalyticsView>();
    expect(kolkata.volumeByChannelHour).toEqual([{ channel: 'x', hour: 5, count: 1 }, { channel: 'x', hour: 14, count: 1 }]);
    expect(kolkata.volumeByDay).toEqual([{ day: dayOf(1), channel: 'x', count: 2 }]);
  });

  it('reports sentiment per day, intents, response and resolution times and the open backlog', async () => {
    const list = (await call('GET', '/conversations?sort=oldest')).json<{ items: Array<{ id: string }> }>().items;
    const first = list[0]?.id ?? '';
    await call('POST', `/conversations/${first}/replies`, { text: 'Sorry about that, refund on its way' });
    await call('PATCH', `/conversations/${first}`, { status: 'resolved' });
    const view = (await call('GET', `/analytics?from=${at(0)}&to=${at(4 * dayMs)}&timeZone=UTC`)).json<AnalyticsView>();
    expect(view.sentimentByDay.reduce((sum, day) => sum + day.negative + day.neutral + day.positive, 0)).toBe(3);
    expect(view.topIntents.reduce((sum, intent) => sum + intent.count, 0)).toBe(3);
    expect(view.firstResponse.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(1);
    expect(view.firstResponse.at(-1)).toMatchObject({ label: '≥ 72 h', maxSeconds: null });
    expect(view.totals.resolved).toBe(1);
    expect(view.resolution.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(1);
    expect(view.backlogByQueue).toEqual([{ queueId: null, queueName: 'No queue', open: 2, pending: 0, snoozed: 0 }]);
    expect(view.totals.firstResponseAvgSeconds).toBeGreaterThan(24 * 3600);
  });

  it('refuses ranges that are backwards or longer than 92 days, and roles without analytics', async () => {
    expect((await call('GET', `/analytics?from=${at(dayMs)}&to=${at(0)}`)).statusCode).toBe(422);
    expect((await call('GET', `/analytics?from=${at(-100 * dayMs)}&to=${at(0)}`)).statusCode).toBe(422);
    expect((await call('GET', '/analytics?timeZone=Mars/Olympus')).statusCode).toBe(422);
    const agent = (await call('POST', '/tokens', { name: 'agent', role: 'agent' })).json<{ token: string }>().token;
    expect((await call('GET', '/analytics', undefined, agent)).statusCode).toBe(403);
  });
});
