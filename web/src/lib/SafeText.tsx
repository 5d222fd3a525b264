import { Fragment } from 'react';

const urlPattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** An http(s) URL safe to link to, or undefined (javascript:, data: and anything unparsable stay text). */
export function safeHttpUrl(candidate: string): string | undefined {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Customer content as text: React escapes every character, so markup shows literally and never runs. Only http(s)
 * URLs become links, opening in a new tab without access to this page (rel=noopener noreferrer).
 */
export function SafeText({ text }: { text: string }) {
  const parts: Array<{ text: string; href?: string }> = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    const raw = match[0].replace(/[).,;:!?]+$/, '');
    const start = match.index;
    const href = safeHttpUrl(raw);
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push(href === undefined ? { text: raw } : { text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return (
    <>
      {parts.map((part, index) => (part.href === undefined
        ? <Fragment key={index}>{part.text}</Fragment>
        : <a key={index} href={part.href} target="_blank" rel="noopener noreferrer nofollow">{part.text}</a>))}
    </>
  );
}
