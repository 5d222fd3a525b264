import { priorities } from '../../../common/enums.js';
import { inTransaction, type AppContext, type Emit, type Executor } from '../../app-context.js';
import type { ConversationRow, MessageRow, NoteRow } from '../../infra/db/schema.js';
import { newId } from '../../infra/ids.js';
import { AppError, notFound } from '../../http/app-error.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadTags } from '../ingest/ingest-lookups.js';
import { findConversation } from './conversation.repo.js';
import { presentConversation, presentNote } from './conversation.presenter.js';
import type { UpdateConversationBody } from './conversation.schemas.js';

/** A conversation with everything an agent reads: messages oldest first, notes, tags. */
export interface ConversationDetail {
  conversation: ConversationRow;
  tags: string[];
  messages: MessageRow[];
  notes: NoteRow[];
}

/** Reads one conversation of the actor's workspace with its thread; another workspace's is a 404. */
export async function getConversationDetail(ctx: AppContext, actor: Actor, id: string): Promise<ConversationDetail> {
  const db = ctx.db.kysely;
  const conversation = await findConversation(db, actor.workspaceId, id);
  if (conversation === undefined) throw notFound('Conversation');
  const [messages, notes, tags] = await Promise.all([
    db.selectFrom('messages').select(messageColumns).where('conversation_id', '=', id).orderBy('sent_at').orderBy('id').limit(1_000).execute(),
    db.selectFrom('notes').selectAll().where('conversation_id', '=', id).orderBy('created_at').execute(),
    loadTags(db, [id]),
  ]);
  return { conversation, messages, notes, tags: tags.get(id) ?? [] };
}

/** Every message column but SQLite's internal sequence. */
export const messageColumns = [
  'id', 'workspace_id', 'conversation_id', 'account_id', 'platform', 'direction', 'visibility', 'platform_message_id', 'parent_platform_id',
  'thread_refs', 'text', 'attachments', 'author_contact_id', 'author_user_id', 'sent_at', 'received_at', 'delivery_status', 'delivery_error',
  'edited_at', 'deleted_by_author_at', 'receipt_id', 'client_key', 'metadata',
] as const;

/** Changes status, priority, queue, assignee, tags or snooze; one audit entry and one event per change. */
export async function updateConversation(ctx: AppContext, actor: Actor, id: string, body: UpdateConversationBody): Promise<{ row: ConversationRow; tags: string[] }> {
  requirePermission(actor, 'conversations:write');
  return inTransaction(ctx, async (trx, emit) => {
    const before = await findConversation(trx, actor.workspaceId, id);
    if (before === undefined) throw notFound('Conversation');
    const now = ctx.clock.now();
    const after: ConversationRow = { ...before, updated_at: now };
    if (body.queueId !== undefined) after.queue_id = await checkQueue(trx, actor.workspaceId, body.queueId);
    if (body.assigneeId !== undefined) after.assignee_id = await checkAssignee(trx, actor.workspaceId, body.assigneeId);
    if (body.priority !== undefined) after.priority = priorities.indexOf(body.priority);
    if (body.status !== undefined || body.snoozedUntil !== undefined) applyStatus(after, body, now);
    const beforeTags = (await loadTags(trx, [id])).get(id) ?? [];
    const tags = nextTags(beforeTags, body);
    await trx.updateTable('conversations').set({
      status: after.status, priority: after.priority, queue_id: after.queue_id, assignee_id: after.assignee_id,
      resolved_at: after.resolved_at, snoozed_until: after.snoozed_until, updated_at: now,
    }).where('id', '=', id).execute();
    if (tags.join(',') !== beforeTags.join(',')) {
      await trx.deleteFrom('conversation_tags').where('conversation_id', '=', id).execute();
      if (tags.length > 0) await trx.insertInto('conversation_tags').values(tags.map((tag) => ({ workspace_id: actor.workspaceId, conversation_id: id, tag }))).execute();
    }
    const beforeView = presentConversation(before, beforeTags);
    const afterView = presentConversation(after, tags);
    await recordChanges(trx, emit, actor, beforeView, afterView, now);
    return { row: after, tags };
  });
}

function applyStatus(row: ConversationRow, body: UpdateConversationBody, now: number): void {
  const status = body.status ?? (body.snoozedUntil === undefined ? row.status : 'snoozed');
  if (status === 'snoozed') {
    if (body.snoozedUntil === undefined) throw new AppError('VALIDATION_FAILED', 'Snoozing needs snoozedUntil', [{ path: 'body.snoozedUntil', message: 'required when status is snoozed' }]);
    const until = Date.parse(body.snoozedUntil);
    if (until <= now) throw new AppError('VALIDATION_FAILED', 'snoozedUntil must be in the future', [{ path: 'body.snoozedUntil', message: 'must be in the future' }]);
    row.snoozed_until = until;
  } else {
    row.snoozed_until = null;
  }
  if (status === 'resolved' && row.status !== 'resolved') row.resolved_at = now;
  if (status !== 'resolved') row.resolved_at = null;
  row.status = status;
}

function nextTags(current: readonly string[], body: UpdateConversationBody): string[] {
  let tags = body.tags === undefined ? [...current] : [...body.tags];
  if (body.addTags !== undefined) tags.push(...body.addTags);
  if (body.removeTags !== undefined) tags = tags.filter((tag) => !body.removeTags?.includes(tag));
  return [...new Set(tags.map((tag) => tag.toLowerCase()))].sort();
}

async function checkQueue(trx: Executor, workspaceId: string, queueId: string | null): Promise<string | null> {
  if (queueId === null) return null;
  const queue = await trx.selectFrom('queues').select('id').where('workspace_id', '=', workspaceId).where((eb) => eb.or([eb('id', '=', queueId), eb('slug', '=', queueId)])).executeTakeFirst();
  if (queue === undefined) throw new AppError('VALIDATION_FAILED', 'No such queue in this workspace', [{ path: 'body.queueId', message: 'unknown queue' }]);
  return queue.id;
}

async function checkAssignee(trx: Executor, workspaceId: string, userId: string | null): Promise<string | null> {
  if (userId === null) return null;
  const member = await trx.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  if (member === undefined) throw new AppError('VALIDATION_FAILED', 'The assignee is not a member of this workspace', [{ path: 'body.assigneeId', message: 'unknown user' }]);
  return member.user_id;
}

const changeEvents: Array<[keyof ReturnType<typeof presentConversation>, string]> = [
  ['status', 'conversation.status_changed'],
  ['priority', 'conversation.priority_changed'],
  ['queueId', 'conversation.queue_changed'],
  ['assigneeId', 'conversation.assigned'],
  ['tags', 'conversation.tagged'],
  ['snoozedUntil', 'conversation.snoozed'],
];

async function recordChanges(trx: Executor, emit: Emit, actor: Actor, before: ReturnType<typeof presentConversation>, after: ReturnType<typeof presentConversation>, now: number): Promise<void> {
  for (const [field, action] of changeEvents) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
    await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action, objectType: 'conversation', objectId: after.id, before: { [field]: before[field] }, after: { [field]: after[field] }, at: now });
  }
  emit({ type: 'conversation.updated', workspaceId: actor.workspaceId, data: { conversation: after }, at: now });
}

/** Adds an internal note; @mentions of members are recorded so they can be notified. */
export async function addNote(ctx: AppContext, actor: Actor, conversationId: string, text: string): Promise<NoteRow> {
  requirePermission(actor, 'conversations:write');
  return inTransaction(ctx, async (trx, emit) => {
    const conversation = await findConversation(trx, actor.workspaceId, conversationId);
    if (conversation === undefined) throw notFound('Conversation');
    const mentions = await resolveMentions(trx, actor.workspaceId, text);
    const row: NoteRow = { id: newId(), workspace_id: actor.workspaceId, conversation_id: conversationId, author_user_id: actor.userId, text, mentions: JSON.stringify(mentions), created_at: ctx.clock.now() };
    await trx.insertInto('notes').values(row).execute();
    const view = presentNote(row);
    await recordAudit(trx, { actor, workspaceId: actor.workspaceId, action: 'note.added', objectType: 'conversation', objectId: conversationId, after: view, at: row.created_at });
    emit({ type: 'note.added', workspaceId: actor.workspaceId, data: { note: view } });
    return row;
  });
}

/** The member ids mentioned as @name-or-email-local-part in a note. */
async function resolveMentions(trx: Executor, workspaceId: string, text: string): Promise<string[]> {
  const handles = [...text.matchAll(/(?<![\w@])@([\p{L}\p{N}._-]{1,64})/gu)].map((match) => (match[1] ?? '').toLowerCase());
  if (handles.length === 0) return [];
  const members = await trx.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['users.id', 'users.email', 'users.name'])
    .where('memberships.workspace_id', '=', workspaceId).execute();
  return members.filter((member) => {
    const names = [member.email.split('@')[0] ?? '', member.name.toLowerCase().replaceAll(/\s+/g, '.'), member.name.toLowerCase().split(/\s+/)[0] ?? ''];
    return handles.some((handle) => names.includes(handle));
  }).map((member) => member.id);
}
