/**
 * NLP benchmark: Rapport's sentiment vs npm peers (VADER, AFINN) on the airline tweets, sentiment trained on
 * labelled history of the same kind (5-fold cross-validation), Banking77 intent accuracy with training time,
 * and whole-triage throughput on one core. Run: node --import tsx bench/nlp/nlp.bench.ts
 * Data: RAPPORT_SHARED_DATA or ../shared/data (see its README for sources and licences).
 */
import { createRequire } from 'node:module';
import { accuracy, macroF1, stratifiedFolds } from '../../server/features/triage/model.evaluation.js';
import { predictAll } from '../../server/features/triage/linear.trainer.js';
import { analyseSentimentText, triageMessage } from '../../server/features/triage/triage.service.js';
import { loadDefaultModels } from '../../server/features/triage/triage.models.js';
import { crossValidate, featurize, trainClassifier } from '../../server/features/triage/training.service.js';
import { loadAirlineTweets, loadBanking77, type LabelledText } from './nlp.data.js';

interface Row {
  name: string;
  macroF1: number;
  accuracy: number;
  perSecond: number;
  note: string;
}

const require = createRequire(import.meta.url);
const vader = require('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } } };
const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };

function timed(texts: readonly string[], label: (text: string) => string): { predicted: string[]; perSecond: number } {
  const started = performance.now();
  const predicted = texts.map(label);
  return { predicted, perSecond: texts.length / ((performance.now() - started) / 1000) };
}

function row(name: string, gold: string[], run: { predicted: string[]; perSecond: number }, note: string): Row {
  return { name, macroF1: macroF1(gold, run.predicted), accuracy: accuracy(gold, run.predicted), perSecond: run.perSecond, note };
}

function sentimentRows(tweets: LabelledText[]): Row[] {
  const texts = tweets.map((t) => t.text);
  const gold = tweets.map((t) => t.label);
  const models = loadDefaultModels();
  const afinn = new Sentiment();
  analyseSentimentText(texts[0] ?? '', models);
  const rows = [
    row('vader-sentiment (compound ±0.05)', gold, timed(texts, (t) => {
      const c = vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
      return c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral';
    }), 'npm peer'),
    row('sentiment / AFINN (score ≷ 0)', gold, timed(texts, (t) => {
      const s = afinn.analyze(t).score;
      return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
    }), 'npm peer'),
    row('rapport (default model)', gold, timed(texts, (t) => analyseSentimentText(t, models).label), 'out of the box'),
  ];
  const started = performance.now();
  const cv = crossValidate(tweets, { target: 'sentiment', source: 'airline-sentiment', lexicon: models.lexicon, folds: 5, training: { loss: 'log', balanced: true } });
  const seconds = (performance.now() - started) / 1000;
  rows.push({ name: 'rapport (trained, 5-fold CV)', macroF1: cv.macroF1, accuracy: cv.accuracy, perSecond: NaN, note: `5 trainings in ${seconds.toFixed(1)} s` });
  return rows;
}

function intentRow(): { row: Row; seconds: number } {
  const rows = loadBanking77();
  const folds = stratifiedFolds(rows.map((r) => r.label), 5);
  const train = rows.filter((_, i) => folds[i] !== 0);
  const test = rows.filter((_, i) => folds[i] === 0);
  const started = performance.now();
  const model = trainClassifier(train, { target: 'intent', source: 'banking77' });
  const seconds = (performance.now() - started) / 1000;
  const examples = featurize(test, model.classes, model.features);
  const predicted = predictAll(model, examples, model.classes.length);
  const acc = accuracy(examples.map((e) => e.label), predicted);
  const note = `train ${train.length} rows in ${seconds.toFixed(1)} s, test ${test.length}`;
  return { row: { name: 'rapport intent on Banking77 (80/20)', macroF1: macroF1(examples.map((e) => e.label), predicted), accuracy: acc, perSecond: NaN, note }, seconds };
}

function triageThroughput(texts: readonly string[]): number {
  const models = loadDefaultModels();
  const input = { text: '', author: { followers: 1200, verified: false }, metrics: { reposts: 2, replies: 1 } };
  for (const text of texts.slice(0, 2000)) triageMessage({ ...input, text }, models);
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < 3000) {
    for (const text of texts) {
      input.text = text;
      triageMessage(input, models);
    }
    count += texts.length;
  }
  return count / ((performance.now() - started) / 1000);
}

function printTable(rows: Row[]): void {
  console.log('| system | macro-F1 | accuracy | texts/s | note |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const rate = Number.isNaN(r.perSecond) ? '' : Math.round(r.perSecond).toLocaleString('en-US');
    const score = (n: number): string => (Number.isNaN(n) ? '' : n.toFixed(3));
    console.log(`| ${r.name} | ${score(r.macroF1)} | ${score(r.accuracy)} | ${rate} | ${r.note} |`);
  }
}

function main(): void {
  const tweets = loadAirlineTweets();
  // Throughput first, before the large Banking77 training leaves a heap for the collector to walk.
  const triageRate = triageThroughput(tweets.map((t) => t.text));
  const sentiment = sentimentRows(tweets);
  const intent = intentRow();
  const rows = [...sentiment, intent.row, { name: 'whole triage step (1 core)', macroF1: NaN, accuracy: NaN, perSecond: triageRate, note: 'sentiment+language+intent+PII+signals' }];
  console.log(`Airline tweets: ${tweets.length} (Twitter US Airline Sentiment, CC BY-NC-SA 4.0); Banking77 train split (PolyAI, CC BY 4.0)`);
  printTable(rows);
  const [vaderRow, afinnRow, outOfBox, trained] = sentiment;
  const round = (n: number | undefined): number => Math.round((n ?? 0) * 10000) / 10000;
  console.log(JSON.stringify({
    sentiment_macro_f1: round(outOfBox?.macroF1),
    sentiment_trained_macro_f1: round(trained?.macroF1),
    vader_macro_f1: round(vaderRow?.macroF1),
    afinn_macro_f1: round(afinnRow?.macroF1),
    intent_accuracy: round(intent.row.accuracy),
    intent_train_s: Math.round(intent.seconds * 100) / 100,
    triage_msgs_per_s: Math.round(triageRate),
  }));
}

main();
