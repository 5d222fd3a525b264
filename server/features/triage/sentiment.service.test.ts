import { describe, expect, it } from 'vitest';
import { airlineSample } from '../../../test/fixtures/triage/triage.fixtures.js';
import { analyseSentimentText } from './triage.service.js';
import { loadDefaultModels } from './triage.models.js';

const models = loadDefaultModels();
const label = (text: string): string => analyseSentimentText(text, models).label;

describe('sentiment', () => {
  it('reads a complaint without emotional words as negative', () => {
    expect(label('@airline flight cancelled again, 3 hours on hold')).toBe('negative');
    expect(label('@shop order 4471 still not delivered, second week')).toBe('negative');
  });

  it('flips sentiment under negation', () => {
    expect(label('I am happy with the new app')).toBe('positive');
    expect(label('I am not happy with the new app')).toBe('negative');
  });

  it('reads emoji', () => {
    expect(label('@airline just landed 😍🙌')).toBe('positive');
    expect(label('@telco my internet again 😡😡')).toBe('negative');
  });

  it('catches sarcasm cues', () => {
    expect(label('@bank thanks for nothing')).toBe('negative');
    expect(label('oh great, my bag is lost again. love how nobody tells us anything 🙄')).toBe('negative');
  });

  it('keeps plain questions neutral and thanks positive', () => {
    expect(label('@airline what is the baggage allowance for international flights?')).toBe('neutral');
    expect(label('@airline thanks so much for rebooking me, great service!')).toBe('positive');
  });

  it('returns a signed score: below zero for negative, above for positive', () => {
    expect(analyseSentimentText('worst service ever, nobody answers', models).score).toBeLessThan(0);
    expect(analyseSentimentText('you guys are amazing, thank you!', models).score).toBeGreaterThan(0);
  });

  it('agrees with crowd labels on most real airline tweets', () => {
    const rows = airlineSample();
    const hits = rows.filter((r) => label(r.text) === r.label).length;
    expect(hits / rows.length).toBeGreaterThanOrEqual(0.7);
  });
});
