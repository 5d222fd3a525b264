import { useImperativeHandle, useRef, useState, type Ref } from 'react';
import { priorities, type Priority } from '../../../../../common/enums.js';
import type { Conversation, Member, Queue } from '../../../api/types';
import type { ConversationChange } from '../api/conversation.api';

/** What the keyboard shortcuts can ask of the actions bar. */
export interface ActionsHandle {
  focusAssign(): void;
}

function snoozeChoices(now: Date): Array<{ label: string; until: Date }> {
  const at = (days: number, hour: number) => {
    const date = new Date(now);
    date.setDate(date.getDate() + days);
    date.setHours(hour, 0, 0, 0);
    return date;
  };
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  return [
    { label: '1 hour', until: new Date(now.getTime() + 3600_000) },
    { label: '4 hours', until: new Date(now.getTime() + 4 * 3600_000) },
    { label: 'Tomorrow 9:00', until: at(1, 9) },
    { label: 'Next Monday 9:00', until: at(daysToMonday, 9) },
  ];
}

/** Assign, queue, priority, snooze and tags of one conversation (resolving is in the pane's header). */
export function ConversationActions({ conversation, members, queues, viewerId, canWrite, busy, onChange, ref }: {
  conversation: Conversation;
  members: Member[];
  queues: Queue[];
  viewerId: string | null;
  canWrite: boolean;
  busy: boolean;
  onChange: (change: ConversationChange) => void;
  ref?: Ref<ActionsHandle>;
}) {
  const assign = useRef<HTMLSelectElement>(null);
  const [tag, setTag] = useState('');
  useImperativeHandle(ref, () => ({ focusAssign: () => assign.current?.focus() }), []);
  const resolved = conversation.status === 'resolved';
  const disabled = !canWrite || busy;

  function handleAddTag() {
    const value = tag.trim().toLowerCase().replaceAll(/[\s,]+/g, '-');
    if (value === '') return;
    onChange({ addTags: [value] });
    setTag('');
  }

  return (
    <div className="actions" aria-label="Conversation actions" role="group">
      <div className="action">
        <label htmlFor="conversation-assignee">Assignee</label>
        <select id="conversation-assignee" ref={assign} value={conversation.assigneeId ?? ''} disabled={disabled} onChange={(event) => onChange({ assigneeId: event.target.value === '' ? null : event.target.value })}>
          <option value="">Unassigned</option>
          {members.map((member) => <option key={member.id} value={member.id}>{member.id === viewerId ? `${member.name} (me)` : member.name}</option>)}
        </select>
      </div>
      <div className="action">
        <label htmlFor="conversation-queue">Queue</label>
        <select id="conversation-queue" value={conversation.queueId ?? ''} disabled={disabled} onChange={(event) => onChange({ queueId: event.target.value === '' ? null : event.target.value })}>
          <option value="">No queue</option>
          {queues.map((queue) => <option key={queue.id} value={queue.id}>{queue.name}</option>)}
        </select>
      </div>
      <div className="action">
        <label htmlFor="conversation-priority">Priority</label>
        <select id="conversation-priority" value={conversation.priority} disabled={disabled} onChange={(event) => onChange({ priority: event.target.value as Priority })}>
          {[...priorities].reverse().map((priority) => <option key={priority} value={priority}>{priority[0]?.toUpperCase() + priority.slice(1)}</option>)}
        </select>
      </div>
      <div className="action">
        <label htmlFor="conversation-snooze">Snooze</label>
        <select id="conversation-snooze" value="" disabled={disabled || resolved} onChange={(event) => event.target.value !== '' && onChange({ status: 'snoozed', snoozedUntil: event.target.value })}>
          <option value="">{conversation.status === 'snoozed' && conversation.snoozedUntil !== null ? `Until ${new Date(conversation.snoozedUntil).toLocaleString()}` : 'Snooze…'}</option>
          {snoozeChoices(new Date()).map((choice) => <option key={choice.label} value={choice.until.toISOString()}>{choice.label}</option>)}
        </select>
      </div>
      <div className="action tags-action">
        <span className="label" id="conversation-tags-label">Tags</span>
        <ul className="tags" aria-labelledby="conversation-tags-label">
          {conversation.tags.map((name) => (
            <li key={name} className="chip tag">
              {name}
              {canWrite && <button type="button" className="chip-remove" aria-label={`Remove tag ${name}`} onClick={() => onChange({ removeTags: [name] })} disabled={busy}>×</button>}
            </li>
          ))}
          {canWrite && (
            <li>
              <label htmlFor="conversation-tag" className="visually-hidden">Add a tag</label>
              <input id="conversation-tag" className="tag-input" placeholder="+ tag" value={tag} maxLength={64} onChange={(event) => setTag(event.target.value)}
                onKeyDown={(event) => { if (event.key === 'Enter') { event.preventDefault(); handleAddTag(); } }} />
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
