import { useEffect, useRef } from 'react';

/** What the inbox's single-key shortcuts do. */
export interface InboxKeyHandlers {
  next: () => void;
  previous: () => void;
  reply: () => void;
  note: () => void;
  resolve: () => void;
  assign: () => void;
  search: () => void;
  help: () => void;
  escape: () => void;
}

/** The shortcut of each key. */
export const inboxShortcuts: Array<{ key: string; action: keyof InboxKeyHandlers; description: string }> = [
  { key: 'j', action: 'next', description: 'Next conversation' },
  { key: 'k', action: 'previous', description: 'Previous conversation' },
  { key: 'r', action: 'reply', description: 'Reply to the customer' },
  { key: 'n', action: 'note', description: 'Add an internal note' },
  { key: 'e', action: 'resolve', description: 'Resolve the conversation' },
  { key: 'a', action: 'assign', description: 'Assign the conversation' },
  { key: '/', action: 'search', description: 'Search' },
  { key: '?', action: 'help', description: 'Show these shortcuts' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** Binds j/k/r/n/e/a///? for the inbox; ignored while typing (Escape still leaves the field). */
export function useInboxKeys(handlers: InboxKeyHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent) {
      if (event.key === 'Escape') {
        latest.current.escape();
        return;
      }
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      const shortcut = inboxShortcuts.find((candidate) => candidate.key === event.key);
      if (shortcut === undefined) return;
      event.preventDefault();
      latest.current[shortcut.action]();
    }
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, []);
}
