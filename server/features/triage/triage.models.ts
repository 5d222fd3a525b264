import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserializeLexiconModel, deserializeLinearModel } from './model.codec.js';
import type { TriageModels } from './triage.types.js';

/** Folder of the default models shipped with Rapport (built by bench/nlp/build-default-models.ts). */
export const DEFAULT_MODELS_DIR = join(import.meta.dirname, 'models');

/** File names of the default models inside DEFAULT_MODELS_DIR. */
export const DEFAULT_MODEL_FILES = {
  lexicon: 'sentiment-lexicon.json',
  sentiment: 'sentiment.model.json',
  intent: 'care-intent.model.json',
} as const;

let cached: TriageModels | undefined;

/** Loads (once) the shipped lexicon, sentiment combiner and care-intent classifier. */
export function loadDefaultModels(dir = DEFAULT_MODELS_DIR): TriageModels {
  if (cached && dir === DEFAULT_MODELS_DIR) return cached;
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const models: TriageModels = {
    lexicon: deserializeLexiconModel(read(DEFAULT_MODEL_FILES.lexicon)),
    sentiment: deserializeLinearModel(read(DEFAULT_MODEL_FILES.sentiment)),
    intent: deserializeLinearModel(read(DEFAULT_MODEL_FILES.intent)),
  };
  if (dir === DEFAULT_MODELS_DIR) cached = models;
  return models;
}
