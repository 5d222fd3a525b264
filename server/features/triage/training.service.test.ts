import { describe, expect, it } from 'vitest';
import { airlineSample, banking77Sample } from '../../../test/fixtures/triage/triage.fixtures.js';
import { loadDefaultModels } from './triage.models.js';
import { crossValidate, trainClassifier } from './training.service.js';

describe('training', () => {
  it('learns Banking77 intents from a small labelled sample with cross-validated accuracy', () => {
    const metrics = crossValidate(banking77Sample(), { target: 'intent', source: 'banking77-sample', folds: 5, features: { hashBits: 15 } });
    expect(metrics.folds).toBe(5);
    expect(metrics.accuracy).toBeGreaterThan(0.8);
  });

  it('records metrics, calibration and label counts when trained with folds', () => {
    const model = trainClassifier(banking77Sample(), { target: 'intent', source: 'upload.csv', folds: 3, features: { hashBits: 14 } });
    expect(model.metrics?.folds).toBe(3);
    expect(model.temperature).toBeGreaterThan(0);
    expect(model.trainedOn).toMatchObject({ source: 'upload.csv', rows: 150 });
    expect(model.trainedOn.labels.card_arrival).toBe(25);
  });

  it('trains a sentiment model on labelled history using the lexicon cues', () => {
    const model = trainClassifier(airlineSample(), { target: 'sentiment', source: 'history', lexicon: loadDefaultModels().lexicon, features: { hashBits: 14 } });
    expect(model.classes).toEqual(['negative', 'neutral', 'positive']);
    expect(model.features.lexiconFeatures).toBe(true);
  });

  it('refuses data with a single label', () => {
    expect(() => trainClassifier([{ text: 'a', label: 'x' }], { target: 'intent', source: 't' })).toThrow(/two labels/);
  });
});
