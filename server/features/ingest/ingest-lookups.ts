import type { Executor } from '../../app-context.js';
import type { ChannelAccountRow, ContactIdentityRow, ConversationRow } from '../../infra/db/schema.js';

/** Rows per IN (…) list, well under both engines' parameter limits. */
export const chunkSize = 500;
const keysPerList = 512;

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size = chunkSize): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Splits keys for `IN (…)` lists padded (with the last key again) to a power-of-two length of at least 8, so a few
 * prepared statements serve every batch instead of one per list length.
 */
export function keyChunks<T>(keys: readonly T[]): T[][] {
  return chunks(keys, keysPerList).map((part) => {
    const length = Math.max(8, 2 ** Math.ceil(Math.log2(part.length)));
    const last = part[part.length - 1] as T;
    while (part.length < length) part.push(last);
    return part;
  });
}

/** Key of a message on a channel account: the dedupe key of ingest. */
export function messageKey(accountId: string, platformMessageId: string): string {
  return `${accountId}\u0000${platformMessageId}`;
}

/** Key of a contact identity on a platform. */
export function identityKey(platform: string, platformUserId: string): string {
  return `${platform}\u0000${platformUserId}`;
}

/** A stored message as threading and dedupe need it. */
export interface KnownMessage {
  id: string;
  conversation_id: string;
  direction: string;
  delivery_status: string;
  /** `public` or `private`: how an edit of it is masked. */
  visibility: string;
  text: string;
  metadata: string;
}

/** The channel accounts of a workspace, by id and by platform + lower-cased handle. */
export async function loadAccounts(trx: Executor, workspaceId: string): Promise<Map<string, ChannelAccountRow>> {
  const rows = await trx.selectFrom('channel_accounts').selectAll().where('workspace_id', '=', workspaceId).execute();
  const byRef = new Map<string, ChannelAccountRow>();
  for (const row of rows) {
    byRef.set(row.id, row);
    byRef.set(`${row.platform}:${row.handle.toLowerCase()}`, row);
  }
  return byRef;
}

/** Finds an event's channel account among a workspace's accounts, by id or by handle (with or without @). */
export function resolveAccount(accounts: ReadonlyMap<string, ChannelAccountRow>, ref: { channel: string; account: string }): ChannelAccountRow | undefined {
  const byId = accounts.get(ref.account);
  if (byId !== undefined && byId.platform === ref.channel) return byId;
  return accounts.get(`${ref.channel}:${ref.account.replace(/^@/, '').toLowerCase()}`) ?? accounts.get(`${ref.channel}:${ref.account.toLowerCase()}`);
}

/** Messages already stored under any of these (account, platform id) keys. */
export async function loadKnownMessages(trx: Executor, keys: ReadonlyArray<{ accountId: string; platformMessageId: string }>): Promise<Map<string, KnownMessage>> {
  const found = new Map<string, KnownMessage>();
  const byAccount = new Map<string, Set<string>>();
  for (const key of keys) {
    const ids = byAccount.get(key.accountId) ?? new Set<string>();
    ids.add(key.platformMessageId);
    byAccount.set(key.accountId, ids);
  }
  for (const [accountId, ids] of byAccount) {
    for (const part of keyChunks([...ids])) {
      const rows = await trx.selectFrom('messages')
        .select(['id', 'conversation_id', 'platform_message_id', 'direction', 'delivery_status', 'visibility', 'text', 'metadata'])
        .where('account_id', '=', accountId).where('platform_message_id', 'in', part).execute();
      for (const row of rows) if (row.platform_message_id !== null) found.set(messageKey(accountId, row.platform_message_id), row);
    }
  }
  return found;
}

/** Identities already known in the workspace for these platform users. */
export async function loadIdentities(trx: Executor, workspaceId: string, keys: ReadonlyArray<{ platform: string; platformUserId: string }>): Promise<Map<string, ContactIdentityRow>> {
  const found = new Map<string, ContactIdentityRow>();
  const byPlatform = new Map<string, Set<string>>();
  for (const key of keys) {
    const ids = byPlatform.get(key.platform) ?? new Set<string>();
    ids.add(key.platformUserId);
    byPlatform.set(key.platform, ids);
  }
  for (const [platform, ids] of byPlatform) {
    for (const part of keyChunks([...ids])) {
      const rows = await trx.selectFrom('contact_identities').selectAll()
        .where('workspace_id', '=', workspaceId).where('platform', '=', platform).where('platform_user_id', 'in', part).execute();
      for (const row of rows) found.set(identityKey(platform, row.platform_user_id), row);
    }
  }
  return found;
}

/** Conversations by id, and each contact's latest private conversation per account. */
export async function loadConversations(trx: Executor, workspaceId: string, ids: readonly string[], contactIds: readonly string[]): Promise<{
  byId: Map<string, ConversationRow>;
  latestPrivate: Map<string, ConversationRow>;
}> {
  const byId = new Map<string, ConversationRow>();
  const latestPrivate = new Map<string, ConversationRow>();
  for (const part of keyChunks([...new Set(ids)])) {
    // By primary key alone: with the workspace in the WHERE clause too, SQLite without statistics scans the whole workspace.
    const rows = await trx.selectFrom('conversations').selectAll().where('id', 'in', part).execute();
    for (const row of rows) if (row.workspace_id === workspaceId) byId.set(row.id, row);
  }
  for (const part of keyChunks([...new Set(contactIds)])) {
    const rows = await trx.selectFrom('conversations').selectAll()
      .where('workspace_id', '=', workspaceId).where('contact_id', 'in', part).where('visibility', '=', 'private').execute();
    for (const row of rows) {
      byId.set(row.id, row);
      const key = `${row.contact_id}:${row.account_id}`;
      const current = latestPrivate.get(key);
      if (current === undefined || row.last_message_at > current.last_message_at) latestPrivate.set(key, row);
    }
  }
  return { byId, latestPrivate };
}

/** The tags of these conversations. */
export async function loadTags(trx: Executor, conversationIds: readonly string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  for (const part of keyChunks([...new Set(conversationIds)])) {
    const rows = await trx.selectFrom('conversation_tags').select(['conversation_id', 'tag']).where('conversation_id', 'in', part).orderBy('tag').execute();
    for (const row of rows) tags.set(row.conversation_id, [...(tags.get(row.conversation_id) ?? []), row.tag]);
  }
  return tags;
}
