import type { Role } from '../../../common/enums.js';
import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import type { ApiTokenRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { AppError, notFound } from '../../http/app-error.js';
import { recordAudit } from '../audit/audit.service.js';
import { rolePermissions, type Permission } from './permissions.js';
import { requirePermission, type Actor } from './actor.js';
import { hashSecret, newSecret } from './secret-token.js';
import { createTokenInput, type CreateTokenInput, type TokenView } from './token.schemas.js';

/** Creates an API token in the actor's workspace; the secret is returned only here. */
export async function createToken(ctx: AppContext, actor: Actor, input: CreateTokenInput): Promise<{ token: string; row: ApiTokenRow }> {
  requirePermission(actor, 'tokens:manage');
  const valid = createTokenInput.parse(input);
  if (rank(valid.role) < rank(actor.role)) throw new AppError('FORBIDDEN', 'A token cannot have a more powerful role than its creator');
  // A scoped token that manages tokens must not mint one with more scopes than it has itself.
  const scopes = valid.scopes ?? (actor.scopes === undefined ? null : actor.scopes.filter((scope) => rolePermissions[valid.role].has(scope)));
  const beyondCreator = actor.scopes === undefined ? [] : (scopes ?? []).filter((scope) => !actor.scopes?.includes(scope));
  if (beyondCreator.length > 0 || scopes?.length === 0) {
    throw new AppError('FORBIDDEN', 'A token cannot have scopes its creator lacks', [{ path: 'body.scopes', message: `beyond the creator's scopes: ${beyondCreator.join(', ') || 'none left'}` }]);
  }
  const outside = scopes?.filter((scope) => !rolePermissions[valid.role].has(scope)) ?? [];
  if (outside.length > 0) {
    throw new AppError('VALIDATION_FAILED', `Role ${valid.role} does not allow ${outside.join(', ')}`, [{ path: 'body.scopes', message: `not allowed for role ${valid.role}` }]);
  }
  const token = newSecret('rpt');
  const now = ctx.clock.now();
  const row: ApiTokenRow = {
    id: newId(), workspace_id: actor.workspaceId, name: valid.name, token_hash: hashSecret(token), prefix: token.slice(0, 10), role: valid.role,
    scopes: JSON.stringify(scopes), created_by: actor.userId, created_at: now,
    expires_at: valid.expiresInDays === undefined ? null : now + valid.expiresInDays * 86_400_000, last_used_at: null, revoked_at: null,
  };
  await inTransaction(ctx, async (trx, emit) => {
    await trx.insertInto('api_tokens').values(row).execute();
    await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'token.created', objectType: 'api_token', objectId: row.id, after: presentToken(row), at: now });
    emit({ type: 'token.created', workspaceId: actor.workspaceId, data: { token: presentToken(row) }, at: now });
  });
  return { token, row };
}

const roleOrder: Role[] = ['admin', 'supervisor', 'agent', 'analyst'];
function rank(role: Role): number {
  return roleOrder.indexOf(role);
}

/** The token behind a bearer secret, if it is valid, unrevoked and unexpired. */
export async function resolveToken(db: Executor, secret: string, now: number): Promise<ApiTokenRow | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashSecret(secret)).where('revoked_at', 'is', null).executeTakeFirst();
  if (row === undefined || (row.expires_at !== null && row.expires_at <= now)) return undefined;
  return row;
}

/** Records that a token was used, at most once a minute so busy integrations don't write on every request. */
export async function touchToken(db: Executor, row: ApiTokenRow, now: number): Promise<void> {
  if (row.last_used_at !== null && now - row.last_used_at < 60_000) return;
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
}

/** Revokes a token of the actor's workspace. */
export async function revokeToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<ApiTokenRow> {
  requirePermission(actor, 'tokens:manage');
  const now = ctx.clock.now();
  return inTransaction(ctx, async (trx, emit) => {
    const row = await trx.selectFrom('api_tokens').selectAll().where('workspace_id', '=', actor.workspaceId).where('id', '=', tokenId).executeTakeFirst();
    if (row === undefined) throw notFound('API token');
    if (row.revoked_at !== null) return row;
    const revoked = { ...row, revoked_at: now };
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', row.id).execute();
    await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'token.revoked', objectType: 'api_token', objectId: row.id, before: presentToken(row), after: presentToken(revoked), at: now });
    emit({ type: 'token.revoked', workspaceId: actor.workspaceId, data: { token: presentToken(revoked) }, at: now });
    return revoked;
  });
}

/** Lists the tokens of a workspace. */
export async function listTokens(db: Executor, workspaceId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').execute();
}

/** The scopes stored on a token; undefined when it has every permission of its role. */
export function tokenScopes(row: ApiTokenRow): Permission[] | undefined {
  const parsed = JSON.parse(row.scopes) as Permission[] | null;
  return parsed ?? undefined;
}

const iso = (value: number | null) => (value === null ? null : new Date(Number(value)).toISOString());

/** The API view of a token. */
export function presentToken(row: ApiTokenRow): TokenView {
  return {
    id: row.id, name: row.name, prefix: row.prefix, role: row.role as Role, scopes: tokenScopes(row) ?? null,
    createdAt: new Date(Number(row.created_at)).toISOString(), expiresAt: iso(row.expires_at), lastUsedAt: iso(row.last_used_at), revokedAt: iso(row.revoked_at),
  };
}
