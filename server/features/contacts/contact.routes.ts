import { z } from 'zod';
import { workspacePath, type RapportApp } from '../../http/rapport-app.js';
import { actorOf } from '../../http/request-actor.js';
import type { Runtime } from '../../runtime.js';
import { presentConversation } from '../conversations/conversation.presenter.js';
import { mergeContacts } from './contact-merge.service.js';
import { presentContact, presentContactNote } from './contact.presenter.js';
import { listContacts, loadContactIdentities, loadContactTags } from './contact.repo.js';
import {
  contactDetailView, contactNoteView, contactView, createContactNoteBody, listContactNotesQuery, listContactsQuery, mergeContactBody, updateContactBody,
  type ContactDetailView,
} from './contact.schemas.js';
import { addContactNote, getContactDetail, getContactNotes, updateContact, type ContactDetail } from './contact.service.js';

const listParams = z.strictObject({ workspace: z.string().max(64) });
const params = z.strictObject({ workspace: z.string().max(64), id: z.string().max(64) });
const tags = ['contacts'];
const aliasNote = 'the id of a contact merged into another answers for the survivor (contact.id then differs from the id asked for)';

/** A profile as the API shows it. */
function presentContactDetail(detail: ContactDetail): ContactDetailView {
  return {
    contact: presentContact(detail.contact, detail.identities, detail.contactTags),
    conversations: detail.conversations.map((row) => presentConversation(row, detail.tags.get(row.id) ?? [])),
    conversationCount: detail.conversationCount,
    notes: detail.notes.map(presentContactNote),
  };
}

/** Contacts: search by name, handle or tag; a profile with identities, conversations, notes and tags; edit; notes; merge duplicates. */
export function registerContactRoutes(app: RapportApp, runtime: Runtime): void {
  const { ctx } = runtime;

  app.get(`${workspacePath}/contacts`, {
    config: { auth: { permission: 'contacts:read' } },
    schema: {
      tags, summary: 'List contacts, newest first; q searches names, handles and emails, tag filters; merged duplicates are left out; cursor pages on',
      params: listParams, querystring: listContactsQuery, response: { 200: z.object({ items: z.array(contactView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const { workspaceId } = actorOf(request);
    const page = await listContacts(ctx.db.kysely, workspaceId, request.query);
    const ids = page.rows.map((row) => row.id);
    const [identities, contactTags] = await Promise.all([loadContactIdentities(ctx.db.kysely, workspaceId, ids), loadContactTags(ctx.db.kysely, workspaceId, ids)]);
    return { items: page.rows.map((row) => presentContact(row, identities.get(row.id) ?? [], contactTags.get(row.id) ?? [])), nextCursor: page.nextCursor };
  });

  app.get(`${workspacePath}/contacts/:id`, {
    config: { auth: { permission: 'contacts:read' } },
    schema: { tags, summary: `Read a profile: identities on every channel, tags, custom fields, notes and conversations; ${aliasNote}`, params, response: { 200: contactDetailView } },
  }, async (request) => presentContactDetail(await getContactDetail(ctx, actorOf(request), request.params.id)));

  app.patch(`${workspacePath}/contacts/:id`, {
    config: { auth: { permission: 'contacts:write' } },
    schema: {
      tags, summary: 'Change a profile\'s name, email, phone, custom fields (merged; null removes a key) or tags; audited as contact.updated',
      params, body: updateContactBody, response: { 200: contactView },
    },
  }, async (request) => updateContact(ctx, actorOf(request), request.params.id, request.body));

  app.get(`${workspacePath}/contacts/:id/notes`, {
    config: { auth: { permission: 'contacts:read' } },
    schema: {
      tags, summary: 'List a profile\'s internal notes, newest first; cursor pages on', params, querystring: listContactNotesQuery,
      response: { 200: z.object({ items: z.array(contactNoteView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const page = await getContactNotes(ctx, actorOf(request), request.params.id, request.query);
    return { items: page.rows.map(presentContactNote), nextCursor: page.nextCursor };
  });

  app.post(`${workspacePath}/contacts/:id/notes`, {
    config: { auth: { permission: 'contacts:write' } },
    schema: { tags, summary: 'Add an internal note to a profile (never shown to the customer)', params, body: createContactNoteBody, response: { 201: contactNoteView } },
  }, async (request, reply) => reply.code(201).send(presentContactNote(await addContactNote(ctx, actorOf(request), request.params.id, request.body.text))));

  app.post(`${workspacePath}/contacts/:id/merge`, {
    config: { auth: { permission: 'contacts:write' } },
    schema: {
      tags,
      summary: 'Merge a duplicate profile (otherContactId) into this one: identities, conversations, authored messages, notes and tags move here; '
        + 'the duplicate is kept, marked merged, and its id answers for this contact from then on. Nothing is deleted; audited as contact.merged',
      params, body: mergeContactBody, response: { 200: contactDetailView },
    },
  }, async (request) => presentContactDetail(await mergeContacts(ctx, actorOf(request), request.params.id, request.body.otherContactId)));
}
