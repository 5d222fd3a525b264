import { useState } from 'react';

/** The profile's own tags: shown always, added and removed by agents who can write. */
export function ContactTags({ tags, canWrite, busy, onAdd, onRemove }: {
  tags: string[];
  canWrite: boolean;
  busy: boolean;
  onAdd: (tag: string) => void;
  onRemove: (tag: string) => void;
}) {
  const [tag, setTag] = useState('');

  function handleAdd() {
    const value = tag.trim().toLowerCase().replaceAll(/[\s,]+/g, '-');
    if (value === '') return;
    onAdd(value);
    setTag('');
  }

  return (
    <ul className="tags" aria-labelledby="profile-tags-title">
      {tags.map((name) => (
        <li key={name} className="chip tag">
          {name}
          {canWrite && <button type="button" className="chip-remove" aria-label={`Remove profile tag ${name}`} onClick={() => onRemove(name)} disabled={busy}>×</button>}
        </li>
      ))}
      {tags.length === 0 && !canWrite && <li className="muted">None</li>}
      {canWrite && (
        <li>
          <label htmlFor="profile-tag" className="visually-hidden">Add a profile tag</label>
          <input id="profile-tag" className="tag-input" placeholder="+ tag" value={tag} maxLength={64} onChange={(event) => setTag(event.target.value)}
            onKeyDown={(event) => { if (event.key === 'Enter') { event.preventDefault(); handleAdd(); } }} />
        </li>
      )}
    </ul>
  );
}
