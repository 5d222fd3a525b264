import { describe, expect, it } from 'vitest';
import { decideThread } from './threading.js';

const hour = 3_600_000;
const dm = { channel: 'whatsapp' as const, visibility: 'private' as const, sentAt: 100 * hour };

describe('decideThread', () => {
  it('joins the conversation of a known parent, whatever the visibility', () => {
    const decision = decideThread({ ...dm, visibility: 'public' }, { ancestorConversationId: 'c1', latestPrivateConversation: undefined, reopenWindowMs: hour });
    expect(decision).toEqual({ kind: 'join', conversationId: 'c1' });
  });

  it('starts a new conversation for a public post with no known parent', () => {
    const open = { id: 'c2', status: 'open', resolved_at: null };
    expect(decideThread({ ...dm, visibility: 'public' }, { ancestorConversationId: undefined, latestPrivateConversation: open, reopenWindowMs: hour })).toEqual({ kind: 'new' });
  });

  it('joins the contact\'s open private conversation with a direct message', () => {
    const pending = { id: 'c3', status: 'pending', resolved_at: null };
    expect(decideThread(dm, { ancestorConversationId: undefined, latestPrivateConversation: pending, reopenWindowMs: hour })).toEqual({ kind: 'join', conversationId: 'c3' });
  });

  it('reopens a conversation resolved within the window and starts a new one after it', () => {
    const resolved = (at: number) => ({ id: 'c4', status: 'resolved', resolved_at: at });
    expect(decideThread(dm, { ancestorConversationId: undefined, latestPrivateConversation: resolved(dm.sentAt - hour / 2), reopenWindowMs: hour })).toEqual({ kind: 'reopen', conversationId: 'c4' });
    expect(decideThread(dm, { ancestorConversationId: undefined, latestPrivateConversation: resolved(dm.sentAt - 2 * hour), reopenWindowMs: hour })).toEqual({ kind: 'new' });
  });

  it('starts a new conversation for an email without In-Reply-To or References', () => {
    const open = { id: 'c5', status: 'open', resolved_at: null };
    expect(decideThread({ ...dm, channel: 'email' }, { ancestorConversationId: undefined, latestPrivateConversation: open, reopenWindowMs: hour })).toEqual({ kind: 'new' });
  });
});
