import { simpleParser, type Attachment as MailAttachment, type ParsedMail } from 'mailparser';
import type { Attachment, InboundAuthor } from '../../../../common/inbound.js';
import { limits } from '../../../../common/limits.js';
import type { ChannelAccountRef, ParseResult } from '../channel.port.js';
import { accountFields, addEvent, addUnrecognised, boundedText, finishCollecting, startCollecting, type ParseCollector } from '../parse-support.js';
import { detectAutomated, readBounce, type AutomatedKind } from './email.automated.js';
import { messageIdsIn, syntheticMessageId } from './email.headers.js';
import { splitQuotedHistory } from './email.quote.js';
import type { EmailEnvelope } from './email.receipt.js';

/** What one received email amounts to: its events, and whether a machine sent it. */
export interface EmailReading extends ParseResult {
  automated: AutomatedKind | undefined;
}

const maxThreadRefs = 100;
const maxIdLength = 512;

/** Parses raw MIME with mailparser; HTML-only mail gets its text from the HTML, attachments are read only for their metadata. */
export async function parseMime(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, keepDeliveryStatus: true, maxHtmlLengthToParse: 2_000_000 });
}

/**
 * Turns one received email into Rapport events: a private message threaded by Message-ID / In-Reply-To / References,
 * or, for a bounce of one of Rapport's replies, that reply's failed delivery. Auto-replies and bulk mail are recognised
 * and yield nothing, so they never open a conversation; their receipt stays as the record. Never throws on odd mail.
 */
export async function readEmail(envelope: EmailEnvelope, account: ChannelAccountRef): Promise<EmailReading> {
  const collector = startCollecting(account);
  let mail: ParsedMail;
  try {
    mail = await parseMime(envelope.raw);
  } catch (error) {
    addUnrecognised(collector, 'message', `not readable as MIME: ${error instanceof Error ? error.message : String(error)}`);
    return { ...finishCollecting(collector), automated: undefined };
  }
  const envelopeSender = envelope.arrival.transport === 'smtp' ? envelope.arrival.mailFrom : undefined;
  const automated = detectAutomated(mail, envelopeSender);
  if (automated === 'bounce') addBounceStatus(collector, mail, envelope);
  else if (automated === undefined) addMessage(collector, mail, envelope);
  return { ...finishCollecting(collector), automated };
}

function addMessage(collector: ParseCollector, mail: ParsedMail, envelope: EmailEnvelope): void {
  const author = authorOf(mail, envelope);
  if (author === undefined) {
    addUnrecognised(collector, 'From', 'the message names no sender address');
    return;
  }
  const platformMessageId = usableIds(messageIdsIn(mail.messageId))[0] ?? syntheticMessageId(envelope.raw);
  const parentPlatformId = usableIds(messageIdsIn(headerValue(mail, 'in-reply-to')))[0];
  const threadRefs = usableIds(messageIdsIn(headerValue(mail, 'references'))).slice(-maxThreadRefs);
  const { reply } = splitQuotedHistory((mail.text ?? '').trim());
  addEvent(collector, 'message', {
    kind: 'message',
    ...accountFields(collector),
    platformMessageId,
    ...(parentPlatformId === undefined ? {} : { parentPlatformId }),
    ...(threadRefs.length === 0 ? {} : { threadRefs }),
    visibility: 'private',
    direction: 'inbound',
    author,
    text: boundedText(reply),
    ...(mail.subject === undefined || mail.subject.trim() === '' ? {} : { subject: mail.subject.trim().slice(0, 998) }),
    attachments: attachmentsOf(mail.attachments),
    sentAt: new Date(sentAt(mail, envelope.receivedAt)).toISOString(),
  });
}

function addBounceStatus(collector: ParseCollector, mail: ParsedMail, envelope: EmailEnvelope): void {
  const bounce = readBounce(mail, envelope.raw);
  if (bounce === undefined) return;
  addEvent(collector, 'delivery report', {
    kind: 'status', ...accountFields(collector), platformMessageId: bounce.failedMessageId, status: 'failed', error: bounce.reason,
    at: new Date(envelope.receivedAt).toISOString(),
  });
}

/** The customer: the From address (lower-cased, as their identity) and name; the envelope sender when From is missing. */
function authorOf(mail: ParsedMail, envelope: EmailEnvelope): InboundAuthor | undefined {
  const from = mail.from?.value.find((entry) => entry.address !== undefined && entry.address !== '');
  const address = (from?.address ?? (envelope.arrival.transport === 'smtp' ? envelope.arrival.mailFrom : null) ?? '').trim().toLowerCase();
  if (address === '' || address.length > 254) return undefined;
  const name = from?.name.trim().slice(0, 200);
  return { platformUserId: address, handle: address.slice(0, 200), email: address, ...(name === undefined || name === '' ? {} : { displayName: name }) };
}

/** The Date header when it is a real instant no later than arrival (a sender's clock running ahead does not reorder a thread). */
function sentAt(mail: ParsedMail, receivedAt: number): number {
  const header = mail.headers.get('date');
  const date = header instanceof Date ? header.getTime() : Number.NaN;
  return Number.isFinite(date) && date > 0 ? Math.min(date, receivedAt) : receivedAt;
}

/** Files the customer attached, as metadata only; images embedded in the HTML body (logos, signatures) are left out. */
function attachmentsOf(parts: readonly MailAttachment[]): Attachment[] {
  return parts
    .filter((part) => part.contentType !== 'message/delivery-status' && (part.related !== true || part.contentDisposition === 'attachment'))
    .slice(0, limits.attachmentsPerMessage)
    .map((part) => ({
      type: attachmentType(part.contentType),
      mimeType: part.contentType.slice(0, 120),
      sizeBytes: part.size,
      ...(part.filename === undefined ? {} : { name: part.filename.slice(0, 300) }),
    }));
}

function attachmentType(contentType: string): Attachment['type'] {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('video/')) return 'video';
  if (contentType.startsWith('audio/')) return 'audio';
  return 'file';
}

function headerValue(mail: ParsedMail, name: string): string | string[] | undefined {
  const value = mail.headers.get(name);
  return typeof value === 'string' || Array.isArray(value) ? (value as string[] | string) : undefined;
}

function usableIds(ids: readonly string[]): string[] {
  return ids.filter((id) => id.length <= maxIdLength);
}
