import type { Me } from '../../../api/types';
import { Link } from '../../../app/Link';
import { paths } from '../../../app/router';

/** The workspaces (brands) of a user in several: pick one to work in. */
export function WorkspacePicker({ me }: { me: Me }) {
  return (
    <main className="login">
      <section className="login-card" aria-labelledby="picker-title">
        <h1 id="picker-title">Choose a workspace</h1>
        {me.workspaces.length === 0 && <p>You are not a member of any workspace yet. Ask an admin to add you.</p>}
        <ul className="picker-list">
          {me.workspaces.map((workspace) => (
            <li key={workspace.id}>
              <Link className="picker-item" to={paths.inbox(workspace.slug)}>
                <span className="picker-name">{workspace.name}</span>
                <span className="muted">{workspace.role} · {workspace.timeZone}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
