import { useEffect } from 'react';
import { LoginPage } from '../features/auth/components/LoginPage';
import { WorkspacePicker } from '../features/auth/components/WorkspacePicker';
import { findWorkspace, useSession } from '../features/auth/hooks/useSession';
import { navigate, paths, useRoute } from './router';
import { WorkspaceShell } from './WorkspaceShell';

/** Goes somewhere else as soon as it renders. */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** The app: the login page for visitors, otherwise the workspace the address names. */
export function App() {
  const route = useRoute();
  const { me, isLoading } = useSession();

  if (isLoading) return <div className="splash" role="status">Loading Rapport…</div>;
  if (me === null || me === undefined) return route.name === 'login' ? <LoginPage /> : <Redirect to={paths.login()} />;
  const only = me.workspaces.length === 1 ? me.workspaces[0] : undefined;
  if (route.name === 'login' || route.name === 'workspaces') {
    return only === undefined ? (route.name === 'login' ? <Redirect to={paths.workspaces()} /> : <WorkspacePicker me={me} />) : <Redirect to={paths.inbox(only.slug)} />;
  }
  const workspace = findWorkspace(me, route.slug);
  if (workspace === undefined) {
    return (
      <main className="login">
        <section className="login-card">
          <h1>Workspace not found</h1>
          <p>You are not a member of “{route.slug}”, or it does not exist.</p>
          <a className="button" href={paths.workspaces()}>Choose a workspace</a>
        </section>
      </main>
    );
  }
  return <WorkspaceShell me={me} workspace={workspace} route={route} />;
}
