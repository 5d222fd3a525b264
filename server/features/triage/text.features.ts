import type { FeatureConfig } from './model.types.js';
import type { Token } from './text.tokenizer.js';

/** Number of low buckets reserved for dense (non-hashed) features such as lexicon scores. */
export const DENSE_SLOTS = 32;

/** A sparse feature vector; `indices`/`values` are valid up to `length`. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
  length: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const MAX_FEATURES = 4096;
const scratchByDims = new Map<number, Float32Array>();

/** A sparse vector with room for the features of one message (reused between calls to save allocations). */
export function createSparseVector(capacity = MAX_FEATURES): SparseVector {
  return { indices: new Int32Array(capacity), values: new Float32Array(capacity), length: 0 };
}

function hashString(text: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function mix(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x9e3779b1), FNV_PRIME) >>> 0;
}

function featureForm(token: Token): string | null {
  switch (token.kind) {
    case 'url':
      return '<url>';
    case 'mention':
      return '<mention>';
    case 'number':
      return token.lower.length > 6 ? '<longnum>' : token.lower;
    default:
      return token.lower;
  }
}

interface Accumulator {
  scratch: Float32Array;
  out: SparseVector;
  mask: number;
}

function add(acc: Accumulator, hash: number, weight: number): void {
  let bucket = hash & acc.mask;
  if (bucket < DENSE_SLOTS) bucket += DENSE_SLOTS;
  const previous = acc.scratch[bucket] ?? 0;
  if (previous === 0 && acc.out.length < acc.out.indices.length) acc.out.indices[acc.out.length++] = bucket;
  acc.scratch[bucket] = previous + weight;
}

function addCharNgrams(acc: Accumulator, word: string, min: number, max: number): void {
  const padded = ` ${word} `;
  const len = padded.length;
  for (let i = 0; i < len; i++) {
    let h = FNV_OFFSET;
    const limit = Math.min(len, i + max);
    for (let j = i; j < limit; j++) {
      h = Math.imul(h ^ padded.charCodeAt(j), FNV_PRIME);
      const n = j - i + 1;
      if (n >= min) add(acc, mix(h >>> 0, n), 1);
    }
  }
}

function getScratch(dims: number): Float32Array {
  let scratch = scratchByDims.get(dims);
  if (!scratch) {
    scratch = new Float32Array(dims);
    scratchByDims.set(dims, scratch);
  }
  return scratch;
}

/** Hashes word n-grams and in-word character n-grams into `out` (sublinear TF, L2-normalised), then appends dense features. */
export function extractFeatures(tokens: readonly Token[], config: FeatureConfig, out: SparseVector, dense?: Float32Array): SparseVector {
  const dims = 1 << config.hashBits;
  const acc: Accumulator = { scratch: getScratch(dims), out, mask: dims - 1 };
  out.length = 0;
  let previous = 0x2545f491;
  for (const token of tokens) {
    const form = featureForm(token);
    if (form === null) continue;
    const h = hashString(form, 17);
    add(acc, h, 1);
    if (config.wordNgrams === 2) add(acc, mix(previous, h), 1);
    previous = h;
    if (config.charNgramMax > 0 && token.kind === 'word' && form.length > 1) {
      addCharNgrams(acc, form, config.charNgramMin, config.charNgramMax);
    }
  }
  if (config.wordNgrams === 2 && tokens.length > 0) add(acc, mix(previous, 0x68e31da4), 1);
  let norm = 0;
  for (let i = 0; i < out.length; i++) {
    const bucket = out.indices[i] ?? 0;
    const value = 1 + Math.log(acc.scratch[bucket] ?? 1);
    acc.scratch[bucket] = 0;
    out.values[i] = value;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < out.length; i++) out.values[i] = (out.values[i] ?? 0) * scale;
  if (dense) appendDense(out, dense);
  return out;
}

function appendDense(out: SparseVector, dense: Float32Array): void {
  for (let d = 0; d < dense.length && d < DENSE_SLOTS; d++) {
    const value = dense[d] ?? 0;
    if (value === 0 || out.length >= out.indices.length) continue;
    out.indices[out.length] = d;
    out.values[out.length++] = value;
  }
}

/** Copies the valid part of a sparse vector, for training sets that keep every example's features. */
export function cloneSparse(vector: SparseVector): SparseVector {
  return { indices: vector.indices.slice(0, vector.length), values: vector.values.slice(0, vector.length), length: vector.length };
}
