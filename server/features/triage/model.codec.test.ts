import { describe, expect, it } from 'vitest';
import { banking77Sample } from '../../../test/fixtures/triage/triage.fixtures.js';
import { deserializeLinearModel, deserializeModel, serializeModel } from './model.codec.js';
import { triageMessage } from './triage.service.js';
import { loadDefaultModels } from './triage.models.js';
import { trainClassifier } from './training.service.js';

describe('model (de)serialisation', () => {
  it('round-trips a trained model with its provenance and the same predictions', () => {
    const model = trainClassifier(banking77Sample(), { target: 'intent', source: 'banking77-sample', version: '1', features: { hashBits: 14 } });
    const restored = deserializeLinearModel(serializeModel(model));
    expect(restored.trainedOn).toEqual(model.trainedOn);
    expect(restored.classes).toEqual(model.classes);
    const models = { ...loadDefaultModels(), intent: model };
    const again = { ...models, intent: restored };
    for (const text of ['my card has not arrived yet', 'I forgot my PIN and it is blocked', 'what rate do you use for euros?']) {
      expect(triageMessage({ text }, again).intent.label).toBe(triageMessage({ text }, models).intent.label);
    }
  });

  it('records what each default model was trained on, with attribution', () => {
    const { intent, sentiment, lexicon } = loadDefaultModels();
    expect(intent.trainedOn.parts?.map((p) => p.name)).toContain('banking77');
    expect(intent.trainedOn.parts?.find((p) => p.name === 'banking77')?.attribution).toMatch(/CC BY 4\.0/);
    expect(sentiment.trainedOn.parts?.every((p) => p.license === 'MIT')).toBe(true);
    expect(lexicon.entries.get('cancelled')).toBeLessThan(0);
  });

  it('rejects an unknown kind or format', () => {
    expect(() => deserializeModel('{"kind":"mystery","format":1}')).toThrow();
    expect(() => deserializeModel(serializeModel(loadDefaultModels().lexicon).replace('"format":1', '"format":2'))).toThrow();
  });
});
