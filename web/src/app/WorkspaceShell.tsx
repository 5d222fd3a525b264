import { lazy, Suspense, useLayoutEffect, useRef } from 'react';
import type { Me, Workspace } from '../api/types';
import { AdminPage } from '../features/admin/components/AdminPage';
import { WorkspaceSwitcher } from '../features/auth/components/WorkspaceSwitcher';
import { useLogOut } from '../features/auth/hooks/useSession';
import { InboxPage } from '../features/inbox/components/InboxPage';
import { useLiveEvents } from '../features/live/hooks/useLiveEvents';
import { roleCan } from '../lib/permissions';
import { resetEntities } from '../lib/store';
import { Link } from './Link';
import { navigate, paths, type Route } from './router';

// Charts are a large library: the dashboard loads it only when opened.
const DashboardPage = lazy(async () => ({ default: (await import('../features/dashboard/components/DashboardPage')).DashboardPage }));

type WorkspaceRoute = Extract<Route, { slug: string }>;

/** The signed-in frame: navigation, live connection, and the screen of the route. */
export function WorkspaceShell({ me, workspace, route }: { me: Me; workspace: Workspace; route: WorkspaceRoute }) {
  const slug = workspace.slug;
  const live = useLiveEvents(slug, me.user?.id ?? null);
  const logOut = useLogOut();
  const previousSlug = useRef(slug);
  useLayoutEffect(() => {
    if (previousSlug.current !== slug) resetEntities();
    previousSlug.current = slug;
  }, [slug]);

  function handleLogOut() {
    logOut.mutate(undefined, { onSettled: () => navigate(paths.login(), { replace: true }) });
  }

  const showAdmin = roleCan(workspace.role, 'manageQueues') || roleCan(workspace.role, 'manageUsers');
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <nav className="rail" aria-label="Main">
        <div className="rail-brand" title={workspace.name}><span className="brand-mark small" aria-hidden="true">R</span><span className="rail-workspace">{workspace.name}</span></div>
        <ul className="rail-links">
          <li><Link to={paths.inbox(slug)} aria-current={route.name === 'inbox' ? 'page' : undefined}>Inbox</Link></li>
          {roleCan(workspace.role, 'analytics') && <li><Link to={paths.dashboard(slug)} aria-current={route.name === 'dashboard' ? 'page' : undefined}>Dashboard</Link></li>}
          {showAdmin && <li><Link to={paths.admin(slug)} aria-current={route.name === 'admin' ? 'page' : undefined}>Admin</Link></li>}
        </ul>
        <div className="rail-footer">
          <p className={`live-status ${live}`} role="status"><span className="dot" aria-hidden="true" />{live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}</p>
          <WorkspaceSwitcher me={me} slug={slug} />
          <p className="rail-user" title={me.user?.email}>{me.user?.name}</p>
          <button type="button" className="button ghost small" onClick={handleLogOut}>Sign out</button>
        </div>
      </nav>
      <div className="shell-main" id="main">
        {route.name === 'inbox' && <InboxPage slug={slug} workspace={workspace} me={me} conversationId={route.conversationId} search={route.search} />}
        {route.name === 'dashboard' && <Suspense fallback={<div className="splash" role="status">Loading dashboard…</div>}><DashboardPage workspace={workspace} /></Suspense>}
        {route.name === 'admin' && <AdminPage workspace={workspace} tab={route.tab} me={me} />}
      </div>
    </div>
  );
}
