/** Where a model's training data came from, kept with the model for audit and attribution. */
export interface TrainingProvenance {
  source: string;
  rows: number;
  labels: Record<string, number>;
  parts?: Array<{ name: string; rows: number; license: string; attribution?: string }>;
}

/** Fields every stored model carries: models are versioned data, not code. */
export interface ModelHeader {
  format: 1;
  version: string;
  trainedAt: string;
  trainedOn: TrainingProvenance;
}

/** How a linear model turns text into hashed features. */
export interface FeatureConfig {
  hashBits: number;
  wordNgrams: 1 | 2;
  charNgramMin: number;
  charNgramMax: number;
  lexiconFeatures: boolean;
}

/** Held-out or cross-validated quality recorded when the model was trained. */
export interface ModelMetrics {
  accuracy: number;
  macroF1: number;
  folds: number;
}

/** A multinomial logistic regression over hashed text features (intent or sentiment). */
export interface LinearModel extends ModelHeader {
  kind: 'linear-classifier';
  target: 'intent' | 'sentiment';
  classes: string[];
  features: FeatureConfig;
  threshold: number;
  /** Logits are multiplied by this before the softmax (calibrated on out-of-fold predictions). */
  temperature: number;
  /** Bucket-major weights: weights[bucket * classes.length + k]. */
  weights: Float32Array;
  bias: Float32Array;
  metrics?: ModelMetrics;
}

/** A word/phrase valence lexicon on VADER's -4..+4 scale. */
export interface LexiconModel extends ModelHeader {
  kind: 'sentiment-lexicon';
  entries: Map<string, number>;
}

/** Any model Rapport can store and load. */
export type TriageModel = LinearModel | LexiconModel;
