import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http';

function display(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Custom fields of a profile (plan, loyalty number…): listed, added or changed, and removed. */
export function CustomFields({ fields, canWrite, onSave }: {
  fields: Record<string, unknown>;
  canWrite: boolean;
  onSave: (change: Record<string, string | null>) => Promise<unknown>;
}) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const entries = Object.entries(fields).sort(([a], [b]) => a.localeCompare(b));

  async function save(change: Record<string, string | null>) {
    setError(null);
    try {
      await onSave(change);
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      return false;
    }
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (key.trim() === '' || value.trim() === '') return;
    if (await save({ [key.trim()]: value.trim() })) {
      setKey('');
      setValue('');
    }
  }

  return (
    <>
      {entries.length === 0 ? <p className="muted">None yet.</p> : (
        <dl className="facts custom-fields">
          {entries.map(([name, fieldValue]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>
                {display(fieldValue)}
                {canWrite && <button type="button" className="chip-remove" aria-label={`Remove field ${name}`} onClick={() => void save({ [name]: null })}>×</button>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {canWrite && (
        <form className="field-form" onSubmit={(event) => void handleSubmit(event)} aria-label="Set a custom field">
          <label htmlFor="field-key" className="visually-hidden">Field name</label>
          <input id="field-key" placeholder="Field" value={key} maxLength={64} onChange={(event) => setKey(event.target.value)} />
          <label htmlFor="field-value" className="visually-hidden">Field value</label>
          <input id="field-value" placeholder="Value" value={value} maxLength={1000} onChange={(event) => setValue(event.target.value)} />
          <button type="submit" className="button small" disabled={key.trim() === '' || value.trim() === ''}>Set</button>
        </form>
      )}
      {error !== null && <p className="form-error" role="alert">{error}</p>}
    </>
  );
}
