import { describe, expect, it } from 'vitest';
import { triageMessage } from './triage.service.js';
import { loadDefaultModels } from './triage.models.js';

describe('triageMessage', () => {
  it('returns every field for a public complaint that leaks a card number', () => {
    const text = '@bank you charged my card 4111 1111 1111 1111 twice for one order, nobody answers';
    const result = triageMessage({ text, author: { followers: 5000, verified: false } }, loadDefaultModels());
    expect(result.sentiment.label).toBe('negative');
    expect(result.language).toBe('en');
    expect(result.languageReliable).toBe(true);
    expect(result.intent.label).toBe('card_or_payment');
    expect(result.personalData).toEqual([{ kind: 'card', start: 26, end: 45 }]);
    expect(result.maskedText).toContain('**** **** **** 1111');
    expect(result.maskedText).not.toContain('4111 1111');
    expect(result.urgency).toBeGreaterThanOrEqual(0);
    expect(result.urgency).toBeLessThanOrEqual(1);
    expect(result.influence).toBeGreaterThan(0.5);
    expect(result.spam.isSpam).toBe(false);
  });

  it('handles empty and emoji-only messages', () => {
    const models = loadDefaultModels();
    expect(triageMessage({ text: '' }, models).language).toBe('und');
    expect(triageMessage({ text: '👍👍' }, models).sentiment.label).toBe('positive');
  });
});
