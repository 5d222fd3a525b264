import { useEffect, useRef } from 'react';
import { inboxShortcuts } from '../hooks/useInboxKeys';

/** The keyboard shortcuts, as a modal dialog that keeps focus and closes with Escape. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} className="help" aria-labelledby="help-title" onClose={onClose} onCancel={onClose}>
      <h2 id="help-title">Keyboard shortcuts</h2>
      <dl className="shortcuts">
        {inboxShortcuts.map((shortcut) => (
          <div key={shortcut.key}><dt><kbd>{shortcut.key}</kbd></dt><dd>{shortcut.description}</dd></div>
        ))}
        <div><dt><kbd>Esc</kbd></dt><dd>Leave a field or close this help</dd></div>
        <div><dt><kbd>Ctrl</kbd> + <kbd>Enter</kbd></dt><dd>Send the reply or note</dd></div>
      </dl>
      <button type="button" className="button" onClick={onClose} autoFocus>Close</button>
    </dialog>
  );
}
