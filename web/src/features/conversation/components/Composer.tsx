import { useImperativeHandle, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import { channelRules, messagingWindowClosed, replyLength, replyRuleBreaches } from '../../../../../common/channel-rules.js';
import { limits } from '../../../../../common/limits.js';
import type { MessageVisibility } from '../../../../../common/enums.js';
import type { Conversation, Member } from '../../../api/types';
import { channelName } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { MentionSuggestions, mentionHandleOf, typedMention } from './MentionSuggestions';

/** What the keyboard shortcuts can ask of the composer. */
export interface ComposerHandle {
  focus(mode: ComposerMode): void;
  fill(text: string): void;
}

/** Whether the composer writes to the customer or to the team. */
export type ComposerMode = 'reply' | 'note';

/** Writes a reply (public or private where the platform allows) or an internal note with @mentions. */
export function Composer({ conversation, members, onReply, onNote, ref }: {
  conversation: Conversation;
  members: Member[];
  onReply: (text: string, visibility: MessageVisibility) => Promise<unknown>;
  onNote: (text: string) => Promise<unknown>;
  ref?: Ref<ComposerHandle>;
}) {
  const rules = channelRules[conversation.channel];
  const [mode, setMode] = useState<ComposerMode>(rules.writtenReplies ? 'reply' : 'note');
  const [visibility, setVisibility] = useState<MessageVisibility>(conversation.visibility);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);

  useImperativeHandle(ref, () => ({
    focus(next) {
      setMode(next === 'reply' && !rules.writtenReplies ? 'note' : next);
      textarea.current?.focus();
    },
    fill(value) {
      setMode('reply');
      setText(value);
      textarea.current?.focus();
    },
  }), [rules.writtenReplies]);

  const replying = mode === 'reply';
  const limit = replying ? rules.replyChars[visibility] : limits.noteTextChars;
  const length = replyLength(text);
  const over = length > limit;
  const canChooseVisibility = conversation.visibility === 'public' && rules.privateReplyToPublic;
  const lastInboundAt = conversation.lastInboundAt === null ? null : Date.parse(conversation.lastInboundAt);
  // The server refuses what breaks the channel's rules; the composer checks the same rules as the agent types.
  const breaches = replying && rules.writtenReplies
    ? replyRuleBreaches({ channel: conversation.channel, conversationVisibility: conversation.visibility, visibility, text, template: false, lastInboundAt, now: Date.now() })
    : [];
  const windowRefusal = breaches.find((breach) => breach.field === 'template');
  // Where the window is not a hard rule (an account may be allowed longer), a closed one only warns.
  const windowClosed = windowRefusal === undefined && replying && visibility === 'private' && lastInboundAt !== null && messagingWindowClosed(conversation.channel, lastInboundAt, Date.now());
  const blocked = over || windowRefusal !== undefined;
  const mention = replying ? null : typedMention(text, textarea.current?.selectionStart ?? text.length);

  async function submit() {
    const trimmed = text.trim();
    if (trimmed === '' || blocked || sending) return;
    setSending(true);
    setError(null);
    try {
      await (replying ? onReply(trimmed, visibility) : onNote(trimmed));
      setText('');
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSending(false);
    }
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
    if (event.key === 'Escape') event.currentTarget.blur();
  }

  function handleMention(member: Member) {
    if (mention === null) return;
    const handle = `@${mentionHandleOf(member)} `;
    setText(text.slice(0, mention.start) + handle + text.slice(mention.end));
    textarea.current?.focus();
  }

  return (
    <form className={`composer composer-${mode}`} onSubmit={handleSubmit} aria-label={replying ? 'Reply' : 'Internal note'}>
      <div className="composer-modes" role="group" aria-label="Write">
        <button type="button" aria-pressed={replying} disabled={!rules.writtenReplies} onClick={() => setMode('reply')}>Reply</button>
        <button type="button" aria-pressed={!replying} onClick={() => setMode('note')}>Internal note</button>
        {replying && (canChooseVisibility ? (
          <fieldset className="visibility">
            <legend className="visually-hidden">Reply visibility</legend>
            <label><input type="radio" name="visibility" value="public" checked={visibility === 'public'} onChange={() => setVisibility('public')} /> Public</label>
            <label><input type="radio" name="visibility" value="private" checked={visibility === 'private'} onChange={() => setVisibility('private')} /> Private</label>
          </fieldset>
        ) : <span className="muted visibility-fixed">{visibility === 'public' ? 'Public' : 'Private'} reply on {channelName(conversation.channel)}</span>)}
      </div>
      {!rules.writtenReplies && <p className="muted small-print">{channelName(conversation.channel)} conversations cannot be answered in writing; notes stay internal.</p>}
      {windowClosed && (
        <p className="warning" role="status">
          The customer last wrote over {rules.messagingWindowHours} hours ago: {channelName(conversation.channel)} allows free-form messages only within that window, so this reply may be refused.
        </p>
      )}
      {windowRefusal !== undefined && <p className="warning" role="status">{windowRefusal.message} (through the API: a reply with a template).</p>}
      <label htmlFor="composer-text" className="visually-hidden">{replying ? 'Reply text' : 'Note text'}</label>
      <textarea id="composer-text" ref={textarea} rows={3} value={text} onChange={(event) => setText(event.target.value)} onKeyDown={handleKeyDown}
        placeholder={replying ? `Reply to the customer (${visibility})…` : 'Note for the team; @name mentions a colleague'} aria-invalid={over} aria-describedby="composer-count" />
      {mention !== null && <MentionSuggestions members={members} query={mention.query} onPick={handleMention} />}
      <div className="composer-footer">
        <span id="composer-count" className={over ? 'count over' : 'count'} aria-live={over ? 'polite' : 'off'}>
          {length.toLocaleString()} / {limit.toLocaleString()}{over ? ' — too long for this channel' : ''}
        </span>
        {error !== null && <span className="form-error" role="alert">{error}</span>}
        <button type="submit" className="button primary" disabled={sending || blocked || text.trim() === ''}>
          {sending ? 'Sending…' : replying ? 'Send reply' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
