import { compactAge, waitLevel } from '../../../lib/format';

/** How long the customer has been waiting for an answer, coloured by how late that is. */
export function WaitingBadge({ since, now }: { since: string; now: number }) {
  const level = waitLevel(since, now);
  const age = compactAge(since, now);
  return <span className={`wait wait-${level}`} title={`Waiting for a reply for ${age}`}><span className="visually-hidden">Waiting </span>{age}</span>;
}
