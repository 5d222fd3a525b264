import { z } from 'zod';
import type { ChannelAccountRow } from '../../../infra/db/schema.js';
import type { ChannelCredentials } from '../channel.port.js';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const port = z.coerce.number().int().min(1).max(65_535);
const optionalText = z.string().trim().min(1).max(1000).optional();

const smtpCredentials = z.object({
  smtpHost: z.string().trim().min(1).max(255),
  smtpPort: port.optional(),
  smtpSecure: flag.optional(),
  smtpRequireTls: flag.optional(),
  smtpUser: optionalText,
  smtpPassword: optionalText,
  fromAddress: z.email().max(254).optional(),
  fromName: z.string().trim().min(1).max(200).optional(),
});

const imapCredentials = z.object({
  imapHost: z.string().trim().min(1).max(255),
  imapPort: port.optional(),
  imapSecure: flag.optional(),
  imapUser: z.string().trim().min(1).max(1000),
  imapPassword: z.string().min(1).max(1000),
  imapMailbox: z.string().trim().min(1).max(500).optional(),
  imapPollSeconds: z.coerce.number().int().min(1).max(86_400).optional(),
});

/** How Rapport sends an account's replies: its outgoing SMTP server and the From address. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send when the server does not offer STARTTLS. */
  requireTls: boolean;
  auth: { user: string; pass: string } | undefined;
  fromAddress: string;
  fromName: string;
}

/** Where Rapport polls an account's mailbox over IMAP, and how often. */
export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  pollIntervalMs: number;
}

/** Poll a mailbox once a minute unless the account says otherwise. */
export const defaultPollSeconds = 60;

/**
 * Reads the outgoing side of an email account's credentials: `smtpHost`, `smtpPort` (465 when `smtpSecure` is "true",
 * else 587), `smtpSecure`, `smtpRequireTls`, `smtpUser`, `smtpPassword`, `fromAddress` (default: the account's handle)
 * and `fromName` (default: the account's name). Undefined when `smtpHost` is missing; throws on a malformed value.
 */
export function readSmtpSettings(account: Pick<ChannelAccountRow, 'handle' | 'name'>, credentials: ChannelCredentials): SmtpSettings | undefined {
  if (credentials.smtpHost === undefined || credentials.smtpHost === '') return undefined;
  const parsed = smtpCredentials.parse(credentials);
  const secure = parsed.smtpSecure ?? false;
  return {
    host: parsed.smtpHost,
    port: parsed.smtpPort ?? (secure ? 465 : 587),
    secure,
    requireTls: parsed.smtpRequireTls ?? false,
    auth: parsed.smtpUser === undefined ? undefined : { user: parsed.smtpUser, pass: parsed.smtpPassword ?? '' },
    fromAddress: parsed.fromAddress ?? account.handle,
    fromName: parsed.fromName ?? account.name,
  };
}

/**
 * Reads the polling side of an email account's credentials: `imapHost`, `imapPort` (993 when `imapSecure` is not
 * "false", else 143), `imapSecure` (default "true"), `imapUser`, `imapPassword`, `imapMailbox` (default INBOX) and
 * `imapPollSeconds` (default 60). Undefined when `imapHost` is missing; throws on a malformed value.
 */
export function readImapSettings(credentials: ChannelCredentials): ImapSettings | undefined {
  if (credentials.imapHost === undefined || credentials.imapHost === '') return undefined;
  const parsed = imapCredentials.parse(credentials);
  const secure = parsed.imapSecure ?? true;
  return {
    host: parsed.imapHost,
    port: parsed.imapPort ?? (secure ? 993 : 143),
    secure,
    user: parsed.imapUser,
    password: parsed.imapPassword,
    mailbox: parsed.imapMailbox ?? 'INBOX',
    pollIntervalMs: (parsed.imapPollSeconds ?? defaultPollSeconds) * 1000,
  };
}

/** The zod issues of a malformed credential, as one line for the account's health. */
export function describeCredentialError(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}
