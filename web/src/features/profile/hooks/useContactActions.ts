import { useMutation, useQueryClient } from '@tanstack/react-query';
import { addNoteToProfile, applyContactMerge, entities, upsertContact } from '../../../lib/store';
import { addContactNote, mergeContacts, updateContact, type ContactChange } from '../api/contacts.api';
import { contactKey } from './useContact';

/** Editing a profile, noting on it and merging a duplicate into it: each answer goes straight into the entity cache. */
export function useContactActions(slug: string, contactId: string) {
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (change: ContactChange) => updateContact(slug, contactId, change),
    onSuccess: upsertContact,
  });
  const note = useMutation({
    mutationFn: (text: string) => addContactNote(slug, contactId, text),
    onSuccess: addNoteToProfile,
  });
  const merge = useMutation({
    mutationFn: (otherContactId: string) => mergeContacts(slug, contactId, otherContactId),
    onSuccess: (detail, otherContactId) => {
      applyContactMerge(detail, otherContactId);
      entities.contacts.upsert([{ id: contactId, ...detail }]);
      queryClient.setQueryData(contactKey(slug, otherContactId), detail.contact.id);
      void queryClient.invalidateQueries({ queryKey: ['conversations', slug] });
      void queryClient.invalidateQueries({ queryKey: ['contact-search', slug] });
    },
  });
  return { update, note, merge };
}
