import type { LinearModel } from './model.types.js';
import type { SparseVector } from './text.features.js';

/** Writes the class scores (logits) of a feature vector into `scores`. */
export function scoreLinear(model: LinearModel, features: SparseVector, scores: Float64Array): Float64Array {
  const classCount = model.classes.length;
  const { weights, bias } = model;
  for (let k = 0; k < classCount; k++) scores[k] = bias[k] ?? 0;
  for (let i = 0; i < features.length; i++) {
    const value = features.values[i] ?? 0;
    const offset = (features.indices[i] ?? 0) * classCount;
    for (let k = 0; k < classCount; k++) scores[k] = (scores[k] ?? 0) + value * (weights[offset + k] ?? 0);
  }
  return scores;
}

/** Turns logits into probabilities in place (numerically stable softmax). */
export function softmaxInPlace(scores: Float64Array, count: number): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < count; k++) max = Math.max(max, scores[k] ?? 0);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const e = Math.exp((scores[k] ?? 0) - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < count; k++) scores[k] = (scores[k] ?? 0) / sum;
  return scores;
}

/** Index of the largest value among the first `count` entries. */
export function argmax(values: Float64Array, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if ((values[k] ?? 0) > (values[best] ?? 0)) best = k;
  return best;
}

/** Class probabilities of a feature vector under a linear model. */
export function predictProbabilities(model: LinearModel, features: SparseVector, scores: Float64Array): Float64Array {
  scoreLinear(model, features, scores);
  const count = model.classes.length;
  for (let k = 0; k < count; k++) scores[k] = (scores[k] ?? 0) * model.temperature;
  return softmaxInPlace(scores, count);
}
