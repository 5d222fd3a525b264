import type { Me, Workspace } from '../../../api/types';
import { Link } from '../../../app/Link';
import { adminTabs, paths, type AdminTab } from '../../../app/router';
import { roleCan } from '../../../lib/permissions';
import { AccountsSection } from './AccountsSection';
import { QueuesSection } from './QueuesSection';
import { TokensSection } from './TokensSection';
import { UsersSection } from './UsersSection';

const tabLabels: Record<AdminTab, string> = { accounts: 'Channel accounts', users: 'Users & roles', queues: 'Queues', tokens: 'API tokens' };

/** Workspace administration: channel accounts and their health, users and roles, queues and members, API tokens. */
export function AdminPage({ workspace, tab, me }: { workspace: Workspace; tab: AdminTab; me: Me }) {
  const slug = workspace.slug;
  return (
    <main className="page admin">
      <header className="page-header">
        <h1>Admin</h1>
        <nav aria-label="Admin sections" className="tabs">
          {adminTabs.map((candidate) => (
            <Link key={candidate} to={paths.admin(slug, candidate)} className="tab" aria-current={candidate === tab ? 'page' : undefined}>{tabLabels[candidate]}</Link>
          ))}
        </nav>
      </header>
      {tab === 'accounts' && <AccountsSection slug={slug} canManage={roleCan(workspace.role, 'manageAccounts')} />}
      {tab === 'users' && <UsersSection slug={slug} canManage={roleCan(workspace.role, 'manageUsers')} viewerId={me.user?.id ?? null} />}
      {tab === 'queues' && <QueuesSection slug={slug} canManage={roleCan(workspace.role, 'manageQueues')} />}
      {tab === 'tokens' && (roleCan(workspace.role, 'manageTokens') ? <TokensSection slug={slug} /> : <p className="muted">Only admins manage API tokens.</p>)}
    </main>
  );
}
