/**
 * Rebuilds the default models shipped in server/features/triage/models/ from data whose licence allows
 * shipping: VADER's lexicon and rated tweets (MIT), Banking77 (CC BY 4.0, attributed) and Rapport's own
 * hand-written examples. Run: node --import tsx bench/nlp/build-default-models.ts
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CARE_LEXICON } from '../../server/features/triage/care.lexicon.js';
import { serializeModel } from '../../server/features/triage/model.codec.js';
import type { LexiconModel } from '../../server/features/triage/model.types.js';
import { DEFAULT_MODEL_FILES, DEFAULT_MODELS_DIR } from '../../server/features/triage/triage.models.js';
import { trainClassifier, type LabelledExample } from '../../server/features/triage/training.service.js';
import { CARE_INTENT_EXAMPLES } from './care-intent.examples.js';
import { CARE_SENTIMENT_EXAMPLES } from './care-sentiment.examples.js';
import { loadBanking77, loadVaderTweets } from './nlp.data.js';

const VERSION = '2026.11.1';
const BANKING77_ATTRIBUTION = 'Banking77, PolyAI (Casanueva et al. 2020), CC BY 4.0; labels mapped to care intents';
const VADER_ATTRIBUTION = 'VADER (Hutto & Gilbert 2014), MIT; lexicon via the vader-sentiment npm port (Apache-2.0)';

/** Banking77 intents that clearly belong to one of the default care intents. */
const BANKING77_TO_CARE: Record<string, string> = {
  request_refund: 'refund', Refund_not_showing_up: 'refund',
  card_payment_not_recognised: 'card_or_payment', declined_card_payment: 'card_or_payment', transaction_charged_twice: 'card_or_payment',
  extra_charge_on_statement: 'card_or_payment', direct_debit_payment_not_recognised: 'card_or_payment', pending_card_payment: 'card_or_payment',
  card_payment_fee_charged: 'card_or_payment', card_not_working: 'card_or_payment', contactless_not_working: 'card_or_payment',
  pin_blocked: 'account_access', passcode_forgotten: 'account_access', unable_to_verify_identity: 'account_access',
  card_arrival: 'delivery_or_delay', card_delivery_estimate: 'delivery_or_delay',
  fiat_currency_support: 'question', supported_cards_and_currencies: 'question', age_limit: 'question', country_support: 'question',
  visa_or_mastercard: 'question', atm_support: 'question', apple_pay_or_google_pay: 'question', top_up_limits: 'question',
};
const ROWS_PER_BANKING_LABEL = 25;

function header(source: string, rows: number, labels: Record<string, number>, parts: LexiconModel['trainedOn']['parts']) {
  return { format: 1 as const, version: VERSION, trainedAt: new Date().toISOString(), trainedOn: { source, rows, labels, parts } };
}

function buildLexicon(): LexiconModel {
  const require = createRequire(import.meta.url);
  const { lexicon } = require('vader-sentiment/src/vader_lexicon.js') as { lexicon: Record<string, number> };
  const entries = new Map<string, number>(Object.entries(lexicon));
  for (const [key, value] of Object.entries(CARE_LEXICON)) entries.set(key, value);
  const parts = [
    { name: 'vader-lexicon', rows: Object.keys(lexicon).length, license: 'MIT', attribution: VADER_ATTRIBUTION },
    { name: 'rapport-care-lexicon', rows: Object.keys(CARE_LEXICON).length, license: 'MIT' },
  ];
  return { kind: 'sentiment-lexicon', ...header('vader-lexicon + rapport-care-lexicon', entries.size, {}, parts), entries };
}

function linesOf(block: string): string[] {
  return block.split('\n').map((l) => l.trim()).filter(Boolean);
}

function sentimentRows(): { rows: LabelledExample[]; parts: LexiconModel['trainedOn']['parts'] } {
  const vader = loadVaderTweets();
  const care: LabelledExample[] = [];
  for (const [label, block] of Object.entries(CARE_SENTIMENT_EXAMPLES)) for (const text of linesOf(block)) care.push({ text, label, weight: 3 });
  // The hand-written care examples are few; weighting them keeps the domain cues from being drowned out.
  const rows = [...vader, ...care];
  const parts = [
    { name: 'vader-tweets', rows: vader.length, license: 'MIT', attribution: 'VADER tweets ground truth (Hutto & Gilbert 2014), ratings bucketed at ±0.5' },
    { name: 'rapport-care-sentiment-examples', rows: care.length, license: 'MIT' },
  ];
  return { rows, parts };
}

function intentRows(): { rows: LabelledExample[]; parts: LexiconModel['trainedOn']['parts'] } {
  const own: LabelledExample[] = [];
  for (const [label, block] of Object.entries(CARE_INTENT_EXAMPLES)) for (const text of linesOf(block)) own.push({ text, label, weight: 2 });
  const taken = new Map<string, number>();
  const banking: LabelledExample[] = [];
  for (const row of loadBanking77()) {
    const label = BANKING77_TO_CARE[row.label];
    const count = taken.get(row.label) ?? 0;
    if (!label || count >= ROWS_PER_BANKING_LABEL) continue;
    taken.set(row.label, count + 1);
    banking.push({ text: row.text, label });
  }
  const parts = [
    { name: 'rapport-care-intent-examples', rows: own.length, license: 'MIT' },
    { name: 'banking77', rows: banking.length, license: 'CC BY 4.0', attribution: BANKING77_ATTRIBUTION },
  ];
  return { rows: [...own, ...banking], parts };
}

function main(): void {
  const lexicon = buildLexicon();
  const sentiment = sentimentRows();
  const sentimentModel = trainClassifier(sentiment.rows, {
    target: 'sentiment', source: 'vader-tweets + rapport-care-sentiment-examples', parts: sentiment.parts, version: VERSION,
    lexicon, folds: 5, training: { loss: 'log', epochs: 8, balanced: true }, features: { hashBits: 15, charNgramMax: 0 },
  });
  const intent = intentRows();
  const intentModel = trainClassifier(intent.rows, {
    target: 'intent', source: 'rapport-care-intent-examples + banking77 (mapped)', parts: intent.parts, version: VERSION,
    folds: 5, threshold: 0.45, features: { hashBits: 14, charNgramMin: 3, charNgramMax: 4 },
  });
  writeFileSync(join(DEFAULT_MODELS_DIR, DEFAULT_MODEL_FILES.lexicon), serializeModel(lexicon) + '\n');
  writeFileSync(join(DEFAULT_MODELS_DIR, DEFAULT_MODEL_FILES.sentiment), serializeModel(sentimentModel) + '\n');
  writeFileSync(join(DEFAULT_MODELS_DIR, DEFAULT_MODEL_FILES.intent), serializeModel(intentModel) + '\n');
  console.log(`lexicon: ${lexicon.entries.size} entries`);
  console.log(`sentiment: ${sentimentModel.trainedOn.rows} rows, cv macro-F1 ${sentimentModel.metrics?.macroF1.toFixed(3)}, T=${sentimentModel.temperature}`);
  console.log(`intent: ${intentModel.trainedOn.rows} rows, cv accuracy ${intentModel.metrics?.accuracy.toFixed(3)}, T=${intentModel.temperature}`);
}

main();
