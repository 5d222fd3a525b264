import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { memberView, updateMemberBody } from './member.schemas.js';
import { addWorkspaceMember, changeMemberRole, presentMember } from './member.service.js';
import { createUserInput } from './user.schemas.js';
import { getMember, listMembers } from './user.service.js';

const listParams = z.strictObject({ workspace: z.string().max(64) });
const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const tags = ['users'];

/** Members of a workspace: anyone who reads conversations sees them (to assign); only users:manage changes them. */
export function registerUserRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.get(`${workspacePath}/users`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: { tags, summary: 'List the members of the workspace with their roles', params: listParams, response: { 200: z.object({ items: z.array(memberView) }) } },
  }, async (request) => {
    const rows = await listMembers(ctx.db.kysely, actorOf(request).workspaceId);
    return { items: rows.map(presentMember) };
  });

  app.post(`${workspacePath}/users`, {
    config: { auth: { permission: 'users:manage' } },
    schema: {
      tags, summary: 'Add a member: a new user with a password, or an existing user (by email) who joins with the role',
      description: 'An existing user keeps their name and password; a user who is already a member is a 409.',
      params: listParams, body: createUserInput, response: { 201: memberView },
    },
  }, async (request, reply) => {
    const member = await addWorkspaceMember(ctx, actorOf(request), request.body);
    return reply.code(201).send(presentMember(member));
  });

  app.get(`${workspacePath}/users/:id`, {
    config: { auth: { permission: 'conversations:read' } },
    schema: { tags, summary: 'Read one member', params, response: { 200: memberView } },
  }, async (request) => presentMember(await getMember(ctx.db.kysely, actorOf(request).workspaceId, request.params.id)));

  app.patch(`${workspacePath}/users/:id`, {
    config: { auth: { permission: 'users:manage' } },
    schema: { tags, summary: 'Change a member\'s role; the last admin cannot be demoted', params, body: updateMemberBody, response: { 200: memberView } },
  }, async (request) => presentMember(await changeMemberRole(ctx, actorOf(request), request.params.id, request.body.role)));
}
