import type { Platform } from '../../../common/enums.js';
import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import { classifyDbError } from '../../infra/db/db-errors.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { AppError, notFound } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { createAccountBody, updateAccountBody, type AccountView, type CreateAccountBody, type UpdateAccountBody } from './account.schemas.js';
import { checkWebchatAccountInput } from './webchat/webchat.account.js';
import { readAllowedOrigins, writeAllowedOrigins } from './webchat/webchat.settings.repo.js';

/** Connects a channel account; its credentials are encrypted with the configured key before they are stored. */
export async function createChannelAccount(ctx: AppContext, actor: Actor, input: CreateAccountBody): Promise<ChannelAccountRow> {
  requirePermission(actor, 'accounts:manage');
  const valid = createAccountBody.parse(input);
  const origins = checkWebchatAccountInput(valid.channel, valid, true);
  const now = ctx.clock.now();
  const row: ChannelAccountRow = {
    id: newId(), workspace_id: actor.workspaceId, platform: valid.channel, handle: valid.handle, name: valid.name ?? valid.handle,
    platform_account_id: valid.platformAccountId ?? null, credentials: valid.credentials === undefined ? null : ctx.secrets.seal(JSON.stringify(valid.credentials)),
    health_status: 'unknown', health_detail: null, health_checked_at: null, token_refresh_lease_until: null, token_refresh_refused: null, created_at: now, updated_at: now,
  };
  try {
    await inTransaction(ctx, async (trx, emit) => {
      await trx.insertInto('channel_accounts').values(row).execute();
      if (origins !== undefined) await writeAllowedOrigins(trx, { accountId: row.id, workspaceId: row.workspace_id, origins, now });
      const view = presentAccount(row, origins);
      await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'account.created', objectType: 'channel_account', objectId: row.id, after: view, at: now });
      emit({ type: 'account.created', workspaceId: actor.workspaceId, data: { account: view } });
    });
  } catch (error) {
    if (classifyDbError(error) === 'DUPLICATE') throw new AppError('DUPLICATE', `The ${valid.channel} account @${valid.handle} is already connected`, [{ path: 'handle', message: 'already connected' }]);
    throw error;
  }
  return row;
}

/** Changes a channel account's name, platform id or credentials; new credentials clear an access-token health error. */
export async function updateChannelAccount(ctx: AppContext, actor: Actor, id: string, input: UpdateAccountBody): Promise<ChannelAccountRow> {
  requirePermission(actor, 'accounts:manage');
  const valid = updateAccountBody.parse(input);
  return inTransaction(ctx, async (trx, emit) => {
    const before = await getChannelAccount(trx, actor.workspaceId, id);
    const origins = checkWebchatAccountInput(before.platform, valid, false);
    const originsBefore = (await readAllowedOrigins(trx, [id])).get(id);
    const now = ctx.clock.now();
    const after: ChannelAccountRow = {
      ...before,
      name: valid.name ?? before.name,
      platform_account_id: valid.platformAccountId === undefined ? before.platform_account_id : valid.platformAccountId,
      credentials: valid.credentials === undefined ? before.credentials : ctx.secrets.seal(JSON.stringify(valid.credentials)),
      // New credentials deserve a fresh check: the next platform call sets the health again.
      ...(valid.credentials === undefined ? {} : { health_status: 'unknown', health_detail: null, health_checked_at: null }),
      updated_at: now,
    };
    const { name, platform_account_id, credentials, health_status, health_detail, health_checked_at } = after;
    await trx.updateTable('channel_accounts').set({ name, platform_account_id, credentials, health_status, health_detail, health_checked_at, updated_at: now }).where('id', '=', id).execute();
    if (origins !== undefined) await writeAllowedOrigins(trx, { accountId: id, workspaceId: before.workspace_id, origins, now });
    const view = presentAccount(after, origins ?? originsBefore);
    await recordAudit(trx, {
      actor, workspaceId: actor.workspaceId, action: valid.credentials === undefined ? 'account.updated' : 'account.credentials_replaced',
      objectType: 'channel_account', objectId: id, before: presentAccount(before, originsBefore), after: view, at: now,
    });
    emit({ type: 'account.updated', workspaceId: actor.workspaceId, data: { account: view } });
    return after;
  });
}

/** Lists a workspace's channel accounts. */
export async function listChannelAccounts(db: Executor, workspaceId: string): Promise<ChannelAccountRow[]> {
  return db.selectFrom('channel_accounts').selectAll().where('workspace_id', '=', workspaceId).orderBy('platform').orderBy('handle').execute();
}

/** Reads one channel account of the workspace, or throws NOT_FOUND. */
export async function getChannelAccount(db: Executor, workspaceId: string, id: string): Promise<ChannelAccountRow> {
  const row = await db.selectFrom('channel_accounts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw notFound('Channel account');
  return row;
}

/** Decrypts an account's credentials for its adapter. */
export function accountCredentials(ctx: AppContext, row: ChannelAccountRow): Record<string, string> {
  return row.credentials === null ? {} : (JSON.parse(ctx.secrets.open(row.credentials)) as Record<string, string>);
}

/** The API views of channel accounts, with what each shows beyond its row (a web chat account's allowed origins). */
export async function presentAccounts(db: Executor, rows: readonly ChannelAccountRow[]): Promise<AccountView[]> {
  const origins = await readAllowedOrigins(db, rows.filter((row) => row.platform === 'webchat').map((row) => row.id));
  return rows.map((row) => presentAccount(row, origins.get(row.id)));
}

/** The API view of a channel account; a web chat account shows its allowed origins (pass them: they are not on the row). */
export function presentAccount(row: ChannelAccountRow, allowedOrigins?: readonly string[]): AccountView {
  return {
    id: row.id, channel: row.platform as Platform, handle: row.handle, name: row.name, platformAccountId: row.platform_account_id,
    hasCredentials: row.credentials !== null,
    ...(row.platform === 'webchat' ? { allowedOrigins: [...(allowedOrigins ?? [])] } : {}),
    health: { status: row.health_status, detail: row.health_detail, checkedAt: row.health_checked_at === null ? null : new Date(Number(row.health_checked_at)).toISOString() },
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}
