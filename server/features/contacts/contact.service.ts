import { inTransaction, type AppContext, type Executor } from '../../app-context.js';
import type { ContactIdentityRow, ContactNoteRow, ContactRow, ConversationRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { AppError, notFound } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadTags } from '../ingest/ingest-lookups.js';
import { parseCustomFields, presentContact, presentContactNote } from './contact.presenter.js';
import {
  aliasesOf, countConversationsOfContact, insertContactNote, listContactNotes, loadContactIdentities, loadContactTags, recentConversationsOfContact,
  replaceContactTags, resolveContact, updateContactFields,
} from './contact.repo.js';
import { contactLimits, type ContactView, type ListContactNotesQuery, type UpdateContactBody } from './contact.schemas.js';

/** A contact with its identities on every channel, tags, notes and most recent conversations. */
export interface ContactDetail {
  contact: ContactRow;
  identities: ContactIdentityRow[];
  contactTags: string[];
  conversations: ConversationRow[];
  conversationCount: number;
  /** Tags of each conversation listed. */
  tags: Map<string, string[]>;
  notes: ContactNoteRow[];
}

/** The live contact an id of the actor's workspace stands for (a merged id stands for its survivor); else a 404. */
export async function requireContact(db: Executor, actor: Actor, id: string): Promise<ContactRow> {
  const contact = await resolveContact(db, actor.workspaceId, id);
  if (contact === undefined) throw notFound('Contact');
  return contact;
}

/**
 * Reads one contact of the actor's workspace; another workspace's is a 404. The id of a contact that was merged
 * answers with the contact it was merged into, so links and bookmarks to a duplicate keep working.
 */
export async function getContactDetail(ctx: AppContext, actor: Actor, id: string): Promise<ContactDetail> {
  requirePermission(actor, 'contacts:read');
  return loadContactDetail(ctx.db.kysely, actor, await requireContact(ctx.db.kysely, actor, id));
}

/** Everything a profile shows of a live contact. */
export async function loadContactDetail(db: Executor, actor: Actor, contact: ContactRow): Promise<ContactDetail> {
  const { workspaceId } = actor;
  // Conversations an ingest in flight filed under a duplicate while it was being merged still belong here.
  const ids = [contact.id, ...await aliasesOf(db, workspaceId, contact.id)];
  const [identities, contactTags, conversations, conversationCount, notes] = await Promise.all([
    loadContactIdentities(db, workspaceId, [contact.id]),
    loadContactTags(db, workspaceId, [contact.id]),
    recentConversationsOfContact(db, workspaceId, ids, contactLimits.conversationsShown),
    countConversationsOfContact(db, workspaceId, ids),
    listContactNotes(db, workspaceId, contact.id, { limit: contactLimits.notesShown }),
  ]);
  const tags = await loadTags(db, conversations.map((row) => row.id));
  return {
    contact, identities: identities.get(contact.id) ?? [], contactTags: contactTags.get(contact.id) ?? [], conversations, conversationCount, tags, notes: notes.rows,
  };
}

/** Changes a profile's name, email, phone, custom fields or tags; one audit entry and one event. */
export async function updateContact(ctx: AppContext, actor: Actor, id: string, body: UpdateContactBody): Promise<ContactView> {
  requirePermission(actor, 'contacts:write');
  return inTransaction(ctx, async (trx, emit) => {
    const before = await requireContact(trx, actor, id);
    const identities = (await loadContactIdentities(trx, actor.workspaceId, [before.id])).get(before.id) ?? [];
    const beforeTags = (await loadContactTags(trx, actor.workspaceId, [before.id])).get(before.id) ?? [];
    const now = ctx.clock.now();
    const after: ContactRow = {
      ...before,
      display_name: body.displayName === undefined ? before.display_name : body.displayName,
      email: body.email === undefined ? before.email : body.email,
      phone: body.phone === undefined ? before.phone : body.phone,
      custom_fields: body.customFields === undefined ? before.custom_fields : JSON.stringify(nextCustomFields(parseCustomFields(before.custom_fields), body.customFields)),
      updated_at: now,
    };
    const tags = nextTags(beforeTags, body);
    const beforeView = presentContact(before, identities, beforeTags);
    const afterView = presentContact(after, identities, tags);
    const changed = (['displayName', 'email', 'phone', 'customFields', 'tags'] as const).filter((field) => JSON.stringify(beforeView[field]) !== JSON.stringify(afterView[field]));
    if (changed.length === 0) return beforeView;
    await updateContactFields(trx, after);
    if (changed.includes('tags')) await replaceContactTags(trx, actor.workspaceId, after.id, tags);
    await recordAudit(trx, {
      actor, workspaceId: actor.workspaceId, action: 'contact.updated', objectType: 'contact', objectId: after.id, at: now,
      before: Object.fromEntries(changed.map((field) => [field, beforeView[field]])), after: Object.fromEntries(changed.map((field) => [field, afterView[field]])),
    });
    emit({ type: 'contact.updated', workspaceId: actor.workspaceId, data: { contact: afterView }, at: now });
    return afterView;
  });
}

function nextCustomFields(current: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const fields = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete fields[key];
    else fields[key] = value;
  }
  if (Object.keys(fields).length > contactLimits.customFields) {
    throw new AppError('VALIDATION_FAILED', `A contact has at most ${contactLimits.customFields} custom fields`, [{ path: 'body.customFields', message: 'too many custom fields' }]);
  }
  return fields;
}

function nextTags(current: readonly string[], body: UpdateContactBody): string[] {
  let tags = body.tags === undefined ? [...current] : [...body.tags];
  if (body.addTags !== undefined) tags.push(...body.addTags);
  if (body.removeTags !== undefined) {
    const removed = new Set(body.removeTags.map((tag) => tag.toLowerCase()));
    tags = tags.filter((tag) => !removed.has(tag.toLowerCase()));
  }
  const next = [...new Set(tags.map((tag) => tag.toLowerCase()))].sort();
  if (next.length > contactLimits.tags) throw new AppError('VALIDATION_FAILED', `A contact has at most ${contactLimits.tags} tags`, [{ path: 'body.addTags', message: 'too many tags' }]);
  return next;
}

/** A page of a profile's notes, newest first. */
export async function getContactNotes(ctx: AppContext, actor: Actor, id: string, page: ListContactNotesQuery): Promise<{ rows: ContactNoteRow[]; nextCursor: string | null }> {
  requirePermission(actor, 'contacts:read');
  const contact = await requireContact(ctx.db.kysely, actor, id);
  return listContactNotes(ctx.db.kysely, actor.workspaceId, contact.id, page);
}

/** Adds an internal note to a profile (never shown to the customer). */
export async function addContactNote(ctx: AppContext, actor: Actor, id: string, text: string): Promise<ContactNoteRow> {
  requirePermission(actor, 'contacts:write');
  return inTransaction(ctx, async (trx, emit) => {
    const contact = await requireContact(trx, actor, id);
    const note: ContactNoteRow = { id: newId(), workspace_id: actor.workspaceId, contact_id: contact.id, author_user_id: actor.userId, text, created_at: ctx.clock.now() };
    await insertContactNote(trx, note);
    const view = presentContactNote(note);
    await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'contact.note_added', objectType: 'contact', objectId: contact.id, after: view, at: note.created_at });
    emit({ type: 'contact.note_added', workspaceId: actor.workspaceId, data: { note: view }, at: note.created_at });
    return note;
  });
}
