import { z } from 'zod';
import { platforms } from '../../../common/enums.js';
import { limits } from '../../../common/limits.js';
import { conversationView } from '../conversations/conversation.schemas.js';

/** Bounds of what an agent can write on a profile. */
export const contactLimits = {
  displayNameChars: 200,
  emailChars: 254,
  phoneChars: 64,
  tags: 50,
  customFields: 50,
  customFieldKeyChars: 64,
  customFieldValueChars: 1_000,
  noteTextChars: limits.noteTextChars,
  /** How many notes a profile shows at once; the notes route pages through the rest. */
  notesShown: 20,
  /** How many of a contact's conversations its profile lists, newest first. */
  conversationsShown: 50,
} as const;

export const listContactsQuery = z.strictObject({
  /** Matches names, handles (with or without @) and email addresses, case-insensitively. */
  q: z.string().trim().min(1).max(limits.searchQueryChars).optional(),
  /** Only contacts with this tag. */
  tag: z.string().trim().min(1).max(limits.tagChars).optional(),
  limit: z.coerce.number().int().min(1).max(limits.maxPageSize).default(limits.defaultPageSize),
  cursor: z.string().max(200).optional(),
});
/** A contact search and its page. */
export type ListContactsQuery = z.infer<typeof listContactsQuery>;

export const identityView = z.object({
  id: z.string(),
  channel: z.enum(platforms),
  platformUserId: z.string(),
  handle: z.string().nullable(),
  displayName: z.string().nullable(),
  followers: z.number().int().nullable(),
  verified: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** How one platform knows a contact. */
export type IdentityView = z.infer<typeof identityView>;

export const contactView = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  /** The contact this one was merged into; null for a live profile. */
  mergedIntoId: z.string().nullable(),
  identities: z.array(identityView),
  /** The profile's own tags (conversation tags are on the conversations). */
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A contact with its identities on every channel. */
export type ContactView = z.infer<typeof contactView>;

export const contactNoteView = z.object({
  id: z.string(),
  contactId: z.string(),
  authorUserId: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
});
/** An internal note on a customer's profile. */
export type ContactNoteView = z.infer<typeof contactNoteView>;

export const contactDetailView = z.object({
  contact: contactView,
  /** The newest conversations (calls included) on every channel, at most `contactLimits.conversationsShown`. */
  conversations: z.array(conversationView),
  /** How many conversations the contact has in all. */
  conversationCount: z.number().int(),
  /** The newest notes, at most `contactLimits.notesShown`; GET …/notes pages through all of them. */
  notes: z.array(contactNoteView),
});
/** A profile as the panel shows it. */
export type ContactDetailView = z.infer<typeof contactDetailView>;

const tag = z.string().trim().min(1).max(limits.tagChars).regex(/^[^\s,]+$/, 'tags have no spaces or commas');
const tags = z.array(tag).max(contactLimits.tags);
const fieldValue = z.union([z.string().max(contactLimits.customFieldValueChars), z.number(), z.boolean(), z.null()]);

export const updateContactBody = z.strictObject({
  displayName: z.string().trim().min(1).max(contactLimits.displayNameChars).nullable().optional(),
  email: z.email().max(contactLimits.emailChars).nullable().optional(),
  phone: z.string().trim().max(contactLimits.phoneChars)
    .regex(/^\+?[\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i, 'not a phone number')
    .refine((value) => (value.match(/\d/g) ?? []).length >= 3, 'not a phone number').nullable().optional(),
  /** Merged into the existing fields: a key set to null is removed, keys not sent are kept. */
  customFields: z.record(z.string().min(1).max(contactLimits.customFieldKeyChars), fieldValue)
    .refine((fields) => Object.keys(fields).length <= contactLimits.customFields, `at most ${contactLimits.customFields} custom fields`).optional(),
  /** Replaces every tag; addTags and removeTags change some. */
  tags: tags.optional(),
  addTags: tags.optional(),
  removeTags: tags.optional(),
}).refine((body) => Object.keys(body).length > 0, 'send at least one field to change');
/** What an agent can change on a profile. */
export type UpdateContactBody = z.infer<typeof updateContactBody>;

export const createContactNoteBody = z.strictObject({ text: z.string().trim().min(1).max(contactLimits.noteTextChars) });

export const listContactNotesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(limits.maxPageSize).default(limits.defaultPageSize),
  cursor: z.string().max(200).optional(),
});
/** A page of a contact's notes, newest first. */
export type ListContactNotesQuery = z.infer<typeof listContactNotesQuery>;

export const mergeContactBody = z.strictObject({
  /** The duplicate profile: everything it has moves to the contact in the path, which survives. */
  otherContactId: z.string().trim().min(1).max(64),
});
