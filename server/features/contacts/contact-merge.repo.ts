import type { Executor } from '../../app-context.js';

/** What a merge moved from the duplicate to the surviving contact. */
export interface MovedByMerge {
  identityIds: string[];
  conversationIds: string[];
  /** Messages whose author was the duplicate, in any conversation (a public thread can have several authors). */
  messages: number;
  noteIds: string[];
  /** Tags the duplicate had that the survivor now has too. */
  tags: string[];
}

/**
 * Repoints everything of `fromId` at `toId` and marks `fromId` as merged into it. Rows are moved, never deleted: the
 * duplicate stays as an alias (its own tag rows too), and contacts merged into it earlier now point at the survivor.
 */
export async function moveContactData(trx: Executor, workspaceId: string, fromId: string, toId: string, now: number): Promise<MovedByMerge> {
  const [identities, conversations, notes, tags] = await Promise.all([
    trx.selectFrom('contact_identities').select('id').where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).orderBy('id').execute(),
    trx.selectFrom('conversations').select('id').where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).orderBy('id').execute(),
    trx.selectFrom('contact_notes').select('id').where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).orderBy('id').execute(),
    trx.selectFrom('contact_tags').select('tag').where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).execute(),
  ]);
  await trx.updateTable('contact_identities').set({ contact_id: toId, updated_at: now }).where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).execute();
  await trx.updateTable('conversations').set({ contact_id: toId, updated_at: now }).where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).execute();
  const messages = await trx.updateTable('messages').set({ author_contact_id: toId }).where('author_contact_id', '=', fromId).where('workspace_id', '=', workspaceId).executeTakeFirst();
  // The call log follows its conversations.
  await trx.updateTable('calls').set({ contact_id: toId }).where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).execute();
  await trx.updateTable('contact_notes').set({ contact_id: toId }).where('workspace_id', '=', workspaceId).where('contact_id', '=', fromId).execute();
  if (tags.length > 0) {
    await trx.insertInto('contact_tags').values(tags.map((row) => ({ workspace_id: workspaceId, contact_id: toId, tag: row.tag })))
      .onConflict((oc) => oc.columns(['contact_id', 'tag']).doNothing()).execute();
  }
  await trx.updateTable('contacts').set({ merged_into_id: toId, updated_at: now }).where('workspace_id', '=', workspaceId).where('id', '=', fromId).execute();
  await trx.updateTable('contacts').set({ merged_into_id: toId }).where('workspace_id', '=', workspaceId).where('merged_into_id', '=', fromId).execute();
  return {
    identityIds: identities.map((row) => row.id),
    conversationIds: conversations.map((row) => row.id),
    messages: Number(messages.numUpdatedRows),
    noteIds: notes.map((row) => row.id),
    tags: tags.map((row) => row.tag).sort(),
  };
}
