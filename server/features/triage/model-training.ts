import { AppError } from '../../http/app-error.js';
import type { LinearModel } from './model.types.js';
import { SENTIMENT_CLASSES } from './sentiment.service.js';
import type { ModelTarget } from './triage-model.repo.js';
import { loadDefaultModels } from './triage.models.js';
import { trainClassifier, type LabelledExample } from './training.service.js';

/** What to train a workspace model from. */
export interface TrainModelInput {
  target: ModelTarget;
  examples: LabelledExample[];
  /** Where the examples came from, e.g. `history` or `upload:tickets.csv`. */
  source: string;
  /** Cross-validation folds for the recorded accuracy and the confidence calibration. */
  folds: number;
}

/** A freshly trained model and how long training took. */
export interface TrainedModel {
  target: ModelTarget;
  model: LinearModel;
  trainingSeconds: number;
}

const minExamples = 10;

/** Checks the examples can make a model: enough rows, two labels or more; sentiment labels must be Rapport's three. */
export function checkExamples(target: ModelTarget, examples: readonly LabelledExample[], folds: number): LabelledExample[] {
  const rows = target === 'sentiment' ? examples.map((row) => ({ ...row, label: row.label.toLowerCase() })) : [...examples];
  if (target === 'sentiment') {
    const unknown = [...new Set(rows.map((row) => row.label))].filter((label) => !(SENTIMENT_CLASSES as readonly string[]).includes(label));
    if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', `Sentiment labels must be negative, neutral or positive; found ${unknown.slice(0, 5).join(', ')}`, [{ path: 'labelColumn', message: 'unknown sentiment labels' }]);
  }
  if (rows.length < Math.max(minExamples, folds * 2)) throw new AppError('VALIDATION_FAILED', `Training needs at least ${Math.max(minExamples, folds * 2)} labelled rows; got ${rows.length}`);
  if (new Set(rows.map((row) => row.label)).size < 2) throw new AppError('VALIDATION_FAILED', 'Training needs at least two different labels');
  return rows;
}

/**
 * Trains and cross-validates an intent or sentiment model from checked examples. CPU-bound: seconds for thousands of
 * rows, so a server runs it on a thread of its own (training.thread.ts); the command line runs it in-process.
 */
export function trainModel(input: TrainModelInput): TrainedModel {
  const started = performance.now();
  const model = trainClassifier(input.examples, {
    target: input.target, source: input.source, folds: input.folds,
    // 2^16 buckets: a quarter of the engine's default memory per class (Banking77: 20 MB instead of 80 MB, -0.5 pt accuracy).
    ...(input.target === 'sentiment' ? { lexicon: loadDefaultModels().lexicon, training: { loss: 'log' as const, balanced: true } } : { features: { hashBits: 16 } }),
  });
  return { target: input.target, model, trainingSeconds: Math.round((performance.now() - started) / 10) / 100 };
}
