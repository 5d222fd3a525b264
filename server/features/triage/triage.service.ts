import { classifyIntent } from './intent.service.js';
import { detectLanguage } from './language.service.js';
import { findPersonalData, maskPersonalData } from './personal-data.service.js';
import { analyseForeignSentiment, analyseSentiment } from './sentiment.service.js';
import { collectCues, scoreInfluence, scoreSpam, scoreUrgency } from './signals.service.js';
import { createSparseVector } from './text.features.js';
import { tokenize } from './text.tokenizer.js';
import type { SentimentResult, Triage, TriageInput, TriageModels } from './triage.types.js';

const vector = createSparseVector();

/** Runs the whole triage step on one message: sentiment, language, intent, personal data, urgency, influence, spam. */
export function triageMessage(input: TriageInput, models: TriageModels): Triage {
  const text = input.text;
  const tokens = tokenize(text);
  const { language, reliable } = detectLanguage(text, tokens, models.lexicon.entries);
  const foreign = reliable && language !== 'en';
  const sentiment = foreign ? analyseForeignSentiment(tokens, models.lexicon) : analyseSentiment(tokens, models.lexicon, models.sentiment, vector);
  const intent = classifyIntent(tokens, models.intent, vector);
  if (foreign) intent.decided = false;
  const personalData = findPersonalData(text);
  const cues = collectCues(tokens);
  return {
    sentiment,
    language,
    languageReliable: reliable,
    intent,
    personalData,
    maskedText: maskPersonalData(text, personalData),
    urgency: scoreUrgency(cues, sentiment.score),
    influence: scoreInfluence(input),
    spam: scoreSpam(cues, text.length),
  };
}

/** Sentiment alone (with language handling), for callers that need nothing else. */
export function analyseSentimentText(text: string, models: TriageModels): SentimentResult {
  const tokens = tokenize(text);
  const { language, reliable } = detectLanguage(text, tokens, models.lexicon.entries);
  if (reliable && language !== 'en') return analyseForeignSentiment(tokens, models.lexicon);
  return analyseSentiment(tokens, models.lexicon, models.sentiment, vector);
}
