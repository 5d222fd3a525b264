import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { useEntity } from '../../../lib/entity-table';
import { entities, type ContactEntity } from '../../../lib/store';
import { fetchContact } from '../api/contacts.api';

/** Query key of a profile. */
export const contactKey = (slug: string, contactId: string) => ['contact', slug, contactId] as const;

const contactQuery = (slug: string, contactId: string) => queryOptions({
  queryKey: contactKey(slug, contactId),
  queryFn: async ({ signal }) => {
    const detail = await fetchContact(slug, contactId, signal);
    // A merged duplicate's id answers with the survivor: keep it under both ids.
    entities.contacts.upsert(detail.contact.id === contactId ? [{ id: contactId, ...detail }] : [{ id: contactId, ...detail }, { id: detail.contact.id, ...detail }]);
    return detail.contact.id;
  },
  staleTime: 60_000,
});

/** Starts loading a profile before its panel renders. */
export function prefetchContact(queryClient: QueryClient, slug: string, contactId: string): void {
  void queryClient.prefetchQuery(contactQuery(slug, contactId));
}

/** A contact's profile, loaded into the entity cache. */
export function useContact(slug: string, contactId: string | null): { contact: ContactEntity | undefined; isLoading: boolean; error: unknown } {
  const query = useQuery({ ...contactQuery(slug, contactId ?? ''), enabled: contactId !== null });
  const contact = useEntity(entities.contacts, contactId);
  return { contact, isLoading: query.isLoading, error: query.error };
}
