import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { roles, type Role } from '../../../../../common/enums.js';
import { formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { entities } from '../../../lib/store';
import { useMembers } from '../../workspace/hooks/useDirectory';
import { addMember, changeRole } from '../api/admin.api';

/** Members and their roles; admins add members and change roles. */
export function UsersSection({ slug, canManage, viewerId }: { slug: string; canManage: boolean; viewerId: string | null }) {
  const members = useMembers(slug);
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'agent' as Role });
  const add = useMutation({
    mutationFn: () => addMember(slug, { email: form.email, name: form.name, role: form.role, ...(form.password === '' ? {} : { password: form.password }) }),
    onSuccess: (member) => { entities.members.upsert([member]); setForm({ email: '', name: '', password: '', role: 'agent' }); },
  });
  const role = useMutation({
    mutationFn: ({ userId, next }: { userId: string; next: Role }) => changeRole(slug, userId, next),
    onSuccess: (member) => entities.members.upsert([member]),
  });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users and roles</h2>
      {role.isError && <p className="form-error" role="alert">{errorMessage(role.error)}</p>}
      <table className="table">
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Member since</th></tr></thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <td>{member.name}{member.id === viewerId && <span className="muted"> (you)</span>}</td>
              <td>{member.email}</td>
              <td>
                {canManage ? (
                  <>
                    <label htmlFor={`role-${member.id}`} className="visually-hidden">Role of {member.name}</label>
                    <select id={`role-${member.id}`} value={member.role} disabled={role.isPending} onChange={(event) => role.mutate({ userId: member.id, next: event.target.value as Role })}>
                      {roles.map((candidate) => <option key={candidate} value={candidate}>{candidate}</option>)}
                    </select>
                  </>
                ) : member.role}
              </td>
              <td className="muted">{formatDateTime(member.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && (
        <form className="inline-form" onSubmit={handleSubmit} aria-label="Add a member">
          <label htmlFor="member-email">Email</label>
          <input id="member-email" type="email" required value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} />
          <label htmlFor="member-name">Name</label>
          <input id="member-name" required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
          <label htmlFor="member-password">Password</label>
          <input id="member-password" type="password" minLength={10} autoComplete="new-password" value={form.password} placeholder="new users only" onChange={(event) => setForm({ ...form, password: event.target.value })} />
          <label htmlFor="member-role">Role</label>
          <select id="member-role" value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as Role })}>
            {roles.map((candidate) => <option key={candidate} value={candidate}>{candidate}</option>)}
          </select>
          <button type="submit" className="button" disabled={add.isPending}>Add member</button>
          {add.isError && <span className="form-error" role="alert">{errorMessage(add.error)}</span>}
        </form>
      )}
    </section>
  );
}
