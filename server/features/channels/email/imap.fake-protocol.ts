/** One parsed IMAP argument: an atom or string, or a parenthesised list. */
export type ImapToken = string | ImapToken[];

/** A command line as a client sent it, with its literals (`{n}` followed by n bytes) already read in. */
export interface ImapCommandLine {
  text: string;
  literals: string[];
}

const placeholder = (index: number) => `\u0000${index}\u0000`;

/**
 * Splits a byte stream into IMAP command lines. A line ending in a literal marker (`{12}` or `{12+}`) continues after
 * the literal's bytes; `onContinue` is told to send the `+` continuation a synchronising literal waits for.
 */
export function createLineReader(onLine: (line: ImapCommandLine) => void, onContinue: () => void): (chunk: Buffer) => void {
  let buffer = Buffer.alloc(0);
  let pending: ImapCommandLine = { text: '', literals: [] };
  let literalBytes: number | undefined;
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (literalBytes !== undefined) {
        if (buffer.length < literalBytes) return;
        pending.text += placeholder(pending.literals.length);
        pending.literals.push(buffer.subarray(0, literalBytes).toString('utf8'));
        buffer = buffer.subarray(literalBytes);
        literalBytes = undefined;
        continue;
      }
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = buffer.subarray(0, end).toString('utf8');
      buffer = buffer.subarray(end + 2);
      const literal = /\{(\d+)(\+?)\}$/.exec(line);
      if (literal !== null) {
        pending.text += line.slice(0, literal.index);
        literalBytes = Number(literal[1]);
        if (literal[2] !== '+') onContinue();
        continue;
      }
      pending.text += line;
      onLine(pending);
      pending = { text: '', literals: [] };
    }
  };
}

/** Parses the arguments of a command: atoms (brackets included, as in `BODY.PEEK[]`), quoted strings, literals and lists. */
export function tokenize(line: ImapCommandLine): ImapToken[] {
  const { text, literals } = line;
  let position = 0;
  const parseList = (closing: string | undefined): ImapToken[] => {
    const tokens: ImapToken[] = [];
    while (position < text.length) {
      const char = text[position] as string;
      if (char === ' ') position += 1;
      else if (char === closing) {
        position += 1;
        return tokens;
      } else if (char === '(') {
        position += 1;
        tokens.push(parseList(')'));
      } else if (char === '"') tokens.push(readQuoted());
      else if (char === '\u0000') {
        const end = text.indexOf('\u0000', position + 1);
        tokens.push(literals[Number(text.slice(position + 1, end))] ?? '');
        position = end + 1;
      } else tokens.push(readAtom());
    }
    return tokens;
  };
  const readQuoted = (): string => {
    let value = '';
    position += 1;
    while (position < text.length && text[position] !== '"') {
      if (text[position] === '\\') position += 1;
      value += text[position] ?? '';
      position += 1;
    }
    position += 1;
    return value;
  };
  const readAtom = (): string => {
    const start = position;
    let depth = 0;
    while (position < text.length) {
      const char = text[position] as string;
      if (char === '[') depth += 1;
      else if (char === ']') depth -= 1;
      else if (depth === 0 && (char === ' ' || char === '(' || char === ')')) break;
      position += 1;
    }
    return text.slice(start, position);
  };
  return parseList(undefined);
}

/** The numbers of an IMAP sequence set (`1:3,7,9:*`) among `known`, where `*` is the largest; `n:*` past the end still names the last (RFC 3501). */
export function resolveSequenceSet(set: string, known: readonly number[]): number[] {
  const largest = known.length === 0 ? 0 : Math.max(...known);
  const value = (part: string) => (part === '*' ? largest : Number(part));
  const chosen = new Set<number>();
  for (const range of set.split(',')) {
    const [from, to = from] = range.split(':').map(value) as [number, number?];
    const low = Math.min(from, to);
    const high = Math.max(from, to);
    for (const number of known) if (number >= low && number <= high) chosen.add(number);
  }
  return known.filter((number) => chosen.has(number));
}

/** An IMAP quoted string. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An INTERNALDATE value (`"17-Jul-2026 02:44:25 +0000"`). */
export function internalDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `"${pad(date.getUTCDate())}-${months[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000"`;
}

/** Reads a SEARCH date (`1-Jan-2026`) as the start of that day in UTC. */
export function parseSearchDate(value: string): number {
  const [day, month, year] = value.split('-');
  return Date.UTC(Number(year), months.indexOf(month ?? ''), Number(day));
}
