import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { addNote, getConversationDetail, updateConversation } from './conversation.service.js';
import { listConversations } from './conversation.repo.js';
import { presentConversation, presentMessage, presentNote } from './conversation.presenter.js';
import { conversationView, createNoteBody, createReplyBody, listConversationsQuery, messageView, noteView, updateConversationBody } from './conversation.schemas.js';
import { queueReply } from '../replies/reply.service.js';
import { loadConversationSummaries } from './conversation-summary.repo.js';
import { conversationListItemView } from './conversation-summary.schemas.js';
import { actorOf } from '../../http/request-actor.js';
import { registerConversationReadRoutes } from './conversation-read.routes.js';

const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const listParams = z.strictObject({ workspace: z.string().max(64) });
const tags = ['conversations'];

/** Conversations: list, filter and search; read one; change it; notes; replies; read markers and counts. */
export function registerConversationRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;
  registerConversationReadRoutes(app, runtime);

  app.get(`${workspacePath}/conversations`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: {
      tags, summary: 'List conversations with filters (status, channel, account, queue, assignee, contact, tag, priority, and the sentiment, intent and personal data triage found on the newest customer message), full-text search (q) and keyset pagination (cursor); each item has its contact, last message, triage summary and whether it is unread for the caller',
      params: listParams, querystring: listConversationsQuery,
      response: { 200: z.object({ items: z.array(conversationListItemView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const page = await listConversations(ctx.db.kysely, actor.workspaceId, { ...request.query, viewerId: actor.userId });
    const summaryOf = await loadConversationSummaries(ctx.db.kysely, actor.workspaceId, page.rows, actor.userId);
    return { items: page.rows.map((row) => ({ ...presentConversation(row, page.tags.get(row.id) ?? []), ...summaryOf(row) })), nextCursor: page.nextCursor };
  });

  app.get(`${workspacePath}/conversations/:id`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: {
      tags, summary: 'Read a conversation with its messages and internal notes', params,
      response: { 200: z.object({ conversation: conversationView, messages: z.array(messageView), notes: z.array(noteView) }) },
    },
  }, async (request) => {
    const detail = await getConversationDetail(ctx, actorOf(request), request.params.id);
    return { conversation: presentConversation(detail.conversation, detail.tags), messages: detail.messages.map(presentMessage), notes: detail.notes.map(presentNote) };
  });

  app.patch(`${workspacePath}/conversations/:id`, {
    config: { auth: { permission: 'conversations:write' } },
    schema: { tags, summary: 'Change status, priority, queue, assignee, tags or snooze', params, body: updateConversationBody, response: { 200: conversationView } },
  }, async (request) => {
    const { row, tags: current } = await updateConversation(ctx, actorOf(request), request.params.id, request.body);
    return presentConversation(row, current);
  });

  app.post(`${workspacePath}/conversations/:id/notes`, {
    config: { auth: { permission: 'conversations:write' } },
    schema: { tags, summary: 'Add an internal note (never sent to the customer); @mentions members', params, body: createNoteBody, response: { 201: noteView } },
  }, async (request, reply) => {
    const note = await addNote(ctx, actorOf(request), request.params.id, request.body.text);
    return reply.code(201).send(presentNote(note));
  });

  app.post(`${workspacePath}/conversations/:id/replies`, {
    config: { auth: { permission: 'conversations:write' } },
    schema: {
      tags, summary: 'Queue a reply on the customer\'s channel; idempotencyKey makes retries safe', params, body: createReplyBody,
      response: { 201: messageView, 200: messageView },
    },
  }, async (request, reply) => {
    const result = await queueReply(ctx, actorOf(request), request.params.id, request.body);
    return reply.code(result.created ? 201 : 200).send(presentMessage(result.message));
  });
}
