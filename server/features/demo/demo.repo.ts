import type { Executor } from '../../app-context.js';

/** A customer who wrote to the brand in private on a platform, and when they last did. */
export interface DirectCustomer {
  platform: string;
  /** The brand's id on the platform (page, Instagram account, WhatsApp phone number id). */
  brandPlatformId: string;
  customerPlatformId: string;
  lastInboundAt: number;
}

/** Reconnects a channel account: its platform id and sealed credentials. */
export async function updateAccountConnection(db: Executor, accountId: string, input: { platformAccountId: string | null; credentials: string | null; now: number }): Promise<void> {
  await db.updateTable('channel_accounts')
    .set({ platform_account_id: input.platformAccountId, credentials: input.credentials, updated_at: input.now })
    .where('id', '=', accountId)
    .execute();
}

/** The customers of a workspace's private conversations on these platforms who wrote after `since`. */
export async function listDirectCustomers(db: Executor, workspaceId: string, platforms: readonly string[], since: number): Promise<DirectCustomer[]> {
  const rows = await db.selectFrom('conversations as c')
    .innerJoin('channel_accounts as a', 'a.id', 'c.account_id')
    .innerJoin('contact_identities as i', (join) => join.onRef('i.contact_id', '=', 'c.contact_id').onRef('i.platform', '=', 'c.platform'))
    .select(['c.platform', 'a.platform_account_id', 'i.platform_user_id', 'c.last_inbound_at'])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.visibility', '=', 'private')
    .where('c.platform', 'in', [...platforms])
    .where('c.last_inbound_at', '>', since)
    .execute();
  return rows.flatMap((row) => (row.platform_account_id === null || row.last_inbound_at === null ? [] : [{
    platform: row.platform, brandPlatformId: row.platform_account_id, customerPlatformId: row.platform_user_id, lastInboundAt: Number(row.last_inbound_at),
  }]));
}

/** A public post or comment stored for a workspace, as a platform holds it: who wrote it, under what, and when. */
export interface StoredPublicMessage {
  platform: string;
  /** The brand's id on the platform (X user, page, Instagram account). */
  brandPlatformId: string;
  platformMessageId: string;
  parentPlatformId: string | null;
  direction: string;
  /** The customer's platform id (inbound messages); null for the brand's own. */
  authorPlatformId: string | null;
  text: string;
  sentAt: number;
}

/** The public messages of a workspace's accounts on these platforms, oldest first (a parent before its replies). */
export async function listPublicMessages(db: Executor, workspaceId: string, platforms: readonly string[]): Promise<StoredPublicMessage[]> {
  const rows = await db.selectFrom('messages as m')
    .innerJoin('channel_accounts as a', 'a.id', 'm.account_id')
    .leftJoin('contact_identities as i', (join) => join.onRef('i.contact_id', '=', 'm.author_contact_id').onRef('i.platform', '=', 'm.platform'))
    .select(['m.platform', 'a.platform_account_id', 'm.platform_message_id', 'm.parent_platform_id', 'm.direction', 'i.platform_user_id', 'm.text', 'm.sent_at'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.visibility', '=', 'public')
    .where('m.platform', 'in', [...platforms])
    .where('m.platform_message_id', 'is not', null)
    .orderBy('m.sent_at').orderBy('m.id')
    .execute();
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    // A contact with two identities on the platform would list the message twice.
    if (row.platform_account_id === null || row.platform_message_id === null || seen.has(row.platform_message_id)) return [];
    seen.add(row.platform_message_id);
    return [{
      platform: row.platform, brandPlatformId: row.platform_account_id, platformMessageId: row.platform_message_id, parentPlatformId: row.parent_platform_id,
      direction: row.direction, authorPlatformId: row.direction === 'inbound' ? row.platform_user_id : null, text: row.text, sentAt: Number(row.sent_at),
    }];
  });
}

/** The people a workspace knows on a platform: their id, handle, name and reach as their identities record them. */
export async function listPlatformPeople(db: Executor, workspaceId: string, platform: string): Promise<Array<{ id: string; handle: string | null; name: string | null; followers: number | null; verified: boolean }>> {
  const rows = await db.selectFrom('contact_identities').select(['platform_user_id', 'handle', 'display_name', 'followers', 'verified'])
    .where('workspace_id', '=', workspaceId).where('platform', '=', platform).execute();
  return rows.map((row) => ({ id: row.platform_user_id, handle: row.handle, name: row.display_name, followers: row.followers === null ? null : Number(row.followers), verified: Number(row.verified) === 1 }));
}
