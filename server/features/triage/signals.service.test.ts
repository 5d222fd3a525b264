import { describe, expect, it } from 'vitest';
import { triageMessage } from './triage.service.js';
import { loadDefaultModels } from './triage.models.js';

const models = loadDefaultModels();
const triage = (text: string, extra: object = {}) => triageMessage({ text, ...extra }, models);

describe('urgency, influence and spam', () => {
  it('ranks legal threats, safety and outages above a routine question', () => {
    const routine = triage('what time do you open tomorrow?').urgency;
    expect(triage('I am going to sue you, my lawyer will be in touch').urgency).toBeGreaterThan(routine + 0.4);
    expect(triage('the battery caught fire, smoke everywhere').urgency).toBeGreaterThan(routine + 0.4);
    expect(triage('your app is down again, nothing is loading').urgency).toBeGreaterThan(routine);
  });

  it('scores influence from the author\'s followers and verification, not the message\'s counters (that is virality)', () => {
    const nobody = triage('hello', { author: { followers: 10 } }).influence;
    const star = triage('hello', { author: { followers: 2_000_000, verified: true } }).influence;
    expect(nobody).toBeLessThan(0.25);
    expect(star).toBe(1);
    expect(triage('hello', { author: { followers: 10 }, metrics: { reposts: 500, replies: 80 } }).influence).toBe(nobody);
  });

  it('flags crypto giveaway spam and leaves a real complaint alone', () => {
    const spam = triage('FREE BITCOIN GIVEAWAY!!! claim your prize now https://x.co/a https://x.co/b #crypto #btc #eth #nft #airdrop');
    expect(spam.spam.isSpam).toBe(true);
    const real = triage('@airline my flight was cancelled and nobody at the desk can rebook me');
    expect(real.spam.isSpam).toBe(false);
    expect(real.spam.score).toBeLessThan(0.2);
  });
});
