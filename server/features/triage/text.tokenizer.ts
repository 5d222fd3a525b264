/** Coarse class of a token, used by the lexicon rules and the feature hasher. */
export type TokenKind = 'word' | 'number' | 'mention' | 'hashtag' | 'url' | 'emoji' | 'emoticon' | 'punct';

/** One token of a message: its lower-cased form, kind and whether it was written in capitals. */
export interface Token {
  lower: string;
  kind: TokenKind;
  allCaps: boolean;
}

const EMOTICON = /(?:[<>]?[:;=8xX][-'^o]?[()[\]DdPpOo3/\\|*@$])(?=\s|$)|<3|\^\^|\^_\^/y;
const LETTER = /[\p{L}\p{M}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetterAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return true;
  return code > 127 && !isSpace(code) && LETTER.test(text[i] ?? '');
}

function isWordChar(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isUpperWord(raw: string): boolean {
  if (raw.length < 2) return false;
  return raw === raw.toUpperCase() && raw !== raw.toLowerCase();
}

function normaliseWord(lower: string): string {
  // Curly apostrophes and elongations ("sooooo") would otherwise miss the lexicon.
  let w = lower.indexOf('’') >= 0 ? lower.replace(/’/g, "'") : lower;
  if (w.length > 3 && /(.)\1\1/.test(w)) w = w.replace(/(.)\1{2,}/g, '$1$1');
  return w;
}

function scanUntilSpace(text: string, i: number): number {
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

function scanWord(text: string, i: number): number {
  while (i < text.length) {
    if (isLetterAt(text, i)) i++;
    else if ((text[i] === "'" || text[i] === '’') && i + 1 < text.length && isLetterAt(text, i + 1)) i += 2;
    else break;
  }
  return i;
}

function scanNumber(text: string, i: number): number {
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) i++;
    else if ((code === 46 || code === 44 || code === 58) && isDigit(text.charCodeAt(i + 1))) i += 2;
    else break;
  }
  return isLetterAt(text, i) ? scanWord(text, i) : i;
}

function scanEmoji(text: string, i: number): number {
  i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0xfe0f) i++;
    else if (code === 0xd83c && text.charCodeAt(i + 1) >= 0xdffb && text.charCodeAt(i + 1) <= 0xdfff) i += 2;
    else if (code === 0x200d && PICTOGRAPH.test(String.fromCodePoint(text.codePointAt(i + 1) ?? 0))) i += (text.codePointAt(i + 1) ?? 0) > 0xffff ? 3 : 2;
    else break;
  }
  return i;
}

function emoticonAt(text: string, i: number): number {
  EMOTICON.lastIndex = i;
  return EMOTICON.test(text) ? EMOTICON.lastIndex : -1;
}

function startsUrl(text: string, i: number): boolean {
  return text.startsWith('http://', i) || text.startsWith('https://', i) || text.startsWith('www.', i);
}

/** Splits a message into tokens (words, numbers, mentions, hashtags, URLs, emoji, emoticons, !/?) in one pass. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }
    const previousIsWord = i > 0 && isWordChar(text.charCodeAt(i - 1));
    let end = -1;
    let kind: TokenKind = 'word';
    if ((code === 104 || code === 119) && startsUrl(text, i)) [end, kind] = [scanUntilSpace(text, i), 'url'];
    else if ((code === 64 || code === 0xff20) && isWordChar(text.charCodeAt(i + 1)) && !previousIsWord) {
      end = i + 1;
      while (end < text.length && (isWordChar(text.charCodeAt(end)) || text.charCodeAt(end) === 46)) end++;
      kind = 'mention';
    } else if (code === 35 && i + 1 < text.length && (isLetterAt(text, i + 1) || isDigit(text.charCodeAt(i + 1)) || text[i + 1] === '_')) {
      end = i + 1;
      while (end < text.length && (isLetterAt(text, end) || isDigit(text.charCodeAt(end)) || text[end] === '_')) end++;
      kind = 'hashtag';
    } else if (':;=<>^8xX'.includes(text[i] ?? ' ') && (end = emoticonAt(text, i)) > 0) kind = 'emoticon';
    else if (code === 33 || code === 63) {
      end = i + 1;
      while (end < text.length && (text.charCodeAt(end) === 33 || text.charCodeAt(end) === 63)) end++;
      kind = 'punct';
    } else if (isDigit(code)) [end, kind] = [scanNumber(text, i), 'number'];
    else if (isLetterAt(text, i)) end = scanWord(text, i);
    else if (code >= 0x2190 && PICTOGRAPH.test(String.fromCodePoint(text.codePointAt(i) ?? 0))) [end, kind] = [scanEmoji(text, i), 'emoji'];
    if (end <= i) {
      i++;
      continue;
    }
    const raw = text.slice(i, end);
    i = end;
    if (kind === 'word') tokens.push({ lower: normaliseWord(raw.toLowerCase()), kind, allCaps: isUpperWord(raw) });
    else tokens.push({ lower: kind === 'emoticon' ? raw : raw.toLowerCase(), kind, allCaps: false });
  }
  return tokens;
}

/** True when most letters of the message are capitals (shouting), ignoring mentions and URLs. */
export function isMostlyCaps(tokens: readonly Token[]): boolean {
  let words = 0;
  let caps = 0;
  for (const t of tokens) {
    if (t.kind !== 'word' || t.lower.length < 2) continue;
    words++;
    if (t.allCaps) caps++;
  }
  return words >= 3 && caps / words > 0.7;
}
