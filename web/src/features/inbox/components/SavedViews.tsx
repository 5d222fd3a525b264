import { useState } from 'react';
import { navigate, paths } from '../../../app/router';

interface SavedView {
  name: string;
  search: string;
}

function storageKey(slug: string): string {
  return `rapport.saved-views.${slug}`;
}

function readSaved(slug: string): SavedView[] {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(storageKey(slug)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((view): view is SavedView => typeof view === 'object' && view !== null && typeof (view as SavedView).name === 'string' && typeof (view as SavedView).search === 'string') : [];
  } catch {
    return [];
  }
}

/** Filters an agent saved under a name (kept in this browser), to come back to in one click. */
export function SavedViews({ slug, currentSearch }: { slug: string; currentSearch: string }) {
  const [saved, setSaved] = useState(() => readSaved(slug));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  function store(next: SavedView[]) {
    setSaved(next);
    window.localStorage.setItem(storageKey(slug), JSON.stringify(next));
  }

  function handleSave() {
    if (name.trim() === '') return;
    store([...saved.filter((view) => view.name !== name.trim()), { name: name.trim(), search: currentSearch }]);
    setName('');
    setNaming(false);
  }

  return (
    <div className="saved-views">
      <label htmlFor="saved-view" className="visually-hidden">Saved filters</label>
      <select id="saved-view" value={saved.find((view) => view.search === currentSearch)?.name ?? ''} onChange={(event) => {
        const view = saved.find((candidate) => candidate.name === event.target.value);
        if (view !== undefined) navigate(paths.inbox(slug, null, view.search));
      }}>
        <option value="">{saved.length === 0 ? 'Saved filters (none yet)' : 'Saved filters…'}</option>
        {saved.map((view) => <option key={view.name} value={view.name}>{view.name}</option>)}
      </select>
      {naming ? (
        <>
          <label htmlFor="saved-view-name" className="visually-hidden">Name of the saved filter</label>
          <input id="saved-view-name" value={name} placeholder="Name" autoFocus onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => { if (event.key === 'Enter') handleSave(); if (event.key === 'Escape') setNaming(false); }} />
          <button type="button" className="button small" onClick={handleSave}>Save</button>
        </>
      ) : <button type="button" className="button small" onClick={() => setNaming(true)}>Save current filter</button>}
    </div>
  );
}
