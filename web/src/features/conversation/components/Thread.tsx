import { useEffect, useMemo, useRef } from 'react';
import type { Message, Note } from '../../../api/types';
import { MessageItem } from './MessageItem';
import { NoteItem } from './NoteItem';

type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

/** Messages and notes in time order; stays at the newest entry as new ones arrive. */
export function Thread({ messages, notes, nameOfMessage, nameOfUser, timeZone, busy, onRetry, onUseSuggestion, onHide }: {
  messages: Message[];
  notes: Note[];
  nameOfMessage: (message: Message) => string;
  nameOfUser: (userId: string | null) => string;
  timeZone: string;
  busy: boolean;
  onRetry: (message: Message) => void;
  onUseSuggestion: (text: string) => void;
  onHide: (message: Message, reason: string, hidden: boolean) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const entries = useMemo(() => {
    const all: Entry[] = [
      ...messages.map((message) => ({ kind: 'message' as const, at: message.sentAt, message })),
      ...notes.map((note) => ({ kind: 'note' as const, at: note.createdAt, note })),
    ];
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }, [messages, notes]);

  const count = entries.length;
  useEffect(() => {
    const element = scroller.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [count]);

  return (
    <div className="thread" ref={scroller} tabIndex={0} aria-label="Conversation thread">
      <ol className="thread-list">
        {entries.map((entry) => (entry.kind === 'message'
          ? <MessageItem key={entry.message.id} message={entry.message} authorName={nameOfMessage(entry.message)} nameOfUser={nameOfUser} timeZone={timeZone} busy={busy} onRetry={onRetry} onUseSuggestion={onUseSuggestion} onHide={onHide} />
          : <NoteItem key={entry.note.id} note={entry.note} authorName={nameOfUser(entry.note.authorUserId)} timeZone={timeZone} />))}
      </ol>
    </div>
  );
}
