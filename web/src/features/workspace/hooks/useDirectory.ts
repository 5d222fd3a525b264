import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Account, Member, Queue } from '../../../api/types';
import { useTableVersion } from '../../../lib/entity-table';
import { entities } from '../../../lib/store';
import { fetchAccounts, fetchMembers, fetchQueues } from '../api/directory.api';

const fiveMinutes = 5 * 60 * 1000;

/** Query keys of a workspace's directory data. */
export const directoryKeys = {
  members: (slug: string) => ['members', slug] as const,
  queues: (slug: string) => ['queues', slug] as const,
  accounts: (slug: string) => ['accounts', slug] as const,
};

/** The query of the workspace's members (into the entity cache). */
export const membersQuery = (slug: string) => queryOptions({
  queryKey: directoryKeys.members(slug),
  queryFn: async () => {
    const members = await fetchMembers(slug);
    entities.members.upsert(members);
    return members.map((member) => member.id);
  },
  staleTime: fiveMinutes,
});

/** The query of the workspace's queues (into the entity cache). */
export const queuesQuery = (slug: string) => queryOptions({
  queryKey: directoryKeys.queues(slug),
  queryFn: async () => {
    const queues = await fetchQueues(slug);
    entities.queues.upsert(queues);
    return queues.map((queue) => queue.id);
  },
  staleTime: fiveMinutes,
});

/** The query of the workspace's channel accounts (into the entity cache). */
export const accountsQuery = (slug: string) => queryOptions({
  queryKey: directoryKeys.accounts(slug),
  queryFn: async () => {
    const accounts = await fetchAccounts(slug);
    entities.accounts.upsert(accounts);
    return accounts.map((account) => account.id);
  },
  staleTime: fiveMinutes,
});

/** The workspace's members, sorted by name; live events keep them current. */
export function useMembers(slug: string): Member[] {
  useQuery(membersQuery(slug));
  useTableVersion(entities.members);
  return entities.members.all().sort((a, b) => a.name.localeCompare(b.name));
}

/** The workspace's queues, sorted by name. */
export function useQueues(slug: string): Queue[] {
  useQuery(queuesQuery(slug));
  useTableVersion(entities.queues);
  return entities.queues.all().sort((a, b) => a.name.localeCompare(b.name));
}

/** The workspace's channel accounts, sorted by channel and name. */
export function useAccounts(slug: string, enabled = true): { accounts: Account[]; isLoading: boolean; error: unknown } {
  const query = useQuery({ ...accountsQuery(slug), enabled });
  useTableVersion(entities.accounts);
  const accounts = entities.accounts.all().sort((a, b) => a.channel.localeCompare(b.channel) || a.name.localeCompare(b.name));
  return { accounts, isLoading: query.isLoading, error: query.error };
}
