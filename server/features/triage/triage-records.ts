import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { AppError } from '../../http/app-error.js';
import type { LabelledExample } from './training.service.js';

/** A record of a CSV (by header) or NDJSON file. */
export type InputRecord = Record<string, unknown>;

/** File formats `rapport triage` and `rapport train` read. */
export type RecordFormat = 'csv' | 'tsv' | 'ndjson';

const csvOptions = { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true } as const;

/** The format of a file by its extension, else by its first character (`{` means NDJSON). */
export function formatOf(file: string): RecordFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.tsv' || extension === '.tab') return 'tsv';
  if (extension === '.ndjson' || extension === '.jsonl' || extension === '.json') return 'ndjson';
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'ndjson' : 'csv';
  } finally {
    closeSync(fd);
  }
}

/** Streams the records of a CSV/TSV (header row) or NDJSON file, one at a time, without reading it whole. */
export async function* readRecords(file: string, format: RecordFormat = formatOf(file)): AsyncGenerator<InputRecord> {
  if (format === 'ndjson') {
    yield* readNdjson(file);
    return;
  }
  const parser = createReadStream(file).pipe(parse({ ...csvOptions, delimiter: format === 'tsv' ? '\t' : ',' }));
  for await (const record of parser) yield record as InputRecord;
}

async function* readNdjson(file: string): AsyncGenerator<InputRecord> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    const text = number === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new AppError('VALIDATION_FAILED', `Line ${number} of ${file} is not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError('VALIDATION_FAILED', `Line ${number} of ${file} is not a JSON object`);
    yield value as InputRecord;
  }
}

/** Parses CSV text with a header row (an uploaded training file). */
export function parseCsvText(text: string): InputRecord[] {
  try {
    return parseSync<InputRecord>(text, csvOptions);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `The CSV cannot be read: ${error instanceof Error ? error.message : String(error)}`, [{ path: 'body.csv', message: 'invalid CSV' }]);
  }
}

/** A field of a record as text ('' when missing). */
export function fieldText(record: InputRecord, column: string): string {
  const value = record[column];
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** Collects labelled examples from records; rows without text or label are skipped, a missing column is an error. */
export async function collectExamples(records: AsyncIterable<InputRecord> | Iterable<InputRecord>, textColumn: string, labelColumn: string, maxRows: number): Promise<LabelledExample[]> {
  const examples: LabelledExample[] = [];
  let first = true;
  for await (const record of records) {
    if (first) {
      for (const column of [textColumn, labelColumn]) {
        if (!(column in record)) throw new AppError('VALIDATION_FAILED', `There is no column "${column}" (columns: ${Object.keys(record).join(', ')})`, [{ path: column === textColumn ? 'textColumn' : 'labelColumn', message: 'unknown column' }]);
      }
      first = false;
    }
    const text = fieldText(record, textColumn).trim();
    const label = fieldText(record, labelColumn).trim();
    if (text === '' || label === '') continue;
    if (examples.length >= maxRows) throw new AppError('VALIDATION_FAILED', `Training takes at most ${maxRows} rows; sample the file first`);
    examples.push({ text, label });
  }
  return examples;
}
