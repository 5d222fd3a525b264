import { describe, expect, it } from 'vitest';
import { isSyntheticMessageId, messageIdsIn, rapportMessageId, replyReferences, replySubject, syntheticMessageId } from './email.headers.js';

describe('email threading headers', () => {
  it('reads the Message-IDs of a header value, with comments and bare ids', () => {
    expect(messageIdsIn('<a@example.com> (Pat\'s message) <b@example.com>')).toEqual(['<a@example.com>', '<b@example.com>']);
    expect(messageIdsIn(['<a@example.com>', '<b@example.com>'])).toEqual(['<a@example.com>', '<b@example.com>']);
    expect(messageIdsIn('bare-id@example.com')).toEqual(['<bare-id@example.com>']);
    expect(messageIdsIn(undefined)).toEqual([]);
  });

  it('makes a stable id from the raw bytes of a message without Message-ID', () => {
    const id = syntheticMessageId(Buffer.from('Subject: hi\r\n\r\nbody'));
    expect(id).toBe(syntheticMessageId(Buffer.from('Subject: hi\r\n\r\nbody')));
    expect(id).not.toBe(syntheticMessageId(Buffer.from('Subject: hi\r\n\r\nother body')));
    expect(isSyntheticMessageId(id)).toBe(true);
    expect(isSyntheticMessageId('<a@example.com>')).toBe(false);
  });

  it('derives a reply\'s Message-ID from the message id and the From domain', () => {
    expect(rapportMessageId('01JABC', 'Support@Acme.Example')).toBe('<rapport-01JABC@acme.example>');
  });

  it('prefixes "Re:" once', () => {
    expect(replySubject('Broken kettle')).toBe('Re: Broken kettle');
    expect(replySubject('Re: Broken kettle')).toBe('Re: Broken kettle');
    expect(replySubject('AW: Kaputter Wasserkocher')).toBe('AW: Kaputter Wasserkocher');
    expect(replySubject(null)).toBe('Re: your message');
  });

  it('appends the parent to its References and keeps the root and the newest ids of a long chain', () => {
    expect(replyReferences(['<r@x>'], '<p@x>')).toEqual(['<r@x>', '<p@x>']);
    const long = Array.from({ length: 30 }, (_, index) => `<m${index}@x>`);
    const kept = replyReferences(long, '<p@x>');
    expect(kept).toHaveLength(20);
    expect(kept[0]).toBe('<m0@x>');
    expect(kept.at(-1)).toBe('<p@x>');
  });
});
