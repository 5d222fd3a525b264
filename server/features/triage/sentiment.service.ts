import { predictProbabilities } from './linear.model.js';
import type { LexiconModel, LinearModel } from './model.types.js';
import { scoreLexicon, type LexiconScore } from './sentiment.lexicon.js';
import { extractFeatures, type SparseVector } from './text.features.js';
import type { Token } from './text.tokenizer.js';
import type { SentimentLabel, SentimentResult } from './triage.types.js';

/** Class order of every sentiment model. */
export const SENTIMENT_CLASSES: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

const dense = new Float32Array(12);
const probabilities = new Float64Array(3);

/** Dense cues the sentiment combiner weighs next to n-grams (shared, reused buffer). */
export function lexiconFeatures(score: LexiconScore, tokens: readonly Token[]): Float32Array {
  let mentions = 0;
  let urls = 0;
  for (const t of tokens) {
    if (t.kind === 'mention') mentions++;
    else if (t.kind === 'url') urls++;
  }
  dense[0] = score.compound;
  dense[1] = Math.min(score.positive, 8) / 4;
  dense[2] = Math.max(score.negative, -8) / 4;
  dense[3] = score.compound > 0.05 ? 1 : 0;
  dense[4] = score.compound < -0.05 ? 1 : 0;
  dense[5] = score.sentimentTokens === 0 ? 1 : 0;
  dense[6] = score.questions > 0 ? 1 : 0;
  dense[7] = Math.min(score.exclamations, 3) / 3;
  dense[8] = score.sarcasm ? 1 : 0;
  dense[9] = Math.min(score.negations, 2) / 2;
  dense[10] = urls > 0 ? 1 : 0;
  dense[11] = mentions > 1 ? 1 : 0;
  return dense;
}

/** Label and signed score read from the lexicon alone (VADER thresholds of ±0.05). */
export function labelFromCompound(compound: number): SentimentResult {
  const label: SentimentLabel = compound >= 0.05 ? 'positive' : compound <= -0.05 ? 'negative' : 'neutral';
  return { label, score: compound };
}

/** Features of a message for a sentiment model: hashed n-grams plus lexicon cues when the model uses them. */
export function sentimentFeatures(tokens: readonly Token[], lexicon: LexiconModel, model: LinearModel, vector: SparseVector): SparseVector {
  const cues = model.features.lexiconFeatures ? lexiconFeatures(scoreLexicon(tokens, lexicon), tokens) : undefined;
  return extractFeatures(tokens, model.features, vector, cues);
}

/** Sentiment of an English message: the lexicon cues and n-grams combined by a trained linear model. */
export function analyseSentiment(tokens: readonly Token[], lexicon: LexiconModel, model: LinearModel, vector: SparseVector): SentimentResult {
  const p = predictProbabilities(model, sentimentFeatures(tokens, lexicon, model, vector), probabilities);
  const index = indexOf(model, 'negative');
  const pos = p[indexOf(model, 'positive')] ?? 0;
  const neg = p[index] ?? 0;
  let best = 0;
  for (let k = 1; k < model.classes.length; k++) if ((p[k] ?? 0) > (p[best] ?? 0)) best = k;
  const label = (model.classes[best] ?? 'neutral') as SentimentLabel;
  return { label, score: Math.round((pos - neg) * 1000) / 1000 };
}

function indexOf(model: LinearModel, label: SentimentLabel): number {
  return model.classes.indexOf(label);
}

/** Sentiment of a message in another language: only emoji and emoticons are trusted, damped toward neutral. */
export function analyseForeignSentiment(tokens: readonly Token[], lexicon: LexiconModel): SentimentResult {
  let sum = 0;
  for (const t of tokens) {
    if (t.kind !== 'emoji' && t.kind !== 'emoticon') continue;
    sum += lexicon.entries.get(t.lower) ?? 0;
  }
  const compound = sum / Math.sqrt(sum * sum + 15);
  return labelFromCompound(Math.round(compound * 500) / 1000);
}
