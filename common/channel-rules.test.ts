import { describe, expect, it } from 'vitest';
import { channelRules, replyLength, replyRuleBreaches, type ReplyToCheck } from './channel-rules.js';
import { platforms } from './enums.js';

const now = Date.UTC(2026, 10, 23, 12);
const reply = (overrides: Partial<ReplyToCheck>): ReplyToCheck => ({
  channel: 'whatsapp', conversationVisibility: 'private', visibility: 'private', text: 'Hello', template: false, lastInboundAt: now - 3_600_000, now, ...overrides,
});

describe('the channel rules of a reply', () => {
  it('allows a reply every rule allows', () => {
    for (const channel of platforms.filter((platform) => channelRules[platform].writtenReplies)) {
      expect(replyRuleBreaches(reply({ channel })), channel).toEqual([]);
    }
  });

  it('counts characters, not UTF-16 units', () => {
    expect(replyLength('😀😀')).toBe(2);
    expect(replyRuleBreaches(reply({ channel: 'x', conversationVisibility: 'public', visibility: 'public', text: '😀'.repeat(280) }))).toEqual([]);
  });

  it('closes WhatsApp\'s window 24 hours after the customer\'s last message, or when the customer never wrote, unless a template is sent', () => {
    const at = (hours: number) => now - hours * 3_600_000;
    expect(replyRuleBreaches(reply({ lastInboundAt: at(24) }))).toEqual([]);
    expect(replyRuleBreaches(reply({ lastInboundAt: at(24) - 1 })).map((breach) => breach.rule)).toEqual(['whatsapp.messagingWindowHours']);
    expect(replyRuleBreaches(reply({ lastInboundAt: null })).map((breach) => breach.rule)).toEqual(['whatsapp.messagingWindowHours']);
    expect(replyRuleBreaches(reply({ lastInboundAt: at(48), template: true }))).toEqual([]);
  });

  it('leaves Messenger\'s and Instagram\'s windows to the send step (an account may have the human-agent tag)', () => {
    for (const channel of ['facebook', 'instagram'] as const) expect(replyRuleBreaches(reply({ channel, lastInboundAt: now - 72 * 3_600_000 }))).toEqual([]);
  });
});
