import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Queue } from '../../../api/types';
import { errorMessage } from '../../../lib/http';
import { entities } from '../../../lib/store';
import { useMembers, useQueues } from '../../workspace/hooks/useDirectory';
import { createQueue, setQueueMembers } from '../api/admin.api';

/** Queues (teams) and their members; supervisors and admins change them. */
export function QueuesSection({ slug, canManage }: { slug: string; canManage: boolean }) {
  const queues = useQueues(slug);
  const members = useMembers(slug);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => createQueue(slug, { name, slug: name.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-').replaceAll(/^-|-$/g, '').slice(0, 63) || 'queue', memberIds: [] }),
    onSuccess: (queue) => { entities.queues.upsert([queue]); setName(''); },
  });
  const membership = useMutation({
    mutationFn: ({ queue, userIds }: { queue: Queue; userIds: string[] }) => setQueueMembers(slug, queue.id, userIds),
    onSuccess: (queue) => entities.queues.upsert([queue]),
  });

  function handleToggle(queue: Queue, userId: string, on: boolean) {
    const userIds = on ? [...queue.memberIds, userId] : queue.memberIds.filter((id) => id !== userId);
    membership.mutate({ queue, userIds });
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <section aria-labelledby="queues-title">
      <h2 id="queues-title">Queues and their members</h2>
      {membership.isError && <p className="form-error" role="alert">{errorMessage(membership.error)}</p>}
      <div className="queue-grid">
        {queues.map((queue) => (
          <fieldset key={queue.id} className="card queue-card">
            <legend>{queue.name} <span className="muted">({queue.memberIds.length})</span></legend>
            <ul className="checklist">
              {members.map((member) => (
                <li key={member.id}>
                  <label>
                    <input type="checkbox" checked={queue.memberIds.includes(member.id)} disabled={!canManage || membership.isPending}
                      onChange={(event) => handleToggle(queue, member.id, event.target.checked)} /> {member.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
      </div>
      {canManage && (
        <form className="inline-form" onSubmit={handleSubmit} aria-label="Create a queue">
          <label htmlFor="queue-name">New queue</label>
          <input id="queue-name" required value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Refunds" />
          <button type="submit" className="button" disabled={create.isPending}>Create queue</button>
          {create.isError && <span className="form-error" role="alert">{errorMessage(create.error)}</span>}
        </form>
      )}
    </section>
  );
}
