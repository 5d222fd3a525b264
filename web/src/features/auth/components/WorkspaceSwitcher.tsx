import type { ChangeEvent } from 'react';
import type { Me } from '../../../api/types';
import { navigate, paths } from '../../../app/router';

/** Switches between the brands a user works for; hidden for users of a single workspace. */
export function WorkspaceSwitcher({ me, slug }: { me: Me; slug: string }) {
  if (me.workspaces.length < 2) return null;

  function handleChange(event: ChangeEvent<HTMLSelectElement>) {
    navigate(paths.inbox(event.target.value));
  }

  return (
    <div className="switcher">
      <label htmlFor="workspace-switcher" className="visually-hidden">Workspace</label>
      <select id="workspace-switcher" value={slug} onChange={handleChange}>
        {me.workspaces.map((workspace) => <option key={workspace.id} value={workspace.slug}>{workspace.name}</option>)}
      </select>
    </div>
  );
}
