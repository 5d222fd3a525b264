import type { Contact, ContactDetail, ContactNote, Page } from '../../../api/types';
import { apiRequest, queryString } from '../../../lib/http';
import { workspaceApi } from '../../workspace/api/directory.api';

const contactPath = (slug: string, id: string) => `${workspaceApi(slug)}/contacts/${encodeURIComponent(id)}`;

/** A profile: the contact with its identities, tags, newest notes and conversations. A merged id answers with the survivor. */
export function fetchContact(slug: string, id: string, signal?: AbortSignal): Promise<ContactDetail> {
  return apiRequest('GET', contactPath(slug, id), undefined, signal);
}

/** Contacts whose name, handle or email contains the text (merged duplicates are left out). */
export async function searchContacts(slug: string, q: string, signal?: AbortSignal): Promise<Contact[]> {
  return (await apiRequest<Page<Contact>>('GET', `${workspaceApi(slug)}/contacts${queryString({ q, limit: 10 })}`, undefined, signal)).items;
}

/** The changes an agent can make to a profile; a custom field set to null is removed. */
export interface ContactChange {
  displayName?: string | null;
  email?: string | null;
  phone?: string | null;
  customFields?: Record<string, string | number | boolean | null>;
  addTags?: string[];
  removeTags?: string[];
}

/** Changes a profile's name, email, phone, custom fields or tags. */
export function updateContact(slug: string, id: string, change: ContactChange): Promise<Contact> {
  return apiRequest('PATCH', contactPath(slug, id), change);
}

/** A page of a profile's notes, newest first. */
export function fetchContactNotes(slug: string, id: string, cursor: string | null, signal?: AbortSignal): Promise<Page<ContactNote>> {
  return apiRequest('GET', `${contactPath(slug, id)}/notes${queryString({ cursor, limit: 50 })}`, undefined, signal);
}

/** Adds an internal note to a profile. */
export function addContactNote(slug: string, id: string, text: string): Promise<ContactNote> {
  return apiRequest('POST', `${contactPath(slug, id)}/notes`, { text });
}

/** Merges the other profile into this one; answers with the surviving profile. */
export function mergeContacts(slug: string, id: string, otherContactId: string): Promise<ContactDetail> {
  return apiRequest('POST', `${contactPath(slug, id)}/merge`, { otherContactId });
}
