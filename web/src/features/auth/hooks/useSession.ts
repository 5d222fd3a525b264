import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Me, Workspace } from '../../../api/types';
import { onUnauthenticated, setCsrfToken } from '../../../lib/http';
import { resetEntities } from '../../../lib/store';
import { fetchMe, logIn, logOut } from '../api/auth.api';

const meKey = ['me'] as const;

/** The signed-in user (undefined while loading, null when signed out); keeps the CSRF token current. */
export function useSession(): { me: Me | null | undefined; isLoading: boolean } {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity, retry: false });
  useEffect(() => setCsrfToken(query.data?.csrfToken ?? null), [query.data]);
  useEffect(() => onUnauthenticated(() => queryClient.setQueryData(meKey, null)), [queryClient]);
  return { me: query.data, isLoading: query.isLoading };
}

/** Signs in and stores the answer as the session. */
export function useLogIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => logIn(email, password),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      queryClient.setQueryData(meKey, me);
    },
  });
}

/** Signs out and forgets all server state. */
export function useLogOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logOut,
    onSettled: () => {
      setCsrfToken(null);
      resetEntities();
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
    },
  });
}

/** The workspace of a slug among the user's. */
export function findWorkspace(me: Me | null | undefined, slug: string): Workspace | undefined {
  return me?.workspaces.find((workspace) => workspace.slug === slug || workspace.id === slug);
}
