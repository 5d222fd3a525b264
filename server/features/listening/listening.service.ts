import { createHash } from 'node:crypto';
import type { Platform } from '../../../common/enums.js';
import { inTransaction, type AppContext } from '../../app-context.js';
import { AppError, notFound } from '../../http/app-error.js';
import { classifyDbError } from '../../infra/db/db-errors.js';
import type { ListeningQueryRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { getChannelAccount } from '../channels/account.service.js';
import { enqueuePoll, slotAt } from './listening-poll.job.js';
import { deleteQuery, findQuery, insertQuery, type ListeningQueryWithPlatform } from './listening.repo.js';
import { intervalBounds, listeningPlatforms, type CreateListeningQueryBody, type ListeningQueryView } from './listening.schemas.js';

/** The API view of a saved query. */
export function presentListeningQuery(row: ListeningQueryWithPlatform): ListeningQueryView {
  const iso = (millis: number | null) => (millis === null ? null : new Date(Number(millis)).toISOString());
  return {
    id: row.id, accountId: row.account_id, channel: row.platform as Platform, kind: row.kind as ListeningQueryView['kind'], query: row.query,
    intervalSeconds: Number(row.interval_seconds), active: Number(row.active) === 1, sinceId: row.since_id,
    lastPolledAt: iso(row.last_polled_at), lastError: row.last_error, createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

/** Reads one query of the actor's workspace, or throws NOT_FOUND. */
export async function getListeningQuery(ctx: AppContext, workspaceId: string, id: string): Promise<ListeningQueryWithPlatform> {
  const row = await findQuery(ctx.db.kysely, workspaceId, id);
  if (row === undefined) throw notFound('Listening query');
  return row;
}

/**
 * Saves a listening query on one of the workspace's accounts and schedules its first poll at once. A mentions query needs
 * the account's platform id (the X user id); a search query needs its text. The same query twice on one account is a 409.
 */
export async function createListeningQuery(ctx: AppContext, actor: Actor, input: CreateListeningQueryBody): Promise<ListeningQueryWithPlatform> {
  requirePermission(actor, 'accounts:manage');
  const account = await getChannelAccount(ctx.db.kysely, actor.workspaceId, input.accountId);
  if (!listeningPlatforms.has(account.platform)) throw invalid('accountId', `Rapport cannot poll ${account.platform} accounts; listening works on X accounts`);
  const query = input.kind === 'search' ? input.query ?? '' : '';
  if (input.kind === 'search' && query === '') throw invalid('query', 'a search needs a query, e.g. "@brand -is:retweet"');
  if (input.kind === 'mentions' && (input.query ?? '') !== '') throw invalid('query', 'the mentions timeline takes no query');
  if (input.kind === 'mentions' && account.platform_account_id === null) throw invalid('accountId', 'the mentions timeline needs the account\'s X user id as its platform account id');
  const now = ctx.clock.now();
  const row: ListeningQueryRow = {
    id: newId(), workspace_id: actor.workspaceId, account_id: account.id, kind: input.kind, query,
    query_key: createHash('sha256').update(`${input.kind}\u0000${query}`).digest('hex'), interval_seconds: input.intervalSeconds ?? intervalBounds.default,
    since_id: null, next_token: null, pending_newest_id: null, last_polled_at: null, last_error: null, failures: 0, lease_until: null, active: 1,
    created_by: actor.userId, created_at: now, updated_at: now,
  };
  const saved = { ...row, platform: account.platform };
  try {
    await inTransaction(ctx, async (trx) => {
      await insertQuery(trx, row);
      await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'listening_query.created', objectType: 'listening_query', objectId: row.id, after: presentListeningQuery(saved), at: now });
    });
  } catch (error) {
    if (classifyDbError(error) === 'DUPLICATE') throw new AppError('DUPLICATE', 'This account already has the same listening query', [{ path: 'body.query', message: 'already saved' }]);
    throw error;
  }
  await enqueuePoll(ctx, row, slotAt(row.interval_seconds, now));
  return saved;
}

/** Deletes a saved query; its scheduled poll finds nothing and the schedule ends. */
export async function deleteListeningQuery(ctx: AppContext, actor: Actor, id: string): Promise<ListeningQueryWithPlatform> {
  requirePermission(actor, 'accounts:manage');
  return inTransaction(ctx, async (trx) => {
    const row = await findQuery(trx, actor.workspaceId, id);
    if (row === undefined) throw notFound('Listening query');
    await deleteQuery(trx, row.id);
    await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'listening_query.deleted', objectType: 'listening_query', objectId: row.id, before: presentListeningQuery(row), at: ctx.clock.now() });
    return row;
  });
}

/** Asks for a poll of a query now, besides its schedule; the result shows in its lastPolledAt and lastError. */
export async function requestListeningPoll(ctx: AppContext, actor: Actor, id: string): Promise<ListeningQueryWithPlatform> {
  requirePermission(actor, 'accounts:manage');
  const row = await getListeningQuery(ctx, actor.workspaceId, id);
  const now = ctx.clock.now();
  await enqueuePoll(ctx, row, slotAt(row.interval_seconds, now), `listening.poll:${row.id}:now:${now}`);
  return row;
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid listening query: ${message}`, [{ path: `body.${field}`, message }]);
}
