import { describe, expect, it } from 'vitest';
import { triageMessage } from './triage.service.js';
import { loadDefaultModels } from './triage.models.js';

const models = loadDefaultModels();
const intentOf = (text: string) => triageMessage({ text }, models).intent;

describe('default care intents', () => {
  it.each([
    ['@shop I returned the jacket a month ago and still have not got my money back', 'refund'],
    ['@app I cannot sign in, the reset password link never arrives', 'account_access'],
    ['@airline my suitcase did not arrive in Denver, where is it?', 'delivery_or_delay'],
    ['hi, are you hiring customer service agents in Leeds?', 'job_application'],
    ["fix this or I'm taking you to court, my lawyer is ready", 'legal_threat'],
    ['my charger caught fire and burned the carpet', 'safety'],
    ['FREE crypto giveaway!!! click here to claim your bitcoin', 'spam'],
    ['there is a payment on my card statement that I did not make', 'card_or_payment'],
  ])('classifies %j as %s', (text, expected) => {
    expect(intentOf(text).label).toBe(expected);
  });

  it('reports a confidence and only decides above the threshold', () => {
    const clear = intentOf('I want a refund for my cancelled order, please refund me');
    expect(clear.confidence).toBeGreaterThan(models.intent.threshold);
    expect(clear.decided).toBe(true);
    const vague = intentOf('hmm');
    expect(vague.confidence).toBeLessThan(clear.confidence);
    expect(vague.decided).toBe(vague.confidence >= models.intent.threshold);
  });
});
