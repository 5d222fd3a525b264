import { useState, type FormEvent } from 'react';
import type { Contact } from '../../../api/types';
import { formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import type { ContactChange } from '../api/contacts.api';

/** Name, email and phone of a profile, editable in place. */
export function ContactFacts({ contact, timeZone, canWrite, onSave }: {
  contact: Contact;
  timeZone: string;
  canWrite: boolean;
  onSave: (change: ContactChange) => Promise<unknown>;
}) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const entry = form.get(name);
      const text = typeof entry === 'string' ? entry.trim() : '';
      return text === '' ? null : text;
    };
    setSaving(true);
    setError(null);
    try {
      await onSave({ displayName: value('displayName'), email: value('email'), phone: value('phone') });
      setEditing(false);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  }

  if (editing) {
    return (
      <form className="profile-form" onSubmit={(event) => void handleSubmit(event)} aria-label="Edit profile">
        <label htmlFor="contact-name">Name</label>
        <input id="contact-name" name="displayName" defaultValue={contact.displayName ?? ''} maxLength={200} autoFocus />
        <label htmlFor="contact-email">Email</label>
        <input id="contact-email" name="email" type="email" defaultValue={contact.email ?? ''} maxLength={254} />
        <label htmlFor="contact-phone">Phone</label>
        <input id="contact-phone" name="phone" type="tel" defaultValue={contact.phone ?? ''} maxLength={64} />
        {error !== null && <p className="form-error" role="alert">{error}</p>}
        <div className="profile-form-buttons">
          <button type="submit" className="button small primary" disabled={saving}>{saving ? 'Saving…' : 'Save'}</button>
          <button type="button" className="button small ghost" onClick={() => setEditing(false)}>Cancel</button>
        </div>
      </form>
    );
  }
  return (
    <>
      <dl className="facts">
        <div><dt>Email</dt><dd>{contact.email ?? <span className="muted">—</span>}</dd></div>
        <div><dt>Phone</dt><dd>{contact.phone ?? <span className="muted">—</span>}</dd></div>
        <div><dt>Customer since</dt><dd>{formatDateTime(contact.createdAt, timeZone)}</dd></div>
      </dl>
      {canWrite && <button type="button" className="link-button profile-edit" onClick={() => setEditing(true)}>Edit details</button>}
    </>
  );
}
