import type { Role } from '../../../../../common/enums.js';
import type { Account, ApiToken, Member, Queue } from '../../../api/types';
import { apiRequest } from '../../../lib/http';
import { workspaceApi } from '../../workspace/api/directory.api';

/** Adds a member (a new user with a password, or an existing user by email). */
export function addMember(slug: string, input: { email: string; name: string; password?: string; role: Role }): Promise<Member> {
  return apiRequest('POST', `${workspaceApi(slug)}/users`, input);
}

/** Changes a member's role. */
export function changeRole(slug: string, userId: string, role: Role): Promise<Member> {
  return apiRequest('PATCH', `${workspaceApi(slug)}/users/${encodeURIComponent(userId)}`, { role });
}

/** Creates a queue. */
export function createQueue(slug: string, input: { slug: string; name: string; memberIds: string[] }): Promise<Queue> {
  return apiRequest('POST', `${workspaceApi(slug)}/queues`, input);
}

/** Replaces a queue's members. */
export function setQueueMembers(slug: string, queueId: string, userIds: string[]): Promise<Queue> {
  return apiRequest('PUT', `${workspaceApi(slug)}/queues/${encodeURIComponent(queueId)}/members`, { userIds });
}

/** The workspace's API tokens. */
export async function fetchTokens(slug: string): Promise<ApiToken[]> {
  return (await apiRequest<{ items: ApiToken[] }>('GET', `${workspaceApi(slug)}/tokens`)).items;
}

/** Creates a token; the secret is in this answer only. */
export function createToken(slug: string, input: { name: string; role: Role; expiresInDays?: number }): Promise<ApiToken & { token: string }> {
  return apiRequest('POST', `${workspaceApi(slug)}/tokens`, input);
}

/** Revokes a token. */
export function revokeToken(slug: string, id: string): Promise<ApiToken> {
  return apiRequest('DELETE', `${workspaceApi(slug)}/tokens/${encodeURIComponent(id)}`);
}

/** Connects a channel account. */
export function createAccount(slug: string, input: { channel: Account['channel']; handle: string; name?: string }): Promise<Account> {
  return apiRequest('POST', `${workspaceApi(slug)}/accounts`, input);
}
