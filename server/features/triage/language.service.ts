import { detectAll } from 'tinyld';
import { STOPWORDS } from './language.stopwords.js';
import type { Token } from './text.tokenizer.js';

/** Detected language (ISO 639-1, or 'und') and whether the evidence was strong enough to act on. */
export interface LanguageGuess {
  language: string;
  reliable: boolean;
}

const MIN_LETTERS_FOR_STATISTICS = 20;
const UNDETERMINED: LanguageGuess = { language: 'und', reliable: false };

type Script = 'latin' | 'cyrillic' | 'arabic' | 'han' | 'kana' | 'hangul' | 'thai' | 'hebrew' | 'greek' | 'devanagari' | 'other';

function scriptOf(code: number): Script {
  if (code < 0x250) return 'latin';
  if (code >= 0x370 && code < 0x400) return 'greek';
  if (code >= 0x400 && code < 0x530) return 'cyrillic';
  if (code >= 0x590 && code < 0x600) return 'hebrew';
  if (code >= 0x600 && code < 0x780) return 'arabic';
  if (code >= 0x900 && code < 0x980) return 'devanagari';
  if (code >= 0xe00 && code < 0xe80) return 'thai';
  if (code >= 0x1e00 && code < 0x1f00) return 'latin';
  if (code >= 0x3040 && code < 0x3100) return 'kana';
  if (code >= 0xac00 && code < 0xd7b0) return 'hangul';
  if (code >= 0x4e00 && code < 0xa000) return 'han';
  return 'other';
}

const SCRIPT_LANGUAGE: Partial<Record<Script, string>> = { hangul: 'ko', kana: 'ja', han: 'zh', thai: 'th', hebrew: 'he', greek: 'el' };

function dominantScript(tokens: readonly Token[]): { script: Script; letters: number; kana: boolean } {
  const counts = new Map<Script, number>();
  let letters = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    for (let i = 0; i < t.lower.length; i++) {
      const code = t.lower.charCodeAt(i);
      if (code < 0x41) continue;
      const script = scriptOf(code);
      counts.set(script, (counts.get(script) ?? 0) + 1);
      letters++;
    }
  }
  let script: Script = 'latin';
  let best = 0;
  for (const [s, n] of counts) if (n > best) [script, best] = [s, n];
  return { script, letters, kana: (counts.get('kana') ?? 0) > 0 };
}

function byStopwords(tokens: readonly Token[], english?: ReadonlyMap<string, number>): { language: string; hits: number; runnerUp: number; words: number } {
  const hits = new Map<string, number>();
  let words = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    words++;
    const languages = STOPWORDS.get(t.lower);
    if (languages) for (const l of languages) hits.set(l, (hits.get(l) ?? 0) + 1 / languages.length);
    else if (english?.has(t.lower)) hits.set('en', (hits.get('en') ?? 0) + 0.75);
  }
  let language = 'und';
  let best = 0;
  let runnerUp = 0;
  for (const [l, n] of hits) {
    if (n > best) [language, runnerUp, best] = [l, best, n];
    else if (n > runnerUp) runnerUp = n;
  }
  return { language, hits: best, runnerUp, words };
}

function byStatistics(text: string, letters: number): LanguageGuess {
  if (letters < MIN_LETTERS_FOR_STATISTICS) return UNDETERMINED;
  const cleaned = text.replace(/https?:\/\/\S+|[@#][\w.]+/g, ' ');
  const [top, second] = detectAll(cleaned);
  if (!top) return UNDETERMINED;
  const margin = top.accuracy - (second?.accuracy ?? 0);
  return { language: top.lang, reliable: letters >= 30 && top.accuracy >= 0.5 && margin >= 0.3 };
}

/**
 * Identifies the language of a message: script first, then stop words (plus an optional English vocabulary,
 * such as the sentiment lexicon, as weaker evidence), then n-gram statistics for the rest.
 */
export function detectLanguage(text: string, tokens: readonly Token[], english?: ReadonlyMap<string, number>): LanguageGuess {
  const { script, letters, kana } = dominantScript(tokens);
  if (letters === 0) return UNDETERMINED;
  if (script !== 'latin') {
    const language = kana ? 'ja' : SCRIPT_LANGUAGE[script];
    if (language) return { language, reliable: letters >= 4 };
    return byStatistics(text, letters);
  }
  const vote = byStopwords(tokens, english);
  if (vote.hits >= 2 && vote.hits >= 3 * vote.runnerUp) return { language: vote.language, reliable: true };
  if (vote.hits >= 1 && vote.hits >= 2 * vote.runnerUp) {
    // Short texts share stop words across languages: a non-English lean counts when n-gram statistics agree.
    const confirmed = vote.language !== 'en' && byStatistics(text.slice(0, 280), letters).language === vote.language;
    return { language: vote.language, reliable: confirmed };
  }
  // N-gram statistics cost ~0.5 ms: only for text no stop-word list recognises at all (other languages, not jargon).
  if (vote.hits === 0 && (vote.words >= 5 || /[\u00c0-\u024f]/.test(text))) {
    const guess = byStatistics(text.slice(0, 280), letters);
    if (guess.language !== 'und') return guess;
  }
  return vote.hits > vote.runnerUp ? { language: vote.language, reliable: false } : UNDETERMINED;
}
