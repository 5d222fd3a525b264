import { scoreLinear, softmaxInPlace } from './linear.model.js';
import { trainSoftmax, type TrainOptions, type TrainingExample } from './linear.trainer.js';
import { accuracy, macroF1, stratifiedFolds } from './model.evaluation.js';
import type { FeatureConfig, LexiconModel, LinearModel, ModelMetrics, TrainingProvenance } from './model.types.js';
import { lexiconFeatures } from './sentiment.service.js';
import { scoreLexicon } from './sentiment.lexicon.js';
import { cloneSparse, createSparseVector, extractFeatures } from './text.features.js';
import { tokenize } from './text.tokenizer.js';

/** A labelled text to learn from (workspace history, an uploaded CSV, or a public data set). */
export interface LabelledExample {
  text: string;
  label: string;
  weight?: number;
}

/** What to train and how; `folds` > 1 also cross-validates and calibrates confidence. */
export interface TrainClassifierOptions {
  target: 'intent' | 'sentiment';
  source: string;
  parts?: TrainingProvenance['parts'];
  version?: string;
  features?: Partial<FeatureConfig>;
  training?: TrainOptions;
  threshold?: number;
  folds?: number;
  /** Needed for sentiment models, whose features include the lexicon's cues. */
  lexicon?: LexiconModel;
}

/** Feature settings per target: intent relies on n-grams, sentiment adds the lexicon's cues. */
export function defaultFeatureConfig(target: 'intent' | 'sentiment'): FeatureConfig {
  return target === 'intent'
    ? { hashBits: 18, wordNgrams: 2, charNgramMin: 2, charNgramMax: 5, lexiconFeatures: false }
    : { hashBits: 18, wordNgrams: 2, charNgramMin: 3, charNgramMax: 5, lexiconFeatures: true };
}

/** Turns labelled texts into training examples for a fixed class list. */
export function featurize(rows: readonly LabelledExample[], classes: readonly string[], config: FeatureConfig, lexicon?: LexiconModel): TrainingExample[] {
  if (config.lexiconFeatures && !lexicon) throw new Error('a sentiment model needs the lexicon to compute its features');
  const vector = createSparseVector();
  return rows.map((row) => {
    const tokens = tokenize(row.text);
    const dense = config.lexiconFeatures && lexicon ? lexiconFeatures(scoreLexicon(tokens, lexicon), tokens) : undefined;
    return { features: cloneSparse(extractFeatures(tokens, config, vector, dense)), label: classes.indexOf(row.label), weight: row.weight ?? 1 };
  });
}

function countLabels(rows: readonly LabelledExample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.label] = (counts[row.label] ?? 0) + 1;
  return counts;
}

function assemble(options: TrainClassifierOptions, classes: string[], config: FeatureConfig, rows: readonly LabelledExample[], examples: TrainingExample[]): LinearModel {
  const parameters = trainSoftmax(examples, classes.length, config.hashBits, options.training);
  return {
    kind: 'linear-classifier',
    format: 1,
    version: options.version ?? new Date().toISOString(),
    trainedAt: new Date().toISOString(),
    trainedOn: { source: options.source, rows: rows.length, labels: countLabels(rows), ...(options.parts ? { parts: options.parts } : {}) },
    target: options.target,
    classes,
    features: config,
    threshold: options.threshold ?? 0.5,
    temperature: 1,
    ...parameters,
  };
}

/** Out-of-fold quality of a training setup plus the softmax temperature that best calibrates its confidence. */
export function crossValidate(rows: readonly LabelledExample[], options: TrainClassifierOptions): ModelMetrics & { temperature: number } {
  const folds = Math.max(2, options.folds ?? 5);
  const classes = [...new Set(rows.map((r) => r.label))].sort();
  const config = { ...defaultFeatureConfig(options.target), ...options.features };
  const examples = featurize(rows, classes, config, options.lexicon);
  const fold = stratifiedFolds(rows.map((r) => r.label), folds);
  const gold: number[] = [];
  const predicted: number[] = [];
  const logits: Float64Array[] = [];
  for (let f = 0; f < folds; f++) {
    const model = assemble(options, classes, config, rows, examples.filter((_, i) => fold[i] !== f));
    examples.forEach((example, i) => {
      if (fold[i] !== f) return;
      const scores = scoreLinear(model, example.features, new Float64Array(classes.length));
      let best = 0;
      for (let k = 1; k < classes.length; k++) if ((scores[k] ?? 0) > (scores[best] ?? 0)) best = k;
      gold.push(example.label);
      predicted.push(best);
      logits.push(scores);
    });
  }
  return { accuracy: accuracy(gold, predicted), macroF1: macroF1(gold, predicted), folds, temperature: calibrateTemperature(logits, gold) };
}

/** Picks the logit scale that minimises the log loss of held-out predictions. */
export function calibrateTemperature(logits: readonly Float64Array[], gold: readonly number[]): number {
  let bestT = 1;
  let bestLoss = Infinity;
  for (const t of [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20]) {
    let loss = 0;
    logits.forEach((scores, i) => {
      const p = softmaxInPlace(scores.map((s) => s * t), scores.length);
      loss -= Math.log(Math.max(p[gold[i] ?? 0] ?? 0, 1e-12));
    });
    if (loss < bestLoss) [bestT, bestLoss] = [t, loss];
  }
  return bestT;
}

/** Trains an intent or sentiment model from labelled texts; with `folds` > 1 it records cross-validated metrics and calibrates confidence. */
export function trainClassifier(rows: readonly LabelledExample[], options: TrainClassifierOptions): LinearModel {
  const classes = [...new Set(rows.map((r) => r.label))].sort();
  if (classes.length < 2) throw new Error('training needs at least two labels');
  const config = { ...defaultFeatureConfig(options.target), ...options.features };
  const model = assemble(options, classes, config, rows, featurize(rows, classes, config, options.lexicon));
  if ((options.folds ?? 0) > 1) {
    const { temperature, ...metrics } = crossValidate(rows, options);
    return { ...model, temperature, metrics };
  }
  return model;
}
