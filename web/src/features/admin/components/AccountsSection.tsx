import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { platforms, type Platform } from '../../../../../common/enums.js';
import { channelName, formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { entities } from '../../../lib/store';
import { useAccounts } from '../../workspace/hooks/useDirectory';
import { createAccount } from '../api/admin.api';

const healthLabels: Record<string, string> = { ok: 'Healthy', healthy: 'Healthy', degraded: 'Degraded', failing: 'Failing', error: 'Failing', unknown: 'Not checked yet' };

/** Channel accounts with their health; admins connect new ones. */
export function AccountsSection({ slug, canManage }: { slug: string; canManage: boolean }) {
  const { accounts, isLoading, error } = useAccounts(slug);
  const [channel, setChannel] = useState<Platform>('x');
  const [handle, setHandle] = useState('');
  const create = useMutation({ mutationFn: () => createAccount(slug, { channel, handle }), onSuccess: (account) => { entities.accounts.upsert([account]); setHandle(''); } });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">Channel accounts</h2>
      {isLoading && <p className="muted" role="status">Loading…</p>}
      {error !== null && <p className="form-error" role="alert">{errorMessage(error)}</p>}
      <table className="table">
        <thead><tr><th scope="col">Channel</th><th scope="col">Account</th><th scope="col">Health</th><th scope="col">Checked</th><th scope="col">Credentials</th></tr></thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <td><span className={`channel channel-${account.channel}`}>{channelName(account.channel)}</span></td>
              <td><strong>{account.name}</strong> <span className="muted">{account.handle}</span>{account.allowedOrigins !== undefined && <span className="muted"> — widget on {account.allowedOrigins.join(', ') || 'no site yet'}</span>}</td>
              <td><span className={`health health-${account.health.status}`}>{healthLabels[account.health.status] ?? account.health.status}</span>{account.health.detail !== null && <span className="muted"> — {account.health.detail}</span>}</td>
              <td className="muted">{account.health.checkedAt === null ? '—' : formatDateTime(account.health.checkedAt)}</td>
              <td>{account.hasCredentials ? 'Stored (encrypted)' : <span className="muted">None</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && (
        <form className="inline-form" onSubmit={handleSubmit} aria-label="Connect a channel account">
          <label htmlFor="account-channel">Channel</label>
          <select id="account-channel" value={channel} onChange={(event) => setChannel(event.target.value as Platform)}>
            {platforms.map((platform) => <option key={platform} value={platform}>{channelName(platform)}</option>)}
          </select>
          <label htmlFor="account-handle">Handle</label>
          <input id="account-handle" required value={handle} onChange={(event) => setHandle(event.target.value)} placeholder="@brand" />
          <button type="submit" className="button" disabled={create.isPending}>Connect</button>
          {create.isError && <span className="form-error" role="alert">{errorMessage(create.error)}</span>}
        </form>
      )}
    </section>
  );
}
