import { z } from 'zod';

/** Receipt sources of email: `email:smtp` for mail delivered to Rapport's listener, `email:imap` for mail fetched from a mailbox. */
export const emailSources = { smtp: 'email:smtp', imap: 'email:imap' } as const;

/** How a message reached Rapport, kept beside its raw bytes in the receipt. */
export type EmailArrival =
  | { transport: 'smtp'; mailFrom: string | null; rcptTo: string[]; remoteAddress: string | null }
  | { transport: 'imap'; mailbox: string; uidValidity: string; uid: number };

/** What an email receipt holds: the raw message exactly as received, how it came, and when. */
export interface EmailEnvelope {
  arrival: EmailArrival;
  receivedAt: number;
  /** Set when the message was recognised as an auto-reply or a bounce: recorded, never a new conversation. */
  automated?: string;
  raw: Buffer;
}

const arrival = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('smtp'), mailFrom: z.string().nullable(), rcptTo: z.array(z.string()), remoteAddress: z.string().nullable() }),
  z.object({ transport: z.literal('imap'), mailbox: z.string(), uidValidity: z.string(), uid: z.number().int() }),
]);

const storedEnvelope = z.object({
  version: z.literal(1),
  arrival,
  receivedAt: z.number(),
  automated: z.string().optional(),
  /** The message as text when its bytes are valid UTF-8 (all 7-bit mail is); otherwise `rawBase64`. */
  raw: z.string().optional(),
  rawBase64: z.string().optional(),
});

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Serialises an envelope for the receipt's payload column; the raw bytes survive exactly, 8-bit charsets included. */
export function encodeEnvelope(envelope: EmailEnvelope): string {
  let text: string | undefined;
  try {
    text = strictUtf8.decode(envelope.raw);
  } catch {
    text = undefined;
  }
  const { raw, ...rest } = envelope;
  return JSON.stringify({ version: 1, ...rest, ...(text === undefined ? { rawBase64: raw.toString('base64') } : { raw: text }) });
}

/** Reads an envelope back from a receipt's payload. */
export function decodeEnvelope(payload: string): EmailEnvelope {
  const stored = storedEnvelope.parse(JSON.parse(payload));
  const raw = stored.raw !== undefined ? Buffer.from(stored.raw, 'utf8') : Buffer.from(stored.rawBase64 ?? '', 'base64');
  return { arrival: stored.arrival, receivedAt: stored.receivedAt, ...(stored.automated === undefined ? {} : { automated: stored.automated }), raw };
}
