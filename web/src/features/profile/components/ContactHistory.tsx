import type { Conversation } from '../../../api/types';
import { Link } from '../../../app/Link';
import { paths } from '../../../app/router';
import { channelName, formatDateTime } from '../../../lib/format';

/** Every conversation of the customer on any channel, calls included, newest first. */
export function ContactHistory({ slug, conversations, total, currentConversationId, timeZone }: {
  slug: string;
  conversations: Conversation[];
  total: number;
  currentConversationId: string;
  timeZone: string;
}) {
  return (
    <>
      <ul className="history">
        {conversations.map((conversation) => {
          const label = `${conversation.channel === 'phone' ? 'Call' : channelName(conversation.channel)}${conversation.subject === null ? '' : `: ${conversation.subject}`}`;
          return (
            <li key={conversation.id} data-conversation-id={conversation.id}>
              {conversation.id === currentConversationId
                ? <span className="history-current">This conversation</span>
                : <Link to={paths.inbox(slug, conversation.id, 'status=')}>{label}</Link>}
              <span className="muted"> · {conversation.status} · {formatDateTime(conversation.lastMessageAt, timeZone)}</span>
            </li>
          );
        })}
      </ul>
      {total > conversations.length && <p className="muted small-print">The newest {conversations.length} of {total.toLocaleString()} are listed.</p>}
    </>
  );
}
