import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Contact } from '../../../api/types';
import { channelName } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { searchContacts } from '../api/contacts.api';

/** The name a contact goes by. */
export function contactName(contact: Contact): string {
  const identity = contact.identities[0];
  return contact.displayName ?? identity?.displayName ?? (identity?.handle === null || identity?.handle === undefined ? 'Unknown customer' : `@${identity.handle}`);
}

function identitiesOf(contact: Contact): string {
  return contact.identities.map((identity) => `${channelName(identity.channel)} ${identity.handle === null ? identity.displayName ?? identity.platformUserId : `@${identity.handle}`}`).join(', ');
}

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Finds another profile of the same person and merges it into this one after a confirmation that says what moves.
 * A modal dialog: focus stays inside, Escape closes it.
 */
export function MergeDialog({ slug, contact, merging, error, onMerge, onClose }: {
  slug: string;
  contact: Contact;
  merging: boolean;
  error: unknown;
  onMerge: (other: Contact) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Contact | null>(null);
  const q = useDebounced(text.trim(), 250);
  const results = useQuery({
    queryKey: ['contact-search', slug, q],
    queryFn: ({ signal }) => searchContacts(slug, q, signal),
    enabled: q !== '',
    placeholderData: keepPreviousData,
  });
  const candidates = (results.data ?? []).filter((candidate) => candidate.id !== contact.id);

  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const name = contactName(contact);
  return (
    <dialog ref={dialog} className="help merge-dialog" aria-labelledby="merge-title" onClose={onClose} onCancel={onClose}>
      <h2 id="merge-title">Merge another profile into {name}</h2>
      {chosen === null ? (
        <>
          <label htmlFor="merge-search">Find the other profile by name, handle or email</label>
          <input id="merge-search" type="search" value={text} autoFocus autoComplete="off" onChange={(event) => setText(event.target.value)} />
          <ul className="merge-results" aria-label="Matching profiles" aria-busy={results.isFetching}>
            {q !== '' && !results.isFetching && candidates.length === 0 && <li className="muted">No other profile matches.</li>}
            {candidates.map((candidate) => (
              <li key={candidate.id}>
                <button type="button" className="merge-candidate" onClick={() => setChosen(candidate)}>
                  <span className="merge-candidate-name">{contactName(candidate)}</span>
                  <span className="muted">{identitiesOf(candidate) || candidate.email || 'No identities'}</span>
                </button>
              </li>
            ))}
          </ul>
          {results.error !== null && <p className="form-error" role="alert">{errorMessage(results.error)}</p>}
          <div className="dialog-buttons"><button type="button" className="button" onClick={onClose}>Cancel</button></div>
        </>
      ) : (
        <>
          <p>
            Merge <strong>{contactName(chosen)}</strong> into <strong>{name}</strong>? {contactName(chosen)}&apos;s identities
            ({identitiesOf(chosen) || 'none'}), conversations, notes and tags move to {name}.
          </p>
          <p className="muted">Nothing is deleted: the other profile stays on record as merged, and the merge is audited.</p>
          {error !== null && <p className="form-error" role="alert">{errorMessage(error)}</p>}
          <div className="dialog-buttons">
            <button type="button" className="button primary" disabled={merging} onClick={() => onMerge(chosen)} autoFocus>{merging ? 'Merging…' : 'Merge profiles'}</button>
            <button type="button" className="button" disabled={merging} onClick={() => setChosen(null)}>Back</button>
          </div>
        </>
      )}
    </dialog>
  );
}
