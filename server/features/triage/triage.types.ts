import type { LexiconModel, LinearModel } from './model.types.js';

/** The three sentiment classes Rapport reports. */
export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** Kinds of personal data detected in public messages. */
export type PersonalDataKind = 'card' | 'bank_account' | 'phone' | 'email' | 'national_id';

/** One span of personal data found in a message (UTF-16 offsets, end exclusive). */
export interface PersonalDataSpan {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

/** What the triage engine needs to know about one inbound message. */
export interface TriageInput {
  text: string;
  author?: { followers?: number; verified?: boolean };
}

/** Sentiment of a message: label plus signed polarity in -1..1 (negative below zero). */
export interface SentimentResult {
  label: SentimentLabel;
  score: number;
}

/** Intent of a message; `decided` is false when confidence is below the model threshold. */
export interface IntentResult {
  label: string;
  confidence: number;
  decided: boolean;
}

/** Spam / bot likelihood of a message. */
export interface SpamResult {
  score: number;
  isSpam: boolean;
}

/** Everything triage computes for one message. */
export interface Triage {
  sentiment: SentimentResult;
  language: string;
  languageReliable: boolean;
  intent: IntentResult;
  personalData: PersonalDataSpan[];
  maskedText: string;
  urgency: number;
  influence: number;
  spam: SpamResult;
}

/** The models triage runs with: a sentiment lexicon, a sentiment combiner and an intent classifier. */
export interface TriageModels {
  lexicon: LexiconModel;
  sentiment: LinearModel;
  intent: LinearModel;
}
