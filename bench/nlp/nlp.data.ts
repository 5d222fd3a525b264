import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A labelled text row from one of the shared public data sets. */
export interface LabelledText {
  text: string;
  label: string;
}

/** Folder holding the shared public data sets (RAPPORT_SHARED_DATA or ../shared/data). */
export function sharedDataDir(): string {
  return process.env.RAPPORT_SHARED_DATA ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields. */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function readCsvColumns(path: string, textColumn: string, labelColumn: string): LabelledText[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const ti = header?.indexOf(textColumn) ?? -1;
  const li = header?.indexOf(labelColumn) ?? -1;
  if (ti < 0 || li < 0) throw new Error(`${path}: missing column ${textColumn} or ${labelColumn}`);
  return rows.filter((r) => r.length > Math.max(ti, li) && r[ti]).map((r) => ({ text: r[ti] ?? '', label: r[li] ?? '' }));
}

/** Twitter US Airline Sentiment tweets (CC BY-NC-SA 4.0: evaluation and run-time training only). */
export function loadAirlineTweets(dir = sharedDataDir()): LabelledText[] {
  return readCsvColumns(join(dir, 'airline-sentiment', 'tweets-dev.csv'), 'text', 'airline_sentiment');
}

/** Banking77 training split (CC BY 4.0, PolyAI, Casanueva et al. 2020). */
export function loadBanking77(dir = sharedDataDir()): LabelledText[] {
  return readCsvColumns(join(dir, 'banking77', 'train.csv'), 'text', 'category');
}

/** VADER's human-rated tweets (MIT, Hutto & Gilbert 2014) with the mean rating bucketed into three classes. */
export function loadVaderTweets(dir = sharedDataDir(), neutralBand = 0.5): LabelledText[] {
  const lines = readFileSync(join(dir, 'vader-tweets', 'tweets_GroundTruth.txt'), 'utf8').split(/\r?\n/);
  const out: LabelledText[] = [];
  for (const line of lines) {
    const [, rating, ...rest] = line.split('\t');
    const value = Number(rating);
    if (!rest.length || Number.isNaN(value)) continue;
    const label = value > neutralBand ? 'positive' : value < -neutralBand ? 'negative' : 'neutral';
    out.push({ text: rest.join('\t'), label });
  }
  return out;
}
