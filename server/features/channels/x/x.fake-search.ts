import type { FakeXPost, FakeXStore } from './x.fake-store.js';

/** One term of a search query: a word, a quoted phrase or an operator, possibly negated. */
interface Term {
  negated: boolean;
  test: (post: FakeXPost) => boolean;
  /** is:/has: operators cannot stand alone (X: "conjunction-required"). */
  conjunctionRequired: boolean;
}

/** A search query the fake understands: AND of terms, `-` negation, quoted phrases and the operators care teams use (§6.9). */
export type ParsedQuery = { ok: true; matches: (post: FakeXPost) => boolean } | { ok: false; message: string };

const tokenPattern = /(-?)(?:"([^"]*)"|(\S+))/g;

/** Parses a recent-search query like X would, refusing unknown operators and queries of conjunction-required operators only. */
export function parseSearchQuery(store: FakeXStore, query: string): ParsedQuery {
  const terms: Term[] = [];
  for (const match of query.matchAll(tokenPattern)) {
    const negated = match[1] === '-';
    const phrase = match[2];
    const word = match[3] ?? '';
    if (phrase !== undefined) {
      terms.push({ negated, conjunctionRequired: false, test: (post) => post.text.toLowerCase().includes(phrase.toLowerCase()) });
      continue;
    }
    if (word === 'OR' || word === 'AND') return { ok: false, message: `The fake X does not support the ${word} operator` };
    const term = operatorTerm(store, word);
    if (typeof term === 'string') return { ok: false, message: term };
    terms.push({ negated, ...term });
  }
  if (terms.length === 0) return { ok: false, message: 'There were errors processing your request: query is empty' };
  if (terms.every((term) => term.conjunctionRequired || term.negated)) {
    return { ok: false, message: 'There were errors processing your request: Rules must contain a non-negation term' };
  }
  return { ok: true, matches: (post) => terms.every((term) => term.test(post) !== term.negated) };
}

function operatorTerm(store: FakeXStore, word: string): Omit<Term, 'negated'> | string {
  const plain = (test: (post: FakeXPost) => boolean) => ({ conjunctionRequired: false, test });
  const joined = (test: (post: FakeXPost) => boolean) => ({ conjunctionRequired: true, test });
  const userId = (name: string) => store.userByName(name)?.id ?? `unknown:${name}`;
  if (word.startsWith('@')) return plain((post) => post.mentions.includes(userId(word)));
  if (word.startsWith('#')) return plain((post) => post.text.toLowerCase().includes(word.toLowerCase()));
  const colon = word.indexOf(':');
  if (colon <= 0 || /^https?:/.test(word)) return plain((post) => new RegExp(`(^|\\W)${escape(word)}(\\W|$)`, 'i').test(post.text));
  const operator = word.slice(0, colon);
  const value = word.slice(colon + 1);
  const references = (type: string) => (post: FakeXPost) => post.references.some((reference) => reference.type === type);
  switch (operator) {
    case 'from': return plain((post) => post.authorId === userId(value));
    case 'to': return plain((post) => post.inReplyToUserId === userId(value));
    case 'lang': return plain((post) => post.lang === value);
    case 'conversation_id': return plain((post) => post.conversationId === value);
    case 'in_reply_to_tweet_id': return plain((post) => post.references.some((reference) => reference.type === 'replied_to' && reference.id === value));
    case 'quotes_of_tweet_id': return plain((post) => post.references.some((reference) => reference.type === 'quoted' && reference.id === value));
    case 'is':
      if (value === 'retweet') return joined(references('retweeted'));
      if (value === 'reply') return joined(references('replied_to'));
      if (value === 'quote') return joined(references('quoted'));
      return `There were errors processing your request: Reference to invalid field 'is:${value}'`;
    case 'has':
      if (value === 'mentions') return joined((post) => post.mentions.length > 0);
      return `There were errors processing your request: Reference to invalid field 'has:${value}'`;
    default:
      return `There were errors processing your request: Reference to invalid operator '${operator}'`;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
