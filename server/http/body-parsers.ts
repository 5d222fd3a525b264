import secureJson from 'secure-json-parse';
import { limits } from '../../common/limits.js';
import { AppError } from './app-error.js';
import type { RapportApp } from './rapport-app.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a body as UTF-8, rejecting invalid byte sequences instead of silently replacing them. */
export function decodeUtf8(body: Buffer): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    throw new AppError('MALFORMED_BODY', 'The body is not valid UTF-8', [{ path: 'body', message: 'invalid UTF-8 byte sequence' }]);
  }
}

/** Parses one JSON document safely: no prototype poisoning, bounded nesting, a clear error with the position. */
export function parseJsonText(text: string, where = 'body'): unknown {
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw new AppError('MALFORMED_BODY', `The ${where} is not valid JSON: ${reason}`, [{ path: where, message: reason }]);
  }
  if (depthExceeds(value, limits.jsonDepth)) {
    throw new AppError('MALFORMED_BODY', `The ${where} is nested deeper than ${limits.jsonDepth} levels`, [{ path: where, message: `nested deeper than ${limits.jsonDepth} levels` }]);
  }
  return value;
}

function depthExceeds(value: unknown, remaining: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (remaining === 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return children.some((child) => depthExceeds(child, remaining - 1));
}

/** Replaces Fastify's JSON parser with a strict one and accepts NDJSON as raw text for batch endpoints. */
export function registerBodyParsers(app: RapportApp): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'application/problem+json'], { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    try {
      const text = decodeUtf8(body);
      done(null, text.trim() === '' ? undefined : parseJsonText(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    try {
      done(null, decodeUtf8(body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
