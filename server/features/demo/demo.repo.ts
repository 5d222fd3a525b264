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
