import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { limits } from '../common/limits.js';
import type { ChannelConfig } from './features/channels/channel.config.js';

const roleNames = ['web', 'worker'] as const;
/** A part of the server a process runs: the HTTP/websocket front or the background worker. */
export type ProcessRole = (typeof roleNames)[number];

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  RAPPORT_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  REDIS_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^rediss?$/ }).optional()),
  RAPPORT_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'use letters, digits, dot, dash or underscore').default('rapport'),
  RAPPORT_SECRET_KEY: z.preprocess(emptyToUndefined, z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)').optional()),
  RAPPORT_BODY_LIMIT: z.coerce.number().int().min(1024).default(limits.defaultBodyBytes),
  RAPPORT_REOPEN_WINDOW_HOURS: z.coerce.number().min(0).default(72),
  RAPPORT_RECEIPT_RETENTION_DAYS: z.coerce.number().positive().default(30),
  RAPPORT_TRIAGE_THREADS: z.preprocess(emptyToUndefined, z.union([z.literal('auto'), z.coerce.number().int().min(0).max(64)]).default('auto')),
  RAPPORT_ROLES: z.string().default('web,worker'),
  RAPPORT_PUBLIC_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  RAPPORT_SECURE_COOKIES: z.enum(['true', 'false', 'auto']).default('auto'),
  RAPPORT_SESSION_HOURS: z.coerce.number().positive().default(12),
  RAPPORT_DEMO: z.enum(['true', 'false']).default('true'),
  RAPPORT_DEMO_TRAFFIC: z.enum(['on', 'off']).default('on'),
  RAPPORT_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  RAPPORT_META_GRAPH_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com')),
  RAPPORT_META_GRAPH_VERSION: z.preprocess(emptyToUndefined, z.string().regex(/^v\d+\.\d+$/, 'must look like v25.0').default('v25.0')),
  RAPPORT_X_API_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default('https://api.x.com')),
  RAPPORT_X_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
  RAPPORT_X_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().max(500).optional()),
  RAPPORT_LINE_API_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default('https://api.line.me')),
  RAPPORT_TELEGRAM_API_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default('https://api.telegram.org')),
  RAPPORT_SMTP_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65_535).optional()),
  RAPPORT_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  RAPPORT_SMTP_ALLOWED_CLIENTS: z.string().default(''),
  RAPPORT_SMTP_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1_048_576),
  RAPPORT_CHANNEL_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(120_000).default(15_000)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Typed configuration of one Rapport process. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
  redisPrefix: string;
  /** 32-byte key that encrypts channel credentials and personal data at rest; undefined means "use the key file in dataDir". */
  secretKey: string | undefined;
  bodyLimit: number;
  reopenWindowMs: number;
  /** How long the raw payload of a processed receipt is kept (the receipt row itself stays, for idempotency). */
  receiptRetentionMs: number;
  /** Worker threads that triage inbound messages off the write thread; 0 triages in the write thread. */
  triageThreads: number;
  roles: ProcessRole[];
  publicUrl: string | undefined;
  secureCookies: 'true' | 'false' | 'auto';
  sessionMs: number;
  seedDemo: boolean;
  /** Whether the live demo plays simulated customer traffic through the webhook endpoints. */
  demoTraffic: boolean;
  trustProxy: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Where the platforms' APIs are (the real ones, or the fakes in tests and the demo). */
  channels: ChannelConfig;
}

/** Thrown when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates configuration from environment variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.RAPPORT_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.RAPPORT_REDIS_PREFIX,
    secretKey: e.RAPPORT_SECRET_KEY,
    bodyLimit: e.RAPPORT_BODY_LIMIT,
    reopenWindowMs: e.RAPPORT_REOPEN_WINDOW_HOURS * 3_600_000,
    receiptRetentionMs: e.RAPPORT_RECEIPT_RETENTION_DAYS * 86_400_000,
    // One core stays with the thread that writes the database.
    triageThreads: e.RAPPORT_TRIAGE_THREADS === 'auto' ? Math.max(1, os.availableParallelism() - 1) : e.RAPPORT_TRIAGE_THREADS,
    roles: parseRoles(e.RAPPORT_ROLES),
    publicUrl: e.RAPPORT_PUBLIC_URL,
    secureCookies: e.RAPPORT_SECURE_COOKIES,
    sessionMs: e.RAPPORT_SESSION_HOURS * 3_600_000,
    seedDemo: e.RAPPORT_DEMO === 'true',
    demoTraffic: e.RAPPORT_DEMO_TRAFFIC === 'on',
    trustProxy: e.RAPPORT_TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    channels: {
      meta: { graphUrl: e.RAPPORT_META_GRAPH_URL.replace(/\/+$/, ''), graphVersion: e.RAPPORT_META_GRAPH_VERSION },
      x: { apiUrl: e.RAPPORT_X_API_URL.replace(/\/+$/, ''), clientId: e.RAPPORT_X_CLIENT_ID, clientSecret: e.RAPPORT_X_CLIENT_SECRET },
      line: { apiUrl: e.RAPPORT_LINE_API_URL.replace(/\/+$/, '') },
      telegram: { apiUrl: e.RAPPORT_TELEGRAM_API_URL.replace(/\/+$/, '') },
      smtp: {
        port: e.RAPPORT_SMTP_PORT, host: e.RAPPORT_SMTP_HOST, maxBytes: e.RAPPORT_SMTP_MAX_BYTES,
        allowedClients: e.RAPPORT_SMTP_ALLOWED_CLIENTS.split(',').map((ip) => ip.trim()).filter(Boolean),
      },
      timeoutMs: e.RAPPORT_CHANNEL_TIMEOUT_MS,
    },
  };
}

/** Parses a comma-separated role list such as "web,worker". */
export function parseRoles(value: string): ProcessRole[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(roleNames as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigError(`Invalid roles "${value}": use a comma-separated list of ${roleNames.join(', ')}`);
  }
  return [...new Set(names)] as ProcessRole[];
}
