import type { Platform } from '../../../common/enums.js';
import type { ContactIdentityRow, ContactNoteRow, ContactRow } from '../../infra/db/schema.js';
import type { ContactNoteView, ContactView, IdentityView } from './contact.schemas.js';

const iso = (value: number): string => new Date(Number(value)).toISOString();

/** The API view of a contact identity. */
export function presentIdentity(row: ContactIdentityRow): IdentityView {
  return {
    id: row.id, channel: row.platform as Platform, platformUserId: row.platform_user_id, handle: row.handle, displayName: row.display_name,
    followers: row.followers === null ? null : Number(row.followers), verified: Number(row.verified) === 1, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
  };
}

/** The API view of a contact with its identities and tags. */
export function presentContact(row: ContactRow, identities: readonly ContactIdentityRow[], tags: readonly string[]): ContactView {
  return {
    id: row.id, displayName: row.display_name, email: row.email, phone: row.phone, customFields: parseCustomFields(row.custom_fields),
    mergedIntoId: row.merged_into_id, identities: identities.map(presentIdentity), tags: [...tags], createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
  };
}

/** The API view of a note on a profile. */
export function presentContactNote(row: ContactNoteRow): ContactNoteView {
  return { id: row.id, contactId: row.contact_id, authorUserId: row.author_user_id, text: row.text, createdAt: iso(row.created_at) };
}

/** The custom fields stored as JSON text; anything but an object reads as none. */
export function parseCustomFields(text: string): Record<string, unknown> {
  const value = JSON.parse(text) as unknown;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
