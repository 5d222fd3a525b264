import type { Member } from '../../../api/types';
import { Link } from '../../../app/Link';
import { channelName, formatShortTime, initialsOf } from '../../../lib/format';
import type { ConversationEntity } from '../../../lib/store';
import { TriageChips } from './TriageChips';
import { WaitingBadge } from './WaitingBadge';

/** The name to show for a conversation's contact. */
export function contactLabel(conversation: ConversationEntity): string {
  const { displayName, handle } = conversation.contact;
  return displayName ?? (handle === null ? 'Unknown customer' : `@${handle}`);
}

/** One inbox row: who, where, how long they have waited, what they said last, and what triage found. */
export function ConversationRow({ conversation, href, selected, unread, assignee, now }: {
  conversation: ConversationEntity;
  href: string;
  selected: boolean;
  unread: boolean;
  assignee: Member | undefined;
  now: number;
}) {
  const name = contactLabel(conversation);
  const waiting = conversation.waitingSince !== null && (conversation.status === 'open' || conversation.status === 'pending');
  const preview = conversation.lastMessage;
  return (
    <Link to={href} className={`row${selected ? ' selected' : ''}${unread ? ' unread' : ''}`} aria-current={selected ? 'true' : undefined} data-conversation-id={conversation.id}>
      <span className="avatar" aria-hidden="true">{initialsOf(name)}</span>
      <span className="row-body">
        <span className="row-top">
          {unread && <span className="unread-dot" title="New since you last opened it"><span className="visually-hidden">Unread: </span></span>}
          <span className="row-name">{name}</span>
          <span className={`channel channel-${conversation.channel}`}>{channelName(conversation.channel)}</span>
          <span className="row-time">{formatShortTime(conversation.lastMessageAt, now)}</span>
        </span>
        <span className="row-preview">
          {preview === null ? <em className="muted">No messages yet</em> : <>{preview.direction === 'outbound' && <span className="muted">You: </span>}{preview.text}</>}
        </span>
        <span className="row-chips">
          {waiting && conversation.waitingSince !== null && <WaitingBadge since={conversation.waitingSince} now={now} />}
          {(conversation.priority === 'urgent' || conversation.priority === 'high') && <span className={`chip priority-${conversation.priority}`}>{conversation.priority === 'urgent' ? 'Urgent' : 'High'}</span>}
          {conversation.status !== 'open' && <span className={`chip status-${conversation.status}`}>{conversation.status}</span>}
          <TriageChips triage={conversation.triage} />
          {assignee !== undefined && <span className="chip assignee" title={`Assigned to ${assignee.name}`}>{assignee.name.split(' ')[0]}</span>}
        </span>
      </span>
    </Link>
  );
}
