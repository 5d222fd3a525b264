import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEvent } from '../../../common/inbound.js';
import { seedWorkspace, startTestApp, type SeededWorkspace, type TestApp } from '../../../test/helpers/app.js';
import type { ListeningQueryRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { JobError } from '../../infra/queue/queue.port.js';
import type { ListeningPage, ListeningPageRequest, ListeningSource } from './listening.port.js';
import { pollListeningQuery } from './listening.poller.js';
import { findQueryById, insertQuery } from './listening.repo.js';
import { resumeListeningSchedules } from './listening.wiring.js';

/** A pull source that answers from a script and remembers what it was asked. */
function scriptedSource(script: Array<ListeningPage | JobError>): ListeningSource & { requests: ListeningPageRequest[] } {
  const requests: ListeningPageRequest[] = [];
  return {
    platform: 'x',
    requests,
    async fetchPage(request) {
      requests.push(request);
      const next = script.shift();
      if (next === undefined) return { payload: '{}', events: [], newestId: undefined, nextToken: undefined };
      if (next instanceof JobError) throw next;
      return next;
    },
  };
}

describe('the listening poller', () => {
  let t: TestApp;
  let ws: SeededWorkspace;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    ws = await seedWorkspace(t.runtime);
  });
  afterAll(async () => t.close());

  const page = (id: string, nextToken?: string): ListeningPage => ({
    payload: JSON.stringify({ id }), newestId: id, nextToken,
    events: [inboundEvent.parse({ kind: 'message', channel: 'x', account: ws.accountId, platformMessageId: id, visibility: 'public', author: { platformUserId: 'u-1' }, text: `post ${id}`, sentAt: new Date().toISOString() })],
  });
  const saveQuery = async (cursor: Partial<ListeningQueryRow>) => {
    const now = Date.now();
    const row: ListeningQueryRow = {
      id: newId(), workspace_id: ws.workspaceId, account_id: ws.accountId, kind: 'search', query: 'refund', query_key: newId(), interval_seconds: 60,
      since_id: '10', next_token: null, pending_newest_id: null, last_polled_at: null, last_error: null, failures: 0, lease_until: null, active: 1,
      created_by: null, created_at: now, updated_at: now, ...cursor,
    };
    await insertQuery(t.runtime.ctx.db.kysely, row);
    return row;
  };
  const poll = (source: ListeningSource, id: string) => pollListeningQuery(t.runtime.ctx, t.runtime.ingest, new Map([['x', source]]), id);
  const stateOf = async (id: string) => findQueryById(t.runtime.ctx.db.kysely, id);

  it('keeps since_id until a walk ends, and resumes a walk cut short at the page it stopped at', async () => {
    const query = await saveQuery({});
    const source = scriptedSource([page('30', 'page-2'), new JobError('X is down')]);
    const cut = await poll(source, query.id);
    expect(await stateOf(query.id)).toMatchObject({ since_id: '10', next_token: 'page-2', pending_newest_id: '30', failures: 1, last_error: 'X is down', lease_until: null });
    expect(cut?.notBefore).toBeGreaterThanOrEqual(Date.now() + 59_000);

    const resumed = scriptedSource([page('20')]);
    await poll(resumed, query.id);
    expect(resumed.requests.map((request) => [request.sinceId, request.pageToken])).toEqual([['10', 'page-2']]);
    expect(await stateOf(query.id)).toMatchObject({ since_id: '30', next_token: null, pending_newest_id: null, failures: 0, last_error: null });
  });

  it('starts a walk the platform refuses to continue again from since_id, and backs off', async () => {
    const query = await saveQuery({ next_token: 'expired-token', pending_newest_id: '50', failures: 2 });
    const outcome = await poll(scriptedSource([new JobError('X refused the poll: invalid token', { permanent: true })]), query.id);
    expect(await stateOf(query.id)).toMatchObject({ since_id: '10', next_token: null, pending_newest_id: null, failures: 3 });
    expect(outcome?.notBefore).toBeGreaterThanOrEqual(Date.now() + 4 * 60_000 - 1_000);
  });

  it('resumes the schedule of every active query, once per slot', async () => {
    const query = await saveQuery({});
    // The current slot's poll only: once it ran, it schedules the next slot, an interval away.
    const pending = () => t.runtime.ctx.db.kysely.selectFrom('jobs').select('id').where('name', '=', 'listening.poll')
      .where('payload', 'like', `%${query.id}%`).where('run_at', '<=', Date.now()).execute();
    expect(await pending()).toHaveLength(0);
    expect(await resumeListeningSchedules(t.runtime.ctx)).toBeGreaterThanOrEqual(1);
    await resumeListeningSchedules(t.runtime.ctx);
    expect(await pending()).toHaveLength(1);
  });

  it('waits for a rate limit\'s reset, and skips a query whose poll is already running', async () => {
    const query = await saveQuery({});
    const limited = await poll(scriptedSource([new JobError('Rate limited', { retryAfterMs: 10 * 60_000 })]), query.id);
    expect(limited?.notBefore).toBeGreaterThanOrEqual(Date.now() + 10 * 60_000 - 1_000);
    await t.runtime.ctx.db.kysely.updateTable('listening_queries').set({ lease_until: Date.now() + 60_000 }).where('id', '=', query.id).execute();
    await expect(poll(scriptedSource([]), query.id)).rejects.toMatchObject({ failure: { retryAfterMs: 2_000 } });
  });
});
