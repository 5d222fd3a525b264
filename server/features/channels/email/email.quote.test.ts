import { describe, expect, it } from 'vitest';
import { splitQuotedHistory } from './email.quote.js';

describe('splitQuotedHistory', () => {
  it('cuts the quoted history under a top-posted Gmail reply', () => {
    const text = 'Still broken.\n\nOn Mon, 23 Nov 2026 at 10:00, Acme Support <support@acme.example> wrote:\n> Have you tried turning it off and on?\n>\n> Acme';
    expect(splitQuotedHistory(text)).toEqual({ reply: 'Still broken.', history: expect.stringContaining('Have you tried') as string });
  });

  it('recognises an attribution line the mail program wrapped onto two lines', () => {
    const text = 'Thanks!\n\nOn Mon, 23 Nov 2026 at 10:00, Acme Support <\nsupport@acme.example> wrote:\n> Your refund is on its way.';
    expect(splitQuotedHistory(text).reply).toBe('Thanks!');
  });

  it('cuts an Outlook "Original Message" block and an Outlook From/Sent header block', () => {
    expect(splitQuotedHistory('OK, see you.\n\n-----Original Message-----\nFrom: Acme\nSent: Monday\nHello').reply).toBe('OK, see you.');
    expect(splitQuotedHistory('Sounds good\n\nFrom: Acme Support <support@acme.example>\nSent: Monday, 23 November 2026 10:00\nTo: Pat\nSubject: Re: order\n\nHello').reply).toBe('Sounds good');
  });

  it('leaves a reply written between quoted lines whole', () => {
    const text = 'On Mon, Acme wrote:\n> Which order?\n1234\n> And the date?\nLast Friday';
    expect(splitQuotedHistory(text)).toEqual({ reply: text, history: undefined });
  });

  it('leaves a message that is only a quote whole, so nothing the customer sent disappears', () => {
    const text = '> forwarded without comment\n> second line';
    expect(splitQuotedHistory(text)).toEqual({ reply: text, history: undefined });
  });

  it('leaves an attribution-like sentence alone when what follows is not quoted', () => {
    const text = 'On Monday my friend wrote:\nthe kettle is broken too.';
    expect(splitQuotedHistory(text).history).toBeUndefined();
  });
});
