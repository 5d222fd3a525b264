import { createHash } from 'node:crypto';

/** Longest Message-ID Rapport keeps as a platform id (the inbound schema's bound). */
const maxIdLength = 512;
const idToken = /<[^<>\s]{1,510}>/g;
/** Ids Rapport invents for mail that came without a Message-ID: never seen by the customer's mail program. */
const syntheticDomain = 'no-message-id.rapport.invalid';

/** The Message-IDs in a header value (`<a@b> <c@d>`), in order; a lone bare id is wrapped in angle brackets. */
export function messageIdsIn(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  const ids = text.match(idToken) ?? [];
  if (ids.length > 0) return ids;
  const bare = text.trim();
  return bare !== '' && !/\s/.test(bare) && bare.length <= maxIdLength - 2 ? [`<${bare.replace(/^<|>$/g, '')}>`] : [];
}

/** A stable id for a message that has no Message-ID: the same raw bytes always give the same id, so a redelivery is a duplicate. */
export function syntheticMessageId(raw: Buffer): string {
  return `<${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@${syntheticDomain}>`;
}

/** Whether an id is one Rapport made up for a message without a Message-ID. */
export function isSyntheticMessageId(id: string): boolean {
  return id.endsWith(`@${syntheticDomain}>`);
}

/** The Message-ID of a reply Rapport sends: derived from the message id alone, so every retry sends the same one. */
export function rapportMessageId(messageId: string, fromAddress: string): string {
  const domain = fromAddress.includes('@') ? fromAddress.slice(fromAddress.lastIndexOf('@') + 1) : 'rapport.invalid';
  return `<rapport-${messageId}@${domain.toLowerCase()}>`;
}

/** The Message-IDs of Rapport's own replies found in a text (a bounce quotes the headers of the message that failed). */
export function rapportMessageIdsIn(text: string): string[] {
  return text.match(/<rapport-[0-9A-Za-z]{1,64}@[^<>\s]{1,255}>/g) ?? [];
}

/** `Re: <subject>`, without stacking prefixes when the subject already is a reply (Re:, RE:, Aw:, Sv:, Antw:). */
export function replySubject(subject: string | null | undefined): string {
  const base = (subject ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (base === '') return 'Re: your message';
  return /^(re|aw|sv|antw|odp|vs)\s*:/i.test(base) ? base : `Re: ${base}`;
}

/**
 * The References of a reply: the parent's References followed by the parent's own id. Long chains keep the first id
 * (the thread's root) and the most recent ones, as RFC 5322 suggests, so the header stays a sensible size.
 */
export function replyReferences(parentRefs: readonly string[], parentId: string | undefined, keep = 20): string[] {
  const chain = [...parentRefs, ...(parentId === undefined ? [] : [parentId])].filter((id, index, all) => all.indexOf(id) === index);
  if (chain.length <= keep) return chain;
  return [chain[0] as string, ...chain.slice(chain.length - (keep - 1))];
}
