import { useState } from 'react';
import type { Member } from '../../../api/types';
import { channelName } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { fetchContactNotes } from '../api/contacts.api';
import { useContact } from '../hooks/useContact';
import { useContactActions } from '../hooks/useContactActions';
import { ContactFacts } from './ContactFacts';
import { ContactHistory } from './ContactHistory';
import { ContactNotes } from './ContactNotes';
import { ContactTags } from './ContactTags';
import { CustomFields } from './CustomFields';
import { MergeDialog, contactName } from './MergeDialog';
import '../profile.css';

/**
 * The customer behind a conversation: identities on every channel, details, tags, custom fields, notes, every past
 * conversation and call; agents who can write edit all of it and merge a duplicate profile into this one.
 */
export function ProfilePanel({ slug, contactId, currentConversationId, timeZone, members, canWrite }: {
  slug: string;
  contactId: string;
  currentConversationId: string;
  timeZone: string;
  members: Member[];
  canWrite: boolean;
}) {
  const { contact: detail, isLoading, error } = useContact(slug, contactId);
  const actions = useContactActions(slug, contactId);
  const [merging, setMerging] = useState(false);
  if (detail === undefined) {
    return (
      <aside className="profile" aria-label="Customer profile">
        {isLoading ? <p className="muted" role="status">Loading profile…</p> : <p className="form-error" role="alert">{errorMessage(error)}</p>}
      </aside>
    );
  }
  const { contact, conversations, conversationCount, notes } = detail;
  const conversationTags = [...new Set(conversations.flatMap((conversation) => conversation.tags))].sort();
  const nameOfUser = (userId: string | null) => members.find((member) => member.id === userId)?.name ?? 'Someone';
  // Details and fields show their own errors; a failed tag change shows here.
  const tagsChanged = actions.update.variables?.addTags !== undefined || actions.update.variables?.removeTags !== undefined;
  const tagError = tagsChanged ? actions.update.error : null;

  function handleOpenMerge() {
    actions.merge.reset();
    setMerging(true);
  }

  return (
    <aside className="profile" aria-labelledby="profile-title" data-contact-id={contact.id}>
      <div className="profile-header">
        <h2 id="profile-title">{contactName(contact)}</h2>
        {canWrite && <button type="button" className="button small" onClick={handleOpenMerge}>Merge with…</button>}
      </div>
      <ContactFacts contact={contact} timeZone={timeZone} canWrite={canWrite} onSave={(change) => actions.update.mutateAsync(change)} />

      <h3>Identities ({contact.identities.length})</h3>
      <ul className="identities" aria-label="Identities">
        {contact.identities.map((identity) => (
          <li key={identity.id} data-channel={identity.channel}>
            <span className={`channel channel-${identity.channel}`}>{channelName(identity.channel)}</span>{' '}
            {/* A phone identity is the number itself (E.164), not an @handle. */}
            <span>{identity.channel === 'phone' ? identity.platformUserId : identity.handle === null ? identity.displayName ?? identity.platformUserId : `@${identity.handle}`}</span>
            {identity.verified && <span className="chip">Verified</span>}
            {identity.followers !== null && identity.followers > 0 && <span className="muted"> · {identity.followers.toLocaleString()} followers</span>}
          </li>
        ))}
      </ul>

      <h3 id="profile-tags-title">Tags</h3>
      <ContactTags tags={contact.tags} canWrite={canWrite} busy={actions.update.isPending}
        onAdd={(tag) => actions.update.mutate({ addTags: [tag] })} onRemove={(tag) => actions.update.mutate({ removeTags: [tag] })} />
      {tagError !== null && <p className="form-error" role="alert">{errorMessage(tagError)}</p>}
      {conversationTags.length > 0 && (
        <p className="muted small-print profile-conversation-tags">On conversations: {conversationTags.join(', ')}</p>
      )}

      <h3>Custom fields</h3>
      <CustomFields fields={contact.customFields} canWrite={canWrite} onSave={(customFields) => actions.update.mutateAsync({ customFields })} />

      <h3>Notes</h3>
      <ContactNotes notes={notes} nameOfUser={nameOfUser} timeZone={timeZone} canWrite={canWrite} onAdd={(text) => actions.note.mutateAsync(text)}
        onLoadOlder={(beforeId) => fetchContactNotes(slug, contact.id, beforeId)} />

      <h3>Conversations and calls ({conversationCount})</h3>
      <ContactHistory slug={slug} conversations={conversations} total={conversationCount} currentConversationId={currentConversationId} timeZone={timeZone} />

      {merging && (
        <MergeDialog slug={slug} contact={contact} merging={actions.merge.isPending} error={actions.merge.error}
          onMerge={(other) => actions.merge.mutate(other.id, { onSuccess: () => setMerging(false) })} onClose={() => setMerging(false)} />
      )}
    </aside>
  );
}
