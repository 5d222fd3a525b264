import type { Executor } from '../../../app-context.js';
import type { MessageRow } from '../../../infra/db/schema.js';
import { clientIdOf, type WidgetMessage } from './webchat.protocol.js';

type HistoryRow = Pick<MessageRow, 'id' | 'direction' | 'platform_message_id' | 'text' | 'sent_at' | 'delivery_status'>;

/** Outbound statuses a visitor may see: queued and failed replies never reached them. */
const visibleOutbound = ['sent', 'delivered', 'read'];

/**
 * The newest messages between the brand and one visitor identity on one web chat account, oldest first: the
 * conversations of the identity's contact on that account (so a verified user sees the same thread on every device).
 */
export async function loadVisitorHistory(db: Executor, input: { workspaceId: string; accountId: string; platformUserId: string; limit: number }): Promise<WidgetMessage[]> {
  const identity = await db.selectFrom('contact_identities').select('contact_id')
    .where('workspace_id', '=', input.workspaceId).where('platform', '=', 'webchat').where('platform_user_id', '=', input.platformUserId).executeTakeFirst();
  if (identity === undefined) return [];
  const rows = await db.selectFrom('messages as m').innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.id', 'm.direction', 'm.platform_message_id', 'm.text', 'm.sent_at', 'm.delivery_status'])
    .where('c.workspace_id', '=', input.workspaceId).where('c.account_id', '=', input.accountId).where('c.contact_id', '=', identity.contact_id)
    .where('m.visibility', '=', 'private')
    .where((eb) => eb.or([eb('m.direction', '=', 'inbound'), eb('m.delivery_status', 'in', visibleOutbound)]))
    .orderBy('m.sent_at', 'desc').orderBy('m.id', 'desc').limit(input.limit).execute();
  return rows.reverse().map(presentWidgetMessage);
}

/** The visitor identities of a contact on the web chat platform: whose sockets a reply to that contact goes to. */
export async function listVisitorIdentities(db: Executor, workspaceId: string, contactId: string): Promise<string[]> {
  const rows = await db.selectFrom('contact_identities').select('platform_user_id')
    .where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).where('platform', '=', 'webchat').limit(100).execute();
  return rows.map((row) => row.platform_user_id);
}

/** The brand's messages on an account among `ids`, with where their delivery stands. */
export async function findOutboundMessages(db: Executor, accountId: string, ids: readonly string[]): Promise<Array<Pick<MessageRow, 'id' | 'platform_message_id' | 'delivery_status'>>> {
  if (ids.length === 0) return [];
  return db.selectFrom('messages').select(['id', 'platform_message_id', 'delivery_status'])
    .where('account_id', '=', accountId).where('direction', '=', 'outbound').where('id', 'in', [...ids]).execute();
}

/** A stored message as the widget shows it. */
export function presentWidgetMessage(row: HistoryRow): WidgetMessage {
  const inbound = row.direction === 'inbound';
  const clientId = inbound ? clientIdOf(row.platform_message_id) : undefined;
  return {
    id: row.id, ...(clientId === undefined ? {} : { clientId }), from: inbound ? 'visitor' : 'agent', text: row.text,
    sentAt: new Date(Number(row.sent_at)).toISOString(), status: row.delivery_status,
  };
}
