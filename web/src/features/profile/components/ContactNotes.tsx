import { useState, type FormEvent } from 'react';
import type { ContactNote } from '../../../api/types';
import { formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';

/** How many notes a profile arrives with; a full first page may have older ones behind it. */
const notesShown = 20;

/** Internal notes about the customer (not about one conversation): newest first, never shown to the customer. */
export function ContactNotes({ notes, nameOfUser, timeZone, canWrite, onAdd, onLoadOlder }: {
  notes: ContactNote[];
  nameOfUser: (userId: string | null) => string;
  timeZone: string;
  canWrite: boolean;
  onAdd: (text: string) => Promise<unknown>;
  /** Loads the notes older than the given one; answers whether there are still older ones. */
  onLoadOlder: (beforeId: string) => Promise<{ items: ContactNote[]; nextCursor: string | null }>;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [older, setOlder] = useState<ContactNote[]>([]);
  const [moreOlder, setMoreOlder] = useState(notes.length >= notesShown);
  const shown = [...notes, ...older.filter((note) => !notes.some((known) => known.id === note.id))];

  async function handleLoadOlder() {
    const last = shown.at(-1);
    if (last === undefined) return;
    try {
      const page = await onLoadOlder(last.id);
      setOlder((current) => [...current, ...page.items]);
      setMoreOlder(page.nextCursor !== null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text.trim() === '' || saving) return;
    setSaving(true);
    setError(null);
    try {
      await onAdd(text.trim());
      setText('');
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      {canWrite && (
        <form className="profile-note-form" onSubmit={(event) => void handleSubmit(event)} aria-label="Add a profile note">
          <label htmlFor="profile-note" className="visually-hidden">Note about this customer</label>
          <textarea id="profile-note" rows={2} value={text} maxLength={10_000} placeholder="Note about this customer…" onChange={(event) => setText(event.target.value)} />
          <button type="submit" className="button small" disabled={saving || text.trim() === ''}>{saving ? 'Saving…' : 'Save note'}</button>
          {error !== null && <p className="form-error" role="alert">{error}</p>}
        </form>
      )}
      {shown.length === 0 ? <p className="muted">No notes yet.</p> : (
        <ul className="profile-notes">
          {shown.map((note) => (
            <li key={note.id} className="profile-note">
              <p className="message-text">{note.text}</p>
              <p className="muted small-print">{nameOfUser(note.authorUserId)} · <time dateTime={note.createdAt}>{formatDateTime(note.createdAt, timeZone)}</time></p>
            </li>
          ))}
        </ul>
      )}
      {moreOlder && <button type="button" className="link-button small-print" onClick={() => void handleLoadOlder()}>Show older notes</button>}
    </>
  );
}
