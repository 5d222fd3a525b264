import type { MessageDirection } from '../../../common/enums.js';
import type { Executor } from '../../app-context.js';
import type { ConversationRow } from '../../infra/db/schema.js';
import { chunks } from '../ingest/ingest-lookups.js';
import { loadUnreadIds } from './conversation-read.repo.js';
import { personalDataKindsOf, storedTriageOf } from '../triage/triage.presenter.js';
import { previewChars, type ConversationSummaryView } from './conversation-summary.schemas.js';

/**
 * Loads the contact, last message, latest triage and the viewer's read state of a page of conversations in batched
 * queries (never one per row) and returns the summary of each, so an inbox renders its rows from a single request.
 * Without a viewer (a token made by no user) every conversation with a customer message is unread.
 */
export async function loadConversationSummaries(db: Executor, workspaceId: string, rows: readonly ConversationRow[], viewerId: string | null = null): Promise<(row: ConversationRow) => ConversationSummaryView> {
  const ids = rows.map((row) => row.id);
  const [contacts, last, triage, unread] = await Promise.all([
    loadContactNames(db, workspaceId, rows.map((row) => row.contact_id)),
    loadLastMessages(db, ids),
    loadLatestTriage(db, ids),
    loadUnreadIds(db, viewerId, rows),
  ]);
  return (row) => {
    const contact = contacts.get(row.contact_id);
    return {
      contact: { id: row.contact_id, displayName: contact?.displayName ?? null, handle: contact?.handle ?? null },
      lastMessage: last.get(row.id) ?? null,
      triage: triage.get(row.id) ?? null,
      unread: unread.has(row.id),
    };
  };
}

async function loadContactNames(db: Executor, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, { displayName: string | null; handle: string | null }>> {
  const names = new Map<string, { displayName: string | null; handle: string | null }>();
  for (const part of chunks([...new Set(contactIds)])) {
    const contacts = await db.selectFrom('contacts').select(['id', 'display_name']).where('workspace_id', '=', workspaceId).where('id', 'in', part).execute();
    const identities = await db.selectFrom('contact_identities').select(['contact_id', 'handle', 'display_name'])
      .where('workspace_id', '=', workspaceId).where('contact_id', 'in', part).orderBy('id').execute();
    for (const contact of contacts) {
      const identity = identities.find((candidate) => candidate.contact_id === contact.id);
      names.set(contact.id, { displayName: contact.display_name ?? identity?.display_name ?? null, handle: identity?.handle ?? null });
    }
  }
  return names;
}

async function loadLastMessages(db: Executor, conversationIds: readonly string[]): Promise<Map<string, NonNullable<ConversationSummaryView['lastMessage']>>> {
  const last = new Map<string, NonNullable<ConversationSummaryView['lastMessage']>>();
  for (const part of chunks(conversationIds)) {
    // Portable "newest row per group": a correlated max over the (conversation_id, sent_at) index.
    const rows = await db.selectFrom('messages as m').select(['m.id', 'm.conversation_id', 'm.text', 'm.direction', 'm.sent_at'])
      .where('m.conversation_id', 'in', part)
      .where((eb) => eb('m.sent_at', '=', eb.selectFrom('messages as n').select((inner) => inner.fn.max('n.sent_at').as('newest')).whereRef('n.conversation_id', '=', 'm.conversation_id')))
      .orderBy('m.id', 'desc').execute();
    for (const row of rows) {
      if (last.has(row.conversation_id)) continue;
      last.set(row.conversation_id, { id: row.id, text: row.text.slice(0, previewChars), direction: row.direction as MessageDirection, sentAt: new Date(Number(row.sent_at)).toISOString() });
    }
  }
  return last;
}

async function loadLatestTriage(db: Executor, conversationIds: readonly string[]): Promise<Map<string, NonNullable<ConversationSummaryView['triage']>>> {
  const found = new Map<string, NonNullable<ConversationSummaryView['triage']>>();
  for (const part of chunks(conversationIds)) {
    const rows = await db.selectFrom('messages as m').select(['m.conversation_id', 'm.metadata'])
      .where('m.conversation_id', 'in', part).where('m.direction', '=', 'inbound')
      .where((eb) => eb('m.sent_at', '=', eb.selectFrom('messages as n').select((inner) => inner.fn.max('n.sent_at').as('newest'))
        .whereRef('n.conversation_id', '=', 'm.conversation_id').where('n.direction', '=', 'inbound')))
      .orderBy('m.id', 'desc').execute();
    for (const row of rows) {
      if (found.has(row.conversation_id)) continue;
      const triage = storedTriageOf(row.metadata);
      if (triage === undefined) continue;
      found.set(row.conversation_id, {
        sentiment: triage.sentiment.label,
        intent: triage.intent.decided ? triage.intent.label : null,
        personalData: personalDataKindsOf(triage),
      });
    }
  }
  return found;
}
