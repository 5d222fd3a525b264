import { useState, type FormEvent } from 'react';
import type { Attachment, Message, MessageTriage } from '../../../api/types';
import { channelName, formatDateTime, humanize } from '../../../lib/format';
import { SafeText, safeHttpUrl } from '../../../lib/SafeText';
import { CallSummary } from './CallSummary';
import { DeliveryStatus } from './DeliveryStatus';
import '../conversation.css';

/** How the platform presents a message: a public reply, a direct message, an email or a call. */
function kindOf(message: Message): string {
  if (message.kind === 'call') return 'Call';
  if (message.channel === 'email') return 'Email';
  if (message.channel === 'phone') return 'Call';
  if (message.visibility === 'public') return message.parentPlatformId === null ? 'Public post' : 'Public reply';
  return message.channel === 'webchat' ? 'Chat' : 'Direct message';
}

/** What made a message go viral, for its chip: the thread's growth and the platform's counters. */
function viralityDetail(reason: NonNullable<MessageTriage['viralityReason']>): string {
  const growth = `${reason.recentMessages} other customer messages in the thread in the hour before (${reason.perHour} an hour)`;
  return `${growth}; ${reason.reposts} reposts, ${reason.replies} replies, ${reason.likes} likes. Raised to ${reason.raisedTo}.`;
}

function AttachmentItem({ attachment }: { attachment: Attachment }) {
  const href = attachment.url === undefined ? undefined : safeHttpUrl(attachment.url);
  const label = attachment.name ?? attachment.caption ?? humanize(attachment.type);
  const size = attachment.sizeBytes === undefined ? null : `${Math.max(1, Math.round(attachment.sizeBytes / 1024))} KB`;
  if (attachment.type === 'location' && attachment.latitude !== undefined && attachment.longitude !== undefined) {
    return <li className="attachment"><span className="attachment-kind">Location</span> {attachment.latitude.toFixed(4)}, {attachment.longitude.toFixed(4)}</li>;
  }
  return (
    <li className="attachment">
      <span className="attachment-kind">{humanize(attachment.type)}</span>{' '}
      {href === undefined ? label : <a href={href} target="_blank" rel="noopener noreferrer nofollow">{label}</a>}
      {size !== null && <span className="muted"> ({size})</span>}
    </li>
  );
}

/** One message of the thread, customer content as text only. */
export function MessageItem({ message, authorName, nameOfUser, timeZone, onRetry, onUseSuggestion, onHide, busy }: {
  message: Message;
  authorName: string;
  nameOfUser: (userId: string | null) => string;
  timeZone: string;
  onRetry: (message: Message) => void;
  onUseSuggestion: (text: string) => void;
  onHide: (message: Message, reason: string, hidden: boolean) => void;
  busy: boolean;
}) {
  const [hiding, setHiding] = useState(false);
  const [reason, setReason] = useState('');
  const inbound = message.direction === 'inbound';
  const triage = message.triage;
  const hidden = message.hidden;

  function handleHide(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim() === '') return;
    // The form hides a visible comment and shows a hidden one again; both need a reason for the audit log.
    onHide(message, reason.trim(), hidden === null);
    setReason('');
    setHiding(false);
  }

  return (
    <li className={`message ${inbound ? 'inbound' : 'outbound'} channel-${message.channel}${hidden === null ? '' : ' hidden-on-platform'}`} data-message-id={message.id}>
      <div className="message-meta">
        <span className="message-author">{authorName}</span>
        <span className="message-kind">{kindOf(message)}</span>
        <time dateTime={message.sentAt} className="muted">{formatDateTime(message.sentAt, timeZone)}</time>
        {message.editedAt !== null && <span className="muted">(edited)</span>}
      </div>
      {hidden !== null && (
        <p className="hidden-notice" data-testid="hidden-notice">
          <strong>Hidden on {channelName(message.channel)}</strong> by {nameOfUser(hidden.by)} · {formatDateTime(hidden.at, timeZone)}
          <span className="hidden-reason"> · Reason: <SafeText text={hidden.reason} /></span>
        </p>
      )}
      <div className="bubble">
        {message.deletedByAuthorAt !== null && <p className="muted">The customer deleted this message.</p>}
        {message.call === null
          ? <p className="message-text"><SafeText text={message.text} /></p>
          : <CallSummary call={message.call} agentName={message.call.agentId === null ? null : nameOfUser(message.call.agentId)} />}
        {message.attachments.length > 0 && <ul className="attachments">{message.attachments.map((attachment, index) => <AttachmentItem key={index} attachment={attachment} />)}</ul>}
      </div>
      <div className="message-footer">
        {!inbound && message.kind !== 'call' && <DeliveryStatus message={message} onRetry={() => onRetry(message)} retrying={busy} />}
        {triage !== null && (
          <span className="message-triage">
            <span className={`chip sentiment-${triage.sentiment.label}`}>{humanize(triage.sentiment.label)}</span>
            {triage.intent.decided && <span className="chip intent" title={`Confidence ${Math.round(triage.intent.confidence * 100)}%`}>{humanize(triage.intent.label)}</span>}
            {triage.personalData.length > 0 && <span className="chip personal-data">Personal data{triage.personalDataMasked ? ' (masked)' : ''}</span>}
            {triage.viralityReason !== null && (
              <span className={`chip viral priority-${triage.viralityReason.raisedTo}`} title={viralityDetail(triage.viralityReason)}>
                Going viral {Math.round((triage.virality ?? 0) * 100)}%
              </span>
            )}
            {triage.spam.isSpam && <span className="chip">Likely spam</span>}
          </span>
        )}
        {inbound && message.visibility === 'public' && !hiding && (
          <button type="button" className="link-button" onClick={() => setHiding(true)}>{hidden === null ? 'Hide on platform…' : 'Show on platform again…'}</button>
        )}
      </div>
      {hiding && (
        <form className="hide-form" onSubmit={handleHide}>
          <label htmlFor={`hide-${message.id}`}>{hidden === null ? 'Reason for hiding (audited; nothing is deleted)' : 'Reason for showing it again (audited)'}</label>
          <input id={`hide-${message.id}`} value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} autoFocus />
          <button type="submit" className="button small">{hidden === null ? 'Hide' : 'Show again'}</button>
          <button type="button" className="button ghost small" onClick={() => setHiding(false)}>Cancel</button>
        </form>
      )}
      {message.suggestedReply !== null && (
        <div className="suggestion">
          <span>Personal data posted in public. Suggested reply: “<SafeText text={message.suggestedReply} />”</span>
          <button type="button" className="button small" onClick={() => onUseSuggestion(message.suggestedReply ?? '')}>Use</button>
        </div>
      )}
    </li>
  );
}
