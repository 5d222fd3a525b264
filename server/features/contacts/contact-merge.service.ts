import { inTransaction, type AppContext, type Emit, type Executor } from '../../app-context.js';
import type { ContactRow } from '../../infra/db/schema.js';
import { AppError } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { chunks, loadTags } from '../ingest/ingest-lookups.js';
import { presentConversation } from '../conversations/conversation.presenter.js';
import { moveContactData } from './contact-merge.repo.js';
import { parseCustomFields, presentContact } from './contact.presenter.js';
import { loadContactIdentities, loadContactTags, lockContacts, resolveContact, updateContactFields } from './contact.repo.js';
import { loadContactDetail, requireContact, type ContactDetail } from './contact.service.js';

/**
 * Merges two profiles of the same person: the contact `id` survives and receives the other's identities, conversations,
 * authored messages, notes and tags; its own name, email, phone and custom fields win, the other's fill the gaps. The
 * other contact is kept, marked as merged into the survivor, so nothing is deleted and its id keeps answering (with the
 * survivor). Audited as `contact.merged` with everything that moved; emits `contact.merged` and a `conversation.updated`
 * per conversation that changed hands.
 */
export async function mergeContacts(ctx: AppContext, actor: Actor, id: string, otherContactId: string): Promise<ContactDetail> {
  requirePermission(actor, 'contacts:write');
  return inTransaction(ctx, async (trx, emit) => {
    const { survivor, other } = await lockPair(trx, actor, id, otherContactId);
    const now = ctx.clock.now();
    const [identities, tags] = await Promise.all([
      loadContactIdentities(trx, actor.workspaceId, [survivor.id, other.id]),
      loadContactTags(trx, actor.workspaceId, [survivor.id, other.id]),
    ]);
    const beforeViews = [survivor, other].map((row) => presentContact(row, identities.get(row.id) ?? [], tags.get(row.id) ?? []));
    const merged = combineProfiles(survivor, other, now);
    await updateContactFields(trx, merged);
    const moved = await moveContactData(trx, actor.workspaceId, other.id, survivor.id, now);
    const detail = await loadContactDetail(trx, actor, merged);
    const afterView = presentContact(detail.contact, detail.identities, detail.contactTags);
    await recordAudit(trx, {
      actor, workspaceId: actor.workspaceId, action: 'contact.merged', objectType: 'contact', objectId: survivor.id, at: now,
      before: { contact: beforeViews[0], merged: beforeViews[1] },
      after: { contact: afterView, mergedContactId: other.id, moved },
    });
    emit({ type: 'contact.merged', workspaceId: actor.workspaceId, data: { contact: afterView, mergedContactId: other.id, conversationIds: moved.conversationIds }, at: now });
    await emitMovedConversations(trx, actor.workspaceId, moved.conversationIds, emit, now);
    return detail;
  });
}

/** The two live contacts to merge, locked against a merge of either running at the same time. */
async function lockPair(trx: Executor, actor: Actor, id: string, otherContactId: string): Promise<{ survivor: ContactRow; other: ContactRow }> {
  const first = await requireContact(trx, actor, id);
  const second = await resolveContact(trx, actor.workspaceId, otherContactId);
  if (second === undefined) throw new AppError('NOT_FOUND', 'Contact not found', [{ path: 'body.otherContactId', message: 'no such contact in this workspace' }]);
  if (otherContactId === id) throw new AppError('VALIDATION_FAILED', 'A contact cannot be merged with itself', [{ path: 'body.otherContactId', message: 'the same contact as the path' }]);
  if (second.id === first.id) throw alreadyMerged();
  await lockContacts(trx, actor.workspaceId, [first.id, second.id]);
  // Re-read under the lock: a merge running at the same time may have just folded one into the other.
  const survivor = await requireContact(trx, actor, first.id);
  const other = await resolveContact(trx, actor.workspaceId, second.id);
  if (other === undefined || other.id === survivor.id) throw alreadyMerged();
  return { survivor, other };
}

/** The survivor's own details win; the duplicate's fill what the survivor lacks. */
function combineProfiles(survivor: ContactRow, other: ContactRow, now: number): ContactRow {
  return {
    ...survivor,
    display_name: survivor.display_name ?? other.display_name,
    email: survivor.email ?? other.email,
    phone: survivor.phone ?? other.phone,
    custom_fields: JSON.stringify({ ...parseCustomFields(other.custom_fields), ...parseCustomFields(survivor.custom_fields) }),
    updated_at: now,
  };
}

function alreadyMerged(): AppError {
  return new AppError('CONFLICT', 'These contacts were already merged', [{ path: 'body.otherContactId', message: 'already merged with this contact' }]);
}

/** Live views follow the conversations to their new contact. */
async function emitMovedConversations(trx: Executor, workspaceId: string, ids: readonly string[], emit: Emit, now: number): Promise<void> {
  for (const part of chunks(ids)) {
    const rows = await trx.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', part).execute();
    const tags = await loadTags(trx, part);
    for (const row of rows) emit({ type: 'conversation.updated', workspaceId, data: { conversation: presentConversation(row, tags.get(row.id) ?? []) }, at: now });
  }
}
