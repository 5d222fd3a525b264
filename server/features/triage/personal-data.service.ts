import type { PersonalDataKind, PersonalDataSpan } from './triage.types.js';

interface Detector {
  kind: PersonalDataKind;
  pattern: RegExp;
  accept?: (match: string) => boolean;
  /** Capture group holding the sensitive part (context words such as "account no" stay visible). */
  group?: number;
}

/** Luhn checksum over the digits of a string (separators ignored). */
export function passesLuhn(value: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = value.length - 1; i >= 0; i--) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) continue;
    let d = code - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
    digits++;
  }
  return digits > 0 && sum % 10 === 0;
}

/** ISO 13616 IBAN check (mod 97 over the rearranged alphanumerics). */
export function isValidIban(value: string): boolean {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

function digitCount(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const DETECTORS: readonly Detector[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  { kind: 'bank_account', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, accept: isValidIban },
  {
    kind: 'card',
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    accept: (m) => digitCount(m) >= 13 && passesLuhn(m) && !/^(\d)\1+$/.test(m.replace(/\D/g, '')),
  },
  { kind: 'national_id', pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  { kind: 'national_id', pattern: /\b(?![DFIQUV])[A-Z](?![DFIQUVO])[A-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g },
  {
    kind: 'bank_account',
    pattern: /\b(?:account|acct|a\/c|routing|sort code)(?: (?:no|number|num|#))?\.?[:#]? ?(\d(?:[ -]?\d){5,16})\b/gi,
    group: 1,
  },
  {
    kind: 'phone',
    pattern: /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,4}(?!\w)/g,
    accept: (m) => {
      const digits = digitCount(m);
      const international = m.startsWith('+');
      const formatted = /[ .()-]/.test(m);
      return international ? digits >= 8 && digits <= 15 : (digits === 10 || (digits === 11 && m.startsWith('1'))) && (formatted || digits === 10);
    },
  },
];

function overlaps(spans: readonly PersonalDataSpan[], start: number, end: number): boolean {
  for (const s of spans) if (start < s.end && end > s.start) return true;
  return false;
}

/** Finds payment cards (Luhn-checked), IBANs and account numbers, phones, emails and national ids in a message. */
export function findPersonalData(text: string): PersonalDataSpan[] {
  const spans: PersonalDataSpan[] = [];
  if (!/[\d@]/.test(text)) return spans;
  for (const detector of DETECTORS) {
    detector.pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = detector.pattern.exec(text)) !== null) {
      const part = detector.group ? (match[detector.group] ?? '') : match[0];
      const start = match.index + (detector.group ? match[0].lastIndexOf(part) : 0);
      const end = start + part.length;
      if (detector.accept && !detector.accept(part)) continue;
      if (!overlaps(spans, start, end)) spans.push({ kind: detector.kind, start, end });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Replaces personal data with '*' (same length, so offsets stay valid); cards keep their last four digits. */
export function maskPersonalData(text: string, spans: readonly PersonalDataSpan[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    out += text.slice(cursor, span.start);
    const value = text.slice(span.start, span.end);
    const keepFrom = span.kind === 'card' ? lastDigitsStart(value, 4) : value.length;
    out += value.replace(/[\p{L}\p{N}]/gu, (ch, offset: number) => (offset >= keepFrom ? ch : '*'));
    cursor = span.end;
  }
  return out + text.slice(cursor);
}

function lastDigitsStart(value: string, count: number): number {
  let seen = 0;
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++seen === count) return i;
  }
  return 0;
}

/** A ready public reply asking the customer not to post personal data, naming what was posted. */
export function personalDataReply(spans: readonly PersonalDataSpan[]): string {
  const names: Record<PersonalDataKind, string> = {
    card: 'card details', bank_account: 'bank details', phone: 'phone numbers', email: 'email addresses', national_id: 'ID numbers',
  };
  const kinds = [...new Set(spans.map((s) => names[s.kind]))];
  const what = kinds.length ? kinds.join(' and ') : 'personal details';
  return `For your security, please don't share ${what} publicly. We've sent you a private message so we can help from there.`;
}
