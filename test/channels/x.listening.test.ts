import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../server/features/auth/token.service.js';
import { v2PostObject, v2UserObject } from '../../server/features/channels/x/x.fake-payloads.js';
import type { FakeXPost } from '../../server/features/channels/x/x.fake-store.js';
import { insertReceipts } from '../../server/features/ingest/receipt.repo.js';
import { newId } from '../../server/infra/ids.js';
import { bearer } from '../helpers/app.js';
import { testEngines } from '../helpers/db.js';
import { startXHarness, xSecrets, xUsers, type XHarness } from './x.harness.js';

interface QueryView {
  id: string;
  kind: string;
  query: string;
  sinceId: string | null;
  lastPolledAt: string | null;
  lastError: string | null;
  intervalSeconds: number;
}

describe.each(testEngines)('listening on X on %s', (engine) => {
  let h: XHarness;
  let mentions: QueryView;
  beforeAll(async () => {
    h = await startXHarness(engine);
    h.fake.setPageCap(2);
  });
  afterAll(async () => h.close());

  let counter = 0;
  const mention = (author: string = xUsers.jane.id, extra: { inReplyTo?: string } = {}) => h.fake.addPost({ author, text: `@acmecare issue ${++counter}`, ...extra });
  const queryOf = async (id: string) => (await h.api<{ items: QueryView[] }>('GET', '/listening/queries')).body.items.find((item) => item.id === id);
  const waitForPoll = async (id: string, after: string | null) => {
    await expect.poll(async () => (await queryOf(id))?.lastPolledAt ?? null, { timeout: 15_000, interval: 50 }).not.toBe(after);
    await h.settle();
    return (await queryOf(id)) as QueryView;
  };
  const pollNow = async (id: string) => {
    const before = (await queryOf(id))?.lastPolledAt ?? null;
    expect((await h.api('POST', `/listening/queries/${id}/poll`)).status).toBe(202);
    return waitForPoll(id, before);
  };
  const stored = async (posts: FakeXPost[]) => Promise.all(posts.map(async (post) => h.findMessage(post.id)));
  const mentionCalls = () => h.fake.calls.filter((call) => call.family === 'mentions');

  it('saves a mentions query (audited) whose first poll takes only the newest page', async () => {
    const older = [mention(), mention(), mention()];
    const created = await h.api<QueryView>('POST', '/listening/queries', { accountId: h.account.id, kind: 'mentions' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'mentions', query: '', intervalSeconds: 60, sinceId: null, lastPolledAt: null });
    mentions = await waitForPoll(created.body.id, null);
    expect(mentions).toMatchObject({ sinceId: older[2]?.id, lastError: null });
    expect((await stored(older)).map((message) => message !== undefined)).toEqual([false, true, true]);
    const call = mentionCalls().at(-1);
    expect(call).toMatchObject({ path: `/2/users/${xUsers.brand.id}/mentions`, authorization: `Bearer ${xSecrets.bearerToken}`, status: 200 });
    expect(call?.query).toEqual({
      max_results: '100', expansions: 'author_id', 'tweet.fields': 'created_at,public_metrics,author_id,conversation_id,in_reply_to_user_id,referenced_tweets',
      'user.fields': 'username,name,profile_image_url,verified,public_metrics',
    });
    const audit = await h.runtime.ctx.db.kysely.selectFrom('audit_entries').select('action').where('object_id', '=', created.body.id).execute();
    expect(audit.map((entry) => entry.action)).toEqual(['listening_query.created']);
  });

  it('polls everything newer than since_id across pages, keeping since_id while paging, and threads replies', async () => {
    const root = (await h.findMessage(h.fake.store.posts.at(-1)?.id ?? ''))?.conversation_id;
    const newer = [mention(), mention(xUsers.kim.id), mention(xUsers.sam.id, { inReplyTo: mentions.sinceId ?? '' }), mention(), mention()];
    const calls = mentionCalls().length;
    const polled = await pollNow(mentions.id);
    expect(polled).toMatchObject({ sinceId: newer[4]?.id, lastError: null });
    expect((await stored(newer)).every((message) => message !== undefined)).toBe(true);
    expect((await h.findMessage(newer[2]?.id ?? ''))?.conversation_id).toBe(root);
    const pages = mentionCalls().slice(calls);
    expect(pages.map((call) => [call.query.since_id, call.query.pagination_token !== undefined])).toEqual([[mentions.sinceId, false], [mentions.sinceId, true], [mentions.sinceId, true]]);
    const again = await pollNow(mentions.id);
    expect(again.sinceId).toBe(newer[4]?.id);
  });

  it('turns recent-search results that do not tag the brand into public conversations', async () => {
    const matching = h.fake.addPost({ author: xUsers.kim.id, text: 'Acme Air lost my luggage again, refund please' });
    h.fake.addPost({ author: xUsers.kim.id, text: 'lovely weather today' });
    const created = await h.api<QueryView>('POST', '/listening/queries', { accountId: h.account.id, kind: 'search', query: 'refund -is:retweet', intervalSeconds: 300 });
    expect(created.status).toBe(201);
    const polled = await waitForPoll(created.body.id, null);
    expect(polled).toMatchObject({ sinceId: matching.id, lastError: null });
    const message = await h.findMessage(matching.id);
    expect(message).toMatchObject({ visibility: 'public', direction: 'inbound' });
    const call = h.fake.calls.filter((c) => c.family === 'search').at(-1);
    expect(call).toMatchObject({ path: '/2/tweets/search/recent', status: 200, query: expect.objectContaining({ query: 'refund -is:retweet' }) as object });
    expect((await h.api('POST', '/listening/queries', { accountId: h.account.id, kind: 'search', query: 'refund -is:retweet' })).status).toBe(409);
  });

  it('validates queries and guards changes with accounts:manage', async () => {
    const invalid = async (body: object) => (await h.api<{ code: string }>('POST', '/listening/queries', body)).status;
    expect(await invalid({ accountId: h.account.id, kind: 'search' })).toBe(422);
    expect(await invalid({ accountId: h.ws.accountId, kind: 'mentions' })).toBe(422);
    expect(await invalid({ accountId: h.account.id, kind: 'mentions', intervalSeconds: 1 })).toBe(422);
    const analyst = await createToken(h.runtime.ctx, h.ws.actor, { name: 'analyst', role: 'analyst' });
    const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => h.app.inject({ method, url: `/api/v1/workspaces/${h.ws.slug}/listening/queries${url}`, headers: bearer(analyst.token), ...(payload === undefined ? {} : { payload }) });
    expect((await inject('GET', '')).statusCode).toBe(200);
    expect((await inject('POST', '', { accountId: h.account.id, kind: 'search', query: 'delay' })).statusCode).toBe(403);
    expect((await inject('DELETE', `/${mentions.id}`)).statusCode).toBe(403);
  });

  it('waits out a rate limit on polling and then takes in what was missed', async () => {
    const missed = [mention(), mention()];
    // X names the reset in whole seconds (x-rate-limit-reset); Rapport does not call again before it.
    const untilMs = Math.ceil((Date.now() + 1_000) / 1000) * 1000;
    h.fake.throttle('mentions', { untilMs, shape: 'v1' });
    const limited = await pollNow(mentions.id);
    expect(limited.lastError).toContain('Rate limit exceeded [code 88]');
    const early = await pollNow(mentions.id);
    expect(early.lastError).toContain('Rate limited: X\'s window for this call resets at');
    expect(mentionCalls().filter((call) => call.status === 429)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, untilMs - Date.now() + 50));
    h.fake.throttle('mentions', undefined);
    const caughtUp = await pollNow(mentions.id);
    expect(caughtUp).toMatchObject({ lastError: null, sinceId: missed[1]?.id });
    expect((await stored(missed)).every((message) => message !== undefined)).toBe(true);
  });

  it('shows an expired token in the account health and backs off instead of retrying in a loop', async () => {
    h.fake.expireToken(xSecrets.bearerToken);
    const calls = mentionCalls().length;
    const failed = await pollNow(mentions.id);
    expect(failed.lastError).toContain('rejected the account\'s token');
    expect(await h.health()).toMatchObject({ health_status: 'error', health_detail: 'Access token: rejected by X: Unauthorized (HTTP 401)' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(mentionCalls().length - calls).toBe(1);
    const next = await h.runtime.ctx.db.kysely.selectFrom('jobs').select(['run_at', 'status']).where('name', '=', 'listening.poll')
      .where('payload', 'like', `%${mentions.id}%`).where('status', 'in', ['waiting', 'delayed']).orderBy('run_at', 'desc').executeTakeFirstOrThrow();
    expect(Number(next.run_at)).toBeGreaterThan(Date.now() + 30_000);
    h.fake.expireToken(xSecrets.bearerToken, false);
    expect((await pollNow(mentions.id)).lastError).toBeNull();
    expect((await h.health()).health_status).toBe('ok');
  });

  it('resumes after a restart mid-walk with no gap and no duplicate', async () => {
    const batch = [mention(), mention(), mention(), mention(), mention()];
    const start = (await queryOf(mentions.id)) as QueryView;
    h.fake.stall('mentions', { after: 1 });
    expect((await h.api('POST', `/listening/queries/${mentions.id}/poll`)).status).toBe(202);
    await expect.poll(async () => (await stored(batch)).filter(Boolean).length, { timeout: 10_000, interval: 50 }).toBe(2);
    // Stop Rapport while the second page hangs; the worker lets the poll end (its call times out) before it stops.
    await h.restart();
    h.fake.stall(undefined);
    const cut = (await queryOf(mentions.id)) as QueryView;
    expect(cut.sinceId).toBe(start.sinceId);
    const scheduled = await h.runtime.ctx.db.kysely.selectFrom('jobs').select('status').where('name', '=', 'listening.poll')
      .where('payload', 'like', `%${mentions.id}%`).where('status', 'in', ['waiting', 'delayed']).execute();
    expect(scheduled.length).toBeGreaterThan(0);

    const resumedFrom = mentionCalls().length;
    const resumed = await pollNow(mentions.id);
    expect(mentionCalls()[resumedFrom]?.query).toMatchObject({ since_id: start.sinceId, pagination_token: expect.any(String) as string });
    expect(resumed).toMatchObject({ sinceId: batch[4]?.id, lastError: null });
    expect((await stored(batch)).every((message) => message !== undefined)).toBe(true);

    // Had it stopped after committing but before saving since_id, the next poll would fetch the same posts: dedupe absorbs them.
    await h.runtime.ctx.db.kysely.updateTable('listening_queries').set({ since_id: start.sinceId }).where('id', '=', mentions.id).execute();
    const count = async () => Number((await h.runtime.ctx.db.kysely.selectFrom('messages').select(({ fn }) => fn.countAll<number>().as('n')).where('account_id', '=', h.account.id).executeTakeFirstOrThrow()).n);
    const before = await count();
    expect((await pollNow(mentions.id)).sinceId).toBe(batch[4]?.id);
    expect(await count()).toBe(before);
  });

  it('replays a polled page whose receipt was recorded but not processed (a crash), through the same parser', async () => {
    const post = mention();
    const page = { data: [v2PostObject(post)], includes: { users: [v2UserObject(xUsers.jane)] }, meta: { result_count: 1, newest_id: post.id, oldest_id: post.id } };
    await insertReceipts(h.runtime.ctx.db.kysely, [{
      id: newId(), workspace_id: h.ws.workspaceId, source: 'poll:x', account_id: h.account.id, payload: JSON.stringify(page),
      status: 'pending', error: null, received_at: Date.now() - 120_000, processed_at: null,
    }], h.runtime.ctx.secrets);
    expect(await h.runtime.ingest.replayPending()).toBeGreaterThanOrEqual(1);
    await h.runtime.ingest.drain();
    expect(await h.findMessage(post.id)).toMatchObject({ visibility: 'public', direction: 'inbound' });
  });

  it('deletes a query (audited); its schedule ends', async () => {
    const deleted = await h.api<QueryView>('DELETE', `/listening/queries/${mentions.id}`);
    expect(deleted.status).toBe(200);
    expect(await queryOf(mentions.id)).toBeUndefined();
    expect((await h.api('DELETE', `/listening/queries/${mentions.id}`)).status).toBe(404);
    const audit = await h.runtime.ctx.db.kysely.selectFrom('audit_entries').select('action').where('object_id', '=', mentions.id).orderBy('seq').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['listening_query.created', 'listening_query.deleted']);
  });
});
