import { argmax, scoreLinear, softmaxInPlace } from './linear.model.js';
import type { LinearModel } from './model.types.js';
import type { SparseVector } from './text.features.js';
import { seededRandom } from '../../../common/seeded-random.js';

/** One training example: hashed features and the index of its class. */
export interface TrainingExample {
  features: SparseVector;
  label: number;
  /** Relative importance (default 1), e.g. to let a few hand-written examples count more. */
  weight?: number;
}

/** Knobs of the SGD trainer; defaults suit short care messages. */
export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** Weight each class by the inverse of its frequency (helps macro-F1 on skewed data). */
  balanced?: boolean;
  seed?: number;
  /** 'hinge' (Crammer-Singer multiclass SVM, the default: most accurate) or 'log' (logistic regression). */
  loss?: 'hinge' | 'log';
}

/** The learned parameters of a linear model. */
export interface LinearParameters {
  weights: Float32Array;
  bias: Float32Array;
}


/** Shuffles an array in place with the given random source. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

function classWeights(examples: readonly TrainingExample[], classCount: number, balanced: boolean): Float64Array {
  const weights = new Float64Array(classCount).fill(1);
  if (!balanced) return weights;
  const counts = new Float64Array(classCount);
  for (const e of examples) counts[e.label] = (counts[e.label] ?? 0) + 1;
  for (let k = 0; k < classCount; k++) {
    const c = counts[k] ?? 0;
    weights[k] = c > 0 ? Math.sqrt(examples.length / (classCount * c)) : 1;
  }
  return weights;
}

/** Trains a multiclass linear model (SVM or logistic regression) by AdaGrad SGD with a decaying step. */
export function trainSoftmax(examples: readonly TrainingExample[], classCount: number, hashBits: number, options: TrainOptions = {}): LinearParameters {
  const hinge = (options.loss ?? 'hinge') === 'hinge';
  const epochs = options.epochs ?? 10;
  const rate0 = options.learningRate ?? (hinge ? 0.08 : 0.3);
  const random = seededRandom(options.seed ?? 42);
  const dims = 1 << hashBits;
  const model: Pick<LinearModel, 'weights' | 'bias' | 'classes'> = {
    weights: new Float32Array(dims * classCount),
    bias: new Float32Array(classCount),
    classes: new Array<string>(classCount).fill(''),
  };
  const weightOf = classWeights(examples, classCount, options.balanced ?? false);
  const order = examples.map((_, i) => i);
  const squares = new Float32Array(dims * classCount);
  const scores = new Float64Array(classCount);
  const total = epochs * examples.length;
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const index of order) {
      const example = examples[index] as TrainingExample;
      const rate = (rate0 / (1 + (2 * step++) / total)) * (weightOf[example.label] ?? 1) * (example.weight ?? 1);
      if (!lossGradient(model as LinearModel, example, scores, classCount, hinge)) continue;
      applyGradient(model, squares, example.features, scores, classCount, rate);
    }
  }
  return { weights: model.weights, bias: model.bias };
}

/** Writes d(loss)/d(score) into `scores`; false when the example is already classified with margin (hinge). */
function lossGradient(model: LinearModel, example: TrainingExample, scores: Float64Array, classCount: number, hinge: boolean): boolean {
  scoreLinear(model, example.features, scores);
  if (!hinge) {
    softmaxInPlace(scores, classCount);
    scores[example.label] = (scores[example.label] ?? 0) - 1;
    return true;
  }
  const own = scores[example.label] ?? 0;
  scores[example.label] = -Infinity;
  const rival = argmax(scores, classCount);
  const margin = own - (scores[rival] ?? 0);
  scores.fill(0);
  if (margin >= 1) return false;
  scores[example.label] = -1;
  scores[rival] = 1;
  return true;
}

function applyGradient(model: Pick<LinearModel, 'weights' | 'bias'>, squares: Float32Array, features: SparseVector, gradient: Float64Array, classCount: number, rate: number): void {
  for (let k = 0; k < classCount; k++) {
    const g = gradient[k] ?? 0;
    if (g > -1e-3 && g < 1e-3) continue;
    model.bias[k] = (model.bias[k] ?? 0) - rate * 0.05 * g;
    for (let i = 0; i < features.length; i++) {
      const at = (features.indices[i] ?? 0) * classCount + k;
      const step = g * (features.values[i] ?? 0);
      const accumulated = (squares[at] ?? 0) + step * step;
      squares[at] = accumulated;
      model.weights[at] = (model.weights[at] ?? 0) - (rate * step) / Math.sqrt(accumulated + 1e-6);
    }
  }
}

/** Predicted class index of each example under trained parameters. */
export function predictAll(parameters: LinearParameters, examples: readonly TrainingExample[], classCount: number): number[] {
  const scores = new Float64Array(classCount);
  const model = { ...parameters, classes: new Array<string>(classCount).fill('') } as LinearModel;
  return examples.map((e) => argmax(scoreLinear(model, e.features, scores), classCount));
}
