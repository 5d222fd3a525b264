import type { Note } from '../../../api/types';
import { formatDateTime } from '../../../lib/format';

const mentionPattern = /(?<![\w@])@[\p{L}\p{N}._-]{1,64}/gu;

/** The note's text with @mentions emphasised; everything is text, nothing is markup. */
function NoteText({ text }: { text: string }) {
  const parts: Array<{ text: string; mention: boolean }> = [];
  let last = 0;
  for (const match of text.matchAll(mentionPattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), mention: false });
    parts.push({ text: match[0], mention: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), mention: false });
  return <>{parts.map((part, index) => (part.mention ? <strong key={index} className="mention">{part.text}</strong> : <span key={index}>{part.text}</span>))}</>;
}

/** An internal note: visible to the team only, never sent to the customer. */
export function NoteItem({ note, authorName, timeZone }: { note: Note; authorName: string; timeZone: string }) {
  return (
    <li className="note" data-note-id={note.id}>
      <div className="message-meta">
        <span className="message-author">{authorName}</span>
        <span className="message-kind">Internal note</span>
        <time dateTime={note.createdAt} className="muted">{formatDateTime(note.createdAt, timeZone)}</time>
      </div>
      <p className="message-text"><NoteText text={note.text} /></p>
    </li>
  );
}
