import type { z } from 'zod';
import { limits } from '../../common/limits.js';
import { AppError, type FieldProblem, type ErrorCode } from './app-error.js';

/** Throws one 4xx naming the first fields at fault (all of them, up to 100, in `errors`); nothing when there are none. */
export function rejectProblems(code: ErrorCode, problems: readonly FieldProblem[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 3).map((problem) => `${problem.path}: ${problem.message}`).join('; ');
  throw new AppError(code, problems.length > 3 ? `${shown}; and ${problems.length - 3} more` : shown, problems.slice(0, 100));
}

/**
 * Validates each item of a request against a schema; any invalid item rejects the whole request, naming each field at
 * fault by its path (`pathOf(index)` then the field's own path; an unknown key as `unknown field`).
 */
export function validateItems<T>(schema: z.ZodType<T>, raw: readonly unknown[], pathOf: (index: number) => string): T[] {
  const items: T[] = [];
  const problems: FieldProblem[] = [];
  raw.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) {
      items.push(result.data);
      return;
    }
    for (const issue of result.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const path = [pathOf(index), ...issue.path.map(String), key].filter((part) => part !== undefined && part !== '').join('.');
        problems.push({ path, message: key === undefined ? issue.message : 'unknown field' });
      }
    }
  });
  rejectProblems('VALIDATION_FAILED', problems);
  return items;
}

/**
 * Reads a batch body: one item object, or `{ <key>: [...] }` with nothing else, of 1 to the inbound batch limit items.
 * Returns the raw items and where each sits in the request (`body`, `body.<key>.3`).
 */
export function batchItems(body: unknown, key: string, noun: { one: string; many: string }): { raw: unknown[]; pathOf: (index: number) => string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('VALIDATION_FAILED', `Send one ${noun.one} object or { "${key}": [...] }`, [{ path: 'body', message: 'expected an object' }]);
  }
  if (!(key in body)) return { raw: [body], pathOf: () => 'body' };
  const { [key]: items, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new AppError('VALIDATION_FAILED', `Unknown field ${extra.join(', ')}`, extra.map((name) => ({ path: `body.${name}`, message: 'unknown field' })));
  if (!Array.isArray(items)) throw new AppError('VALIDATION_FAILED', `body.${key}: expected an array`, [{ path: `body.${key}`, message: 'expected an array' }]);
  checkBatchSize(items.length, key, noun.many);
  return { raw: items, pathOf: (index) => `body.${key}.${index}` };
}

/** A batch holds at least one item and at most the inbound batch limit. */
export function checkBatchSize(count: number, key: string, many: string): void {
  if (count === 0) throw new AppError('VALIDATION_FAILED', `The batch has no ${many}`, [{ path: `body.${key}`, message: 'must not be empty' }]);
  if (count > limits.inboundBatchEvents) {
    throw new AppError('VALIDATION_FAILED', `At most ${limits.inboundBatchEvents} ${many} per request`, [{ path: `body.${key}`, message: `too many ${many} (${count})` }]);
  }
}
