import type { Account, Member, Queue } from '../../../api/types';
import { apiRequest } from '../../../lib/http';

/** The base path of a workspace's API. */
export function workspaceApi(slug: string): string {
  return `/api/v1/workspaces/${encodeURIComponent(slug)}`;
}

/** Members of the workspace (to show and pick assignees). */
export async function fetchMembers(slug: string): Promise<Member[]> {
  return (await apiRequest<{ items: Member[] }>('GET', `${workspaceApi(slug)}/users`)).items;
}

/** Queues (teams) with their members. */
export async function fetchQueues(slug: string): Promise<Queue[]> {
  return (await apiRequest<{ items: Queue[] }>('GET', `${workspaceApi(slug)}/queues`)).items;
}

/** Channel accounts with their health. */
export async function fetchAccounts(slug: string): Promise<Account[]> {
  return (await apiRequest<{ items: Account[] }>('GET', `${workspaceApi(slug)}/accounts`)).items;
}
