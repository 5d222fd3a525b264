import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths that may carry secrets; pino replaces their values before anything is written. */
const redactPaths = [
  'password', '*.password', 'token', '*.token', 'secret', '*.secret', 'credentials', '*.credentials',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie',
];

/** Creates the process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: string, name = 'rapport'): Logger {
  return pino({ name, level, redact: { paths: redactPaths, censor: '[redacted]' } });
}
