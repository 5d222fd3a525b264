import { BOOSTERS, NEGATORS, SARCASM_MARKERS, SARCASM_PRONE } from './care.lexicon.js';
import type { LexiconModel } from './model.types.js';
import { isMostlyCaps, type Token } from './text.tokenizer.js';

/** Rule-based reading of a message: VADER-style compound in -1..1 plus the cues behind it. */
export interface LexiconScore {
  compound: number;
  positive: number;
  negative: number;
  negations: number;
  sarcasm: boolean;
  questions: number;
  exclamations: number;
  sentimentTokens: number;
}

interface CompiledLexicon {
  entries: Map<string, number>;
  phraseStarts: Set<string>;
}

const CAPS_INCREMENT = 0.733;
const NEGATION_SCALAR = -0.74;
const compiledCache = new WeakMap<LexiconModel, CompiledLexicon>();

function compile(model: LexiconModel): CompiledLexicon {
  let compiled = compiledCache.get(model);
  if (compiled) return compiled;
  const phraseStarts = new Set<string>();
  for (const key of model.entries.keys()) {
    const space = key.indexOf(' ');
    if (space > 0) phraseStarts.add(key.slice(0, space));
  }
  for (const key of SARCASM_MARKERS) phraseStarts.add(key.slice(0, key.indexOf(' ')));
  compiled = { entries: model.entries, phraseStarts };
  compiledCache.set(model, compiled);
  return compiled;
}

interface Hit {
  at: number;
  span: number;
  valence: number;
}

function findHits(tokens: readonly Token[], lexicon: CompiledLexicon): { hits: Hit[]; sarcasmMarker: boolean } {
  const hits: Hit[] = [];
  let sarcasmMarker = false;
  for (let i = 0; i < tokens.length; i++) {
    const word = (tokens[i] as Token).lower;
    if (lexicon.phraseStarts.has(word) && i + 1 < tokens.length) {
      const two = `${word} ${(tokens[i + 1] as Token).lower}`;
      if (SARCASM_MARKERS.has(two)) sarcasmMarker = true;
      const three = i + 2 < tokens.length ? `${two} ${(tokens[i + 2] as Token).lower}` : '';
      const valence3 = three ? lexicon.entries.get(three) : undefined;
      const valence2 = valence3 === undefined ? lexicon.entries.get(two) : undefined;
      if (valence3 !== undefined || valence2 !== undefined) {
        const span = valence3 !== undefined ? 3 : 2;
        hits.push({ at: i, span, valence: valence3 ?? valence2 ?? 0 });
        i += span - 1;
        continue;
      }
    }
    const valence = lexicon.entries.get(word);
    if (valence !== undefined && valence !== 0 && !(word in BOOSTERS)) hits.push({ at: i, span: 1, valence });
  }
  return { hits, sarcasmMarker };
}

function adjustHit(hit: Hit, tokens: readonly Token[], shouting: boolean): { valence: number; negated: boolean } {
  let v = hit.valence;
  const sign = v > 0 ? 1 : -1;
  const token = tokens[hit.at] as Token;
  if (token.allCaps && !shouting) v += sign * CAPS_INCREMENT;
  let negated = false;
  for (let back = 1; back <= 3 && hit.at - back >= 0; back++) {
    const previous = (tokens[hit.at - back] as Token).lower;
    const boost = BOOSTERS[previous];
    if (boost !== undefined) v += sign * boost * (1 - 0.05 * (back - 1));
    if (NEGATORS.has(previous) && !NEGATORS.has(token.lower)) negated = true;
  }
  return { valence: negated ? v * NEGATION_SCALAR : v, negated };
}

/** Scores a tokenised message with the lexicon: negation, boosters, caps, "but", sarcasm cues, ! and ?. */
export function scoreLexicon(tokens: readonly Token[], model: LexiconModel): LexiconScore {
  const lexicon = compile(model);
  const { hits, sarcasmMarker } = findHits(tokens, lexicon);
  const shouting = isMostlyCaps(tokens);
  let butAt = -1;
  let questions = 0;
  let exclamations = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.lower === 'but' && butAt < 0) butAt = i;
    else if (t.kind === 'punct') {
      for (const ch of t.lower) {
        if (ch === '?') questions++;
        else exclamations++;
      }
    }
  }
  const adjusted = hits.map((hit) => adjustHit(hit, tokens, shouting));
  const failure = adjusted.some((a) => a.valence <= -1.2);
  const eyeRoll = tokens.some((t) => t.lower === '🙄' || t.lower === '😒');
  const sarcasm = failure && (sarcasmMarker || eyeRoll);
  let positive = 0;
  let negative = 0;
  let negations = 0;
  adjusted.forEach((a, n) => {
    const hit = hits[n] as Hit;
    let v = a.valence;
    if (a.negated) negations++;
    if (sarcasm && v > 0 && SARCASM_PRONE.has((tokens[hit.at] as Token).lower)) v = -v;
    if (butAt >= 0) v *= hit.at < butAt ? 0.5 : hit.at > butAt ? 1.5 : 1;
    if (v > 0) positive += v;
    else negative += v;
  });
  let sum = positive + negative;
  if (sum !== 0) sum += Math.sign(sum) * (Math.min(exclamations, 4) * 0.292 + (questions > 1 ? Math.min(questions, 4) * 0.18 : 0));
  const compound = sum / Math.sqrt(sum * sum + 15);
  return { compound, positive, negative, negations, sarcasm, questions, exclamations, sentimentTokens: hits.length };
}
