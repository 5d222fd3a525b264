import { describe, expect, it } from 'vitest';
import { editMessage } from './ingest-edits.js';

const edit = (text: string, editedAt: number) => ({ kind: 'edit' as const, channel: 'x' as const, account: 'acme', platformMessageId: 'p1', text, editedAt });
const masked = { text: 'card **** 6467', metadata: JSON.stringify({ triage: { influence: 0.8, masked: true }, sealedOriginal: 'v1.sealed-old', metrics: { likes: 3 } }) };

describe('what an edit changes on a stored message', () => {
  it('stores the enriched (masked) text, its triage and sealed original, keeping the influence and the replaced text with its sealed original', () => {
    const enrichment = { text: 'new card **** 0004', metadata: JSON.stringify({ triage: { influence: 0, masked: true, personalData: [{ kind: 'card' }] }, sealedOriginal: 'v1.sealed-new' }) };
    const change = editMessage(masked, edit('new card 5500 0000 0000 0004', 100), enrichment);
    expect(change?.text).toBe('new card **** 0004');
    expect(change?.edited_at).toBe(100);
    expect(JSON.parse(change?.metadata ?? '{}')).toEqual({
      metrics: { likes: 3 },
      edits: [{ text: 'card **** 6467', replacedAt: 100, sealedOriginal: 'v1.sealed-old' }],
      triage: { influence: 0.8, masked: true, personalData: [{ kind: 'card' }] },
      sealedOriginal: 'v1.sealed-new',
    });
  });

  it('without enrichment stores the text as it came and drops the triage and sealed original of the text it no longer shows', () => {
    const change = editMessage(masked, edit('plain words', 100), undefined);
    expect(change?.text).toBe('plain words');
    expect(JSON.parse(change?.metadata ?? '{}')).toEqual({ metrics: { likes: 3 }, edits: [{ text: 'card **** 6467', replacedAt: 100, sealedOriginal: 'v1.sealed-old' }] });
  });

  it('changes nothing for the same text, a redelivered edit, or an edit older than the one shown', () => {
    expect(editMessage({ text: 'same', metadata: '{}' }, edit('same', 100), undefined)).toBeUndefined();
    const shown = { text: 'now **** 0004', metadata: JSON.stringify({ edits: [{ text: 'before', replacedAt: 100 }] }) };
    const again = { text: 'now **** 0004', metadata: '{"triage":{}}' };
    expect(editMessage(shown, edit('now 5500 0000 0000 0004', 100), again)).toBeUndefined();
    expect(editMessage(shown, edit('older', 99), undefined)).toBeUndefined();
    expect(editMessage(shown, edit('a second edit in the same second', 100), undefined)?.text).toBe('a second edit in the same second');
  });
});
