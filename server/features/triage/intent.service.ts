import { predictProbabilities } from './linear.model.js';
import type { LinearModel } from './model.types.js';
import { extractFeatures, type SparseVector } from './text.features.js';
import type { Token } from './text.tokenizer.js';
import type { IntentResult } from './triage.types.js';

const probabilitiesBySize = new Map<number, Float64Array>();

function probabilityBuffer(size: number): Float64Array {
  let buffer = probabilitiesBySize.get(size);
  if (!buffer) {
    buffer = new Float64Array(size);
    probabilitiesBySize.set(size, buffer);
  }
  return buffer;
}

/** Most likely intent and its probability; below the model's threshold it is only a suggestion (`decided: false`). */
export function classifyIntent(tokens: readonly Token[], model: LinearModel, vector: SparseVector): IntentResult {
  const count = model.classes.length;
  const p = predictProbabilities(model, extractFeatures(tokens, model.features, vector), probabilityBuffer(count));
  let best = 0;
  for (let k = 1; k < count; k++) if ((p[k] ?? 0) > (p[best] ?? 0)) best = k;
  const confidence = Math.round((p[best] ?? 0) * 1000) / 1000;
  return { label: model.classes[best] ?? 'unknown', confidence, decided: confidence >= model.threshold };
}
