import type { ParsedMail } from 'mailparser';
import { rapportMessageIdsIn } from './email.headers.js';

/** Why a message was recognised as sent by a machine: recorded, never a new conversation. */
export type AutomatedKind = 'bounce' | 'auto-reply' | 'bulk';

/** A delivery failure report about one of Rapport's replies. */
export interface BounceReport {
  /** The Message-ID of Rapport's reply that could not be delivered. */
  failedMessageId: string;
  /** The receiving server's reason, e.g. `smtp; 550 5.1.1 <pat@example.com>: user unknown`. */
  reason: string;
}

const bounceSenders = /^(mailer-daemon|postmaster|mail-daemon|mail-delivery-subsystem)@/i;

/**
 * Recognises machine-sent mail from cheap header signals: delivery reports (multipart/report, MAILER-DAEMON, a null
 * envelope sender), auto-replies (RFC 3834 Auto-Submitted, X-Autoreply, Precedence: auto_reply) and bulk or list mail
 * (Precedence: bulk/junk/list, List-Id).
 */
export function detectAutomated(mail: ParsedMail, envelopeSender: string | null | undefined): AutomatedKind | undefined {
  const header = (name: string) => headerText(mail, name)?.toLowerCase();
  const reportType = reportTypeOf(mail);
  const fromAddress = mail.from?.value[0]?.address ?? '';
  if (reportType?.toLowerCase() === 'delivery-status' || bounceSenders.test(fromAddress)) return 'bounce';
  const autoSubmitted = header('auto-submitted');
  if ((autoSubmitted !== undefined && autoSubmitted !== 'no') || header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return 'auto-reply';
  const precedence = header('precedence');
  if (precedence === 'auto_reply') return 'auto-reply';
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list' || mail.headers.has('list-id')) return 'bulk';
  // RFC 5321: notifications go to the null reverse-path, and only machines send from it.
  if (envelopeSender === '') return 'auto-reply';
  return undefined;
}

/** Finds which of Rapport's replies a bounce is about, and the reason the receiving server gave; undefined when it names none. */
export function readBounce(mail: ParsedMail, raw: Buffer): BounceReport | undefined {
  const failedMessageId = rapportMessageIdsIn(raw.toString('latin1'))[0];
  if (failedMessageId === undefined) return undefined;
  const status = mail.attachments.find((part) => part.contentType === 'message/delivery-status');
  const fields = status === undefined ? '' : status.content.toString('utf8');
  const diagnostic = field(fields, 'Diagnostic-Code') ?? field(fields, 'Status');
  const summary = (mail.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
  return { failedMessageId, reason: `The recipient's mail server returned the reply as undeliverable: ${diagnostic ?? (summary || 'no reason given')}`.slice(0, 1000) };
}

/** The report-type parameter of a multipart/report message (`delivery-status` for a bounce). */
function reportTypeOf(mail: ParsedMail): string | undefined {
  const contentType = mail.headers.get('content-type');
  if (typeof contentType !== 'object' || contentType === null || !('params' in contentType)) return undefined;
  const params = contentType.params as Record<string, string | undefined>;
  return params['report-type'];
}

/** A top-level header's value as sent (first occurrence), unfolded. */
function headerText(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((header) => header.key === name)?.line;
  return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).replace(/\s+/g, ' ').trim();
}

/** One field of a delivery-status block, with its folded continuation lines. */
function field(block: string, name: string): string | undefined {
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t]+.*)*)`, 'im').exec(block);
  return match?.[1]?.replace(/\s+/g, ' ').trim();
}
