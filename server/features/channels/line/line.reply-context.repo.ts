import type { Executor } from '../../../app-context.js';
import type { ConversationRow, MessageRow } from '../../../infra/db/schema.js';
import type { SecretBox } from '../../../infra/secret-box.js';
import { openReceiptPayload } from '../../ingest/receipt.repo.js';
import { findReplySource, type LineReplySource } from './line.parse.js';

/** What a LINE reply needs to know about the customer message it answers and the customer it goes to. */
export interface LineReplyContext {
  /** The answered message's chat, reply token and time, read back from the webhook that brought it. */
  source: LineReplySource | undefined;
  /** Another reply to the same message was already sent: a reply token is single-use, so this one pushes. */
  tokenSpent: boolean;
  /** The customer's LINE user id (their latest identity on the conversation's contact). */
  customerId: string | undefined;
}

/**
 * Loads the reply context of a queued reply. The reply token is not part of Rapport's event model, so it is read from
 * the stored webhook receipt of the message being answered (receipts keep the raw payload as LINE sent it, sealed, until
 * retention removes it; a token is long expired by then).
 */
export async function loadLineReplyContext(db: Executor, secrets: SecretBox, message: MessageRow, conversation: ConversationRow): Promise<LineReplyContext> {
  const parentId = message.parent_platform_id;
  const identity = await db.selectFrom('contact_identities').select('platform_user_id')
    .where('workspace_id', '=', conversation.workspace_id).where('contact_id', '=', conversation.contact_id).where('platform', '=', 'line')
    .orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  if (parentId === null) return { source: undefined, tokenSpent: false, customerId: identity?.platform_user_id };
  const receipt = await db.selectFrom('messages').innerJoin('receipt_payloads', 'receipt_payloads.receipt_id', 'messages.receipt_id').select('receipt_payloads.payload')
    .where('messages.account_id', '=', message.account_id).where('messages.platform_message_id', '=', parentId).executeTakeFirst();
  const earlier = await db.selectFrom('messages').select('id')
    .where('conversation_id', '=', message.conversation_id).where('direction', '=', 'outbound').where('parent_platform_id', '=', parentId)
    .where('id', '!=', message.id).where('delivery_status', 'in', ['sent', 'delivered', 'read']).limit(1).executeTakeFirst();
  return { source: receipt === undefined ? undefined : findReplySource(parseStored(openReceiptPayload(secrets, receipt.payload)), parentId), tokenSpent: earlier !== undefined, customerId: identity?.platform_user_id };
}

function parseStored(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return undefined;
  }
}
