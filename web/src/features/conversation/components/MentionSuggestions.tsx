import type { Member } from '../../../api/types';

/** The handle the server resolves for a member: the local part of their email. */
export function mentionHandleOf(member: Member): string {
  return member.email.split('@')[0] ?? member.name.toLowerCase().replaceAll(/\s+/g, '.');
}

/** The @word being typed at the caret, if any. */
export function typedMention(text: string, caret: number): { query: string; start: number; end: number } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@([\p{L}\p{N}._-]*)$/u.exec(before);
  if (match === null) return null;
  const query = match[1] ?? '';
  return { query, start: caret - query.length - 1, end: caret };
}

/** Members matching the @word being typed, to insert as a mention. */
export function MentionSuggestions({ members, query, onPick }: { members: Member[]; query: string; onPick: (member: Member) => void }) {
  const lower = query.toLowerCase();
  const matches = members.filter((member) => member.name.toLowerCase().includes(lower) || member.email.toLowerCase().startsWith(lower)).slice(0, 5);
  if (matches.length === 0) return null;
  return (
    <ul className="mentions" aria-label="Mention a colleague">
      {matches.map((member) => (
        <li key={member.id}>
          <button type="button" className="link-button" onMouseDown={(event) => event.preventDefault()} onClick={() => onPick(member)}>
            {member.name} <span className="muted">@{mentionHandleOf(member)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
