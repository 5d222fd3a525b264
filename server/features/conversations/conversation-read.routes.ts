import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { getConversationCounts, markConversationRead, markConversationUnread } from './conversation-read.service.js';
import { conversationCountsQuery, conversationCountsView, markReadBody, readStateView } from './conversation.schemas.js';

const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const tags = ['conversations'];

/** Per-user read markers and the inbox counts built on them. */
export function registerConversationReadRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.get(`${workspacePath}/conversations/counts`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: {
      tags, summary: 'Count the conversations of each inbox view (mine, unassigned, all) and queue, with how many are unread for the caller; open and pending unless status says otherwise',
      params: z.strictObject({ workspace: z.string().max(64) }), querystring: conversationCountsQuery, response: { 200: conversationCountsView },
    },
  }, async (request) => getConversationCounts(ctx, actorOf(request), request.query));

  app.put(`${workspacePath}/conversations/:id/read`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: {
      tags, summary: 'Mark a conversation read for the caller, up to its newest customer message (or upTo, what the screen showed); the web app calls it on opening one',
      params, body: markReadBody.optional(), response: { 200: readStateView },
    },
  }, async (request) => markConversationRead(ctx, actorOf(request), request.params.id, request.body));

  app.delete(`${workspacePath}/conversations/:id/read`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: { tags, summary: 'Mark a conversation unread again for the caller', params, response: { 200: readStateView } },
  }, async (request) => markConversationUnread(ctx, actorOf(request), request.params.id));
}
