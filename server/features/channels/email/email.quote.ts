/** A plain-text email body split into what the customer just wrote and the history quoted under it. */
export interface QuoteSplit {
  reply: string;
  /** The quoted history that was cut, or undefined when nothing was cut. */
  history: string | undefined;
}

/** Attribution lines mail programs put above a quote: English, German, French, Spanish, Dutch, Italian, Portuguese. */
const attribution = /^(on\b.{0,300}\bwrote|am\b.{0,300}\bschrieb.{0,100}|le\b.{0,300}\ba écrit|el\b.{0,300}\bescribió|op\b.{0,300}\bschreef.{0,100}|il\b.{0,300}\bha scritto|em\b.{0,300}\bescreveu)\s*:\s*$/i;
/** Markers after which everything is the forwarded or replied-to message (Outlook and friends). */
const originalMessage = /^\s*(-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original)\s*-{2,}|_{20,})\s*$/i;
const outlookFrom = /^\s*\*?(from|von|de)\s*:\*?\s+\S/i;
const outlookSentOrDate = /^\s*\*?(sent|date|gesendet|envoyé|enviado)\s*:\*?\s+\S/i;

/**
 * Cuts the quoted history under a top-posted reply, but only where that is safe: the cut must leave some text of the
 * customer's, and everything below the cut must be history (quoted `>` lines after an attribution line, or a whole
 * original message under an Outlook header). Replies written between quoted lines are left whole.
 */
export function splitQuotedHistory(text: string): QuoteSplit {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = findHistoryStart(lines);
  if (cut === undefined) return { reply: text, history: undefined };
  const reply = lines.slice(0, cut).join('\n').trimEnd();
  if (reply.trim() === '') return { reply: text, history: undefined };
  return { reply, history: lines.slice(cut).join('\n') };
}

function findHistoryStart(lines: readonly string[]): number | undefined {
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (originalMessage.test(line)) return index;
    if (outlookFrom.test(line) && lines.slice(index + 1, index + 5).some((next) => outlookSentOrDate.test(next))) return index;
    const joined = `${line} ${lines[index + 1] ?? ''}`.trim();
    const attributionLines = attribution.test(line.trim()) ? 1 : attribution.test(joined) && /^on\b|^am\b|^le\b|^el\b|^op\b|^il\b|^em\b/i.test(line.trim()) ? 2 : 0;
    if (attributionLines > 0 && onlyQuotedAfter(lines, index + attributionLines)) return index;
    if (line.startsWith('>') && onlyQuotedAfter(lines, index)) return index;
  }
  return undefined;
}

/** Whether every non-blank line from `start` on is quoted, and there is at least one. */
function onlyQuotedAfter(lines: readonly string[], start: number): boolean {
  const rest = lines.slice(start).filter((line) => line.trim() !== '');
  return rest.length > 0 && rest.every((line) => line.startsWith('>'));
}
