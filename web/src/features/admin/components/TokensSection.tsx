import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { roles, type Role } from '../../../../../common/enums.js';
import { useTableVersion } from '../../../lib/entity-table';
import { formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { entities } from '../../../lib/store';
import { createToken, fetchTokens, revokeToken } from '../api/admin.api';

/** API tokens: created with a role (the secret is shown once), revoked, never shown again. */
export function TokensSection({ slug }: { slug: string }) {
  const query = useQuery({
    queryKey: ['tokens', slug],
    queryFn: async () => {
      const tokens = await fetchTokens(slug);
      entities.tokens.upsert(tokens);
      return tokens.map((token) => token.id);
    },
  });
  useTableVersion(entities.tokens);
  const tokens = entities.tokens.all().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => createToken(slug, { name, role }),
    onSuccess: ({ token, ...view }) => { entities.tokens.upsert([view]); setSecret(token); setName(''); },
  });
  const revoke = useMutation({ mutationFn: (id: string) => revokeToken(slug, id), onSuccess: (token) => entities.tokens.upsert([token]) });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      {query.isError && <p className="form-error" role="alert">{errorMessage(query.error)}</p>}
      {secret !== null && (
        <div className="secret" role="status">
          <p><strong>Copy this token now:</strong> it will not be shown again.</p>
          <code className="secret-value">{secret}</code>
          <button type="button" className="button small" onClick={() => setSecret(null)}>Done</button>
        </div>
      )}
      <table className="table">
        <thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td><code>{token.prefix}…</code></td>
              <td>{token.role}{token.scopes !== null && <span className="muted"> (scoped)</span>}</td>
              <td className="muted">{formatDateTime(token.createdAt)}</td>
              <td className="muted">{token.lastUsedAt === null ? 'Never' : formatDateTime(token.lastUsedAt)}</td>
              <td>{token.revokedAt !== null ? 'Revoked' : token.expiresAt !== null && token.expiresAt < new Date().toISOString() ? 'Expired' : 'Active'}</td>
              <td>{token.revokedAt === null && <button type="button" className="button ghost small" disabled={revoke.isPending} onClick={() => revoke.mutate(token.id)} aria-label={`Revoke ${token.name}`}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={handleSubmit} aria-label="Create an API token">
        <label htmlFor="token-name">Name</label>
        <input id="token-name" required value={name} maxLength={120} onChange={(event) => setName(event.target.value)} placeholder="e.g. CRM sync" />
        <label htmlFor="token-role">Role</label>
        <select id="token-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {roles.map((candidate) => <option key={candidate} value={candidate}>{candidate}</option>)}
        </select>
        <button type="submit" className="button" disabled={create.isPending}>Create token</button>
        {create.isError && <span className="form-error" role="alert">{errorMessage(create.error)}</span>}
      </form>
    </section>
  );
}
