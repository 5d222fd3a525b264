import { z } from 'zod';
import type { LexiconModel, LinearModel, TriageModel } from './model.types.js';

const provenanceSchema = z.object({
  source: z.string(),
  rows: z.number().int().nonnegative(),
  labels: z.record(z.string(), z.number()),
  parts: z.array(z.object({ name: z.string(), rows: z.number(), license: z.string(), attribution: z.string().optional() })).optional(),
});

const headerShape = { format: z.literal(1), version: z.string(), trainedAt: z.string(), trainedOn: provenanceSchema };

const linearSchema = z.object({
  ...headerShape,
  kind: z.literal('linear-classifier'),
  target: z.enum(['intent', 'sentiment']),
  classes: z.array(z.string()).min(2),
  features: z.object({
    hashBits: z.number().int().min(8).max(24),
    wordNgrams: z.union([z.literal(1), z.literal(2)]),
    charNgramMin: z.number().int().min(0),
    charNgramMax: z.number().int().min(0),
    lexiconFeatures: z.boolean(),
  }),
  threshold: z.number().min(0).max(1),
  temperature: z.number().positive(),
  metrics: z.object({ accuracy: z.number(), macroF1: z.number(), folds: z.number() }).optional(),
  bias: z.array(z.number()),
  weights: z.object({ encoding: z.literal('sparse-int16-base64'), scale: z.number(), rows: z.string(), values: z.string() }),
});

const lexiconSchema = z.object({ ...headerShape, kind: z.literal('sentiment-lexicon'), entries: z.record(z.string(), z.number()) });

const modelSchema = z.discriminatedUnion('kind', [linearSchema, lexiconSchema]);

/** The JSON form of a stored model. */
export type StoredModel = z.infer<typeof modelSchema>;

function toBase64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

function fromBase64(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

function encodeWeights(model: LinearModel): z.infer<typeof linearSchema>['weights'] {
  const k = model.classes.length;
  let maxAbs = 0;
  for (const w of model.weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const rows: number[] = [];
  const values: number[] = [];
  for (let bucket = 0; bucket * k < model.weights.length; bucket++) {
    let keep = false;
    for (let c = 0; c < k; c++) if (Math.abs(model.weights[bucket * k + c] ?? 0) >= scale * 2) keep = true;
    if (!keep) continue;
    rows.push(bucket);
    for (let c = 0; c < k; c++) values.push(Math.round((model.weights[bucket * k + c] ?? 0) / scale));
  }
  return { encoding: 'sparse-int16-base64', scale, rows: toBase64(Uint32Array.from(rows)), values: toBase64(Int16Array.from(values)) };
}

/** Serialises a model to its versioned JSON text (linear weights sparse and quantised to int16). */
export function serializeModel(model: TriageModel): string {
  if (model.kind === 'sentiment-lexicon') {
    const { entries, ...header } = model;
    return JSON.stringify({ ...header, entries: Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : 1))) });
  }
  const { weights: _weights, bias, ...rest } = model;
  return JSON.stringify({ ...rest, bias: Array.from(bias, (b) => Math.round(b * 1e5) / 1e5), weights: encodeWeights(model) });
}

function decodeLinear(stored: z.infer<typeof linearSchema>): LinearModel {
  const k = stored.classes.length;
  const rows = new Uint32Array(fromBase64(stored.weights.rows));
  const values = new Int16Array(fromBase64(stored.weights.values));
  if (values.length !== rows.length * k || stored.bias.length !== k) throw new Error('model weights do not match its classes');
  const weights = new Float32Array((1 << stored.features.hashBits) * k);
  rows.forEach((bucket, r) => {
    for (let c = 0; c < k; c++) weights[bucket * k + c] = (values[r * k + c] ?? 0) * stored.weights.scale;
  });
  const { weights: _encoded, bias, ...rest } = stored;
  return { ...rest, bias: Float32Array.from(bias), weights };
}

/** Parses and validates a stored model; throws on an unknown kind, format or inconsistent weights. */
export function deserializeModel(json: string): TriageModel {
  const stored = modelSchema.parse(JSON.parse(json));
  if (stored.kind === 'linear-classifier') return decodeLinear(stored);
  const { entries, ...header } = stored;
  return { ...header, entries: new Map(Object.entries(entries)) } satisfies LexiconModel;
}

/** Parses a stored linear classifier (intent or sentiment), rejecting any other kind. */
export function deserializeLinearModel(json: string): LinearModel {
  const model = deserializeModel(json);
  if (model.kind !== 'linear-classifier') throw new Error(`expected a linear-classifier model, got ${model.kind}`);
  return model;
}

/** Parses a stored sentiment lexicon, rejecting any other kind. */
export function deserializeLexiconModel(json: string): LexiconModel {
  const model = deserializeModel(json);
  if (model.kind !== 'sentiment-lexicon') throw new Error(`expected a sentiment-lexicon model, got ${model.kind}`);
  return model;
}
