import { sql } from 'kysely';
import type { Executor } from '../../../app-context.js';
import type { ChannelAccountRow, ConversationRow, EmailMailboxCursorRow } from '../../../infra/db/schema.js';
import type { SecretBox } from '../../../infra/secret-box.js';
import { readReceiptPayload } from '../../ingest/receipt.repo.js';

/** The email accounts whose address (handle) is one of these, in any workspace; compared case-insensitively. */
export async function findEmailAccountsByAddress(db: Executor, addresses: readonly string[]): Promise<ChannelAccountRow[]> {
  const lowered = [...new Set(addresses.map((address) => address.trim().toLowerCase()))].filter((address) => address !== '');
  if (lowered.length === 0) return [];
  return db.selectFrom('channel_accounts').selectAll().where('platform', '=', 'email')
    .where(sql<string>`lower(handle)`, 'in', lowered).orderBy('id').execute();
}

/** Email accounts that have credentials (the ones that may have a mailbox to poll). */
export async function listEmailAccountsWithCredentials(db: Executor): Promise<ChannelAccountRow[]> {
  return db.selectFrom('channel_accounts').selectAll().where('platform', '=', 'email').where('credentials', 'is not', null).orderBy('id').execute();
}

/** The customer's latest message in a conversation: what a reply answers. */
export interface LastInbound {
  platformMessageId: string | null;
  threadRefs: string[];
  subject: string | undefined;
  receiptId: string | null;
}

/** Reads the newest inbound message of a conversation, or undefined when the customer has not written in it. */
export async function findLastInbound(db: Executor, conversation: Pick<ConversationRow, 'id' | 'workspace_id'>): Promise<LastInbound | undefined> {
  const row = await db.selectFrom('messages').select(['platform_message_id', 'thread_refs', 'metadata', 'receipt_id'])
    .where('workspace_id', '=', conversation.workspace_id).where('conversation_id', '=', conversation.id).where('direction', '=', 'inbound')
    .orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (row === undefined) return undefined;
  const refs = row.thread_refs === null ? [] : (JSON.parse(row.thread_refs) as unknown);
  const metadata = JSON.parse(row.metadata) as { subject?: unknown };
  return {
    platformMessageId: row.platform_message_id,
    threadRefs: Array.isArray(refs) ? refs.filter((ref): ref is string => typeof ref === 'string') : [],
    subject: typeof metadata.subject === 'string' ? metadata.subject : undefined,
    receiptId: row.receipt_id,
  };
}

/** The address the conversation's customer last wrote from (their email identity). */
export async function findCustomerAddress(db: Executor, conversation: Pick<ConversationRow, 'workspace_id' | 'contact_id'>): Promise<string | undefined> {
  const identity = await db.selectFrom('contact_identities').select('platform_user_id')
    .where('workspace_id', '=', conversation.workspace_id).where('contact_id', '=', conversation.contact_id).where('platform', '=', 'email')
    .orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  return identity?.platform_user_id;
}

/** The stored payload of a receipt of the workspace (the raw email a message came in), opened; undefined once retention removed it. */
export async function findReceiptPayload(db: Executor, secrets: SecretBox, workspaceId: string, receiptId: string): Promise<string | undefined> {
  return readReceiptPayload(db, secrets, workspaceId, receiptId);
}

/** Where polling of an account's mailbox stands. */
export async function readCursor(db: Executor, accountId: string): Promise<EmailMailboxCursorRow | undefined> {
  return db.selectFrom('email_mailbox_cursors').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

/** Starts (or restarts, after UIDVALIDITY or the mailbox changed) an account's cursor at a UID. */
export async function resetCursor(db: Executor, row: Pick<EmailMailboxCursorRow, 'account_id' | 'workspace_id' | 'mailbox' | 'uid_validity' | 'last_uid'>, now: number): Promise<void> {
  const values = { ...row, polled_at: null, refused_credentials: null, updated_at: now };
  await db.insertInto('email_mailbox_cursors').values(values)
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ mailbox: row.mailbox, uid_validity: row.uid_validity, last_uid: row.last_uid, refused_credentials: null, updated_at: now }))
    .execute();
}

/** Moves the cursor past a UID whose message is committed; never backwards, so two overlapping polls cannot rewind it. */
export async function advanceCursor(db: Executor, accountId: string, uidValidity: string, uid: number, now: number): Promise<void> {
  await db.updateTable('email_mailbox_cursors').set({ last_uid: uid, updated_at: now })
    .where('account_id', '=', accountId).where('uid_validity', '=', uidValidity).where('last_uid', '<', uid).execute();
}

/** Records a finished poll (the time the next resynchronisation searches from), and that the credentials worked. */
export async function markPolled(db: Executor, accountId: string, now: number): Promise<void> {
  await db.updateTable('email_mailbox_cursors').set({ polled_at: now, refused_credentials: null, updated_at: now }).where('account_id', '=', accountId).execute();
}

/** Remembers that the server refused these credentials, so polling stops until they change. */
export async function markCredentialsRefused(db: Executor, account: Pick<ChannelAccountRow, 'id' | 'workspace_id'>, mailbox: string, fingerprint: string, now: number): Promise<void> {
  await db.insertInto('email_mailbox_cursors')
    .values({ account_id: account.id, workspace_id: account.workspace_id, mailbox, uid_validity: null, last_uid: 0, polled_at: null, refused_credentials: fingerprint, updated_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ refused_credentials: fingerprint, updated_at: now }))
    .execute();
}
