import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import type { Metrics } from '../infra/metrics.js';
import type { Logger } from '../infra/logger.js';
import { AppError, type ErrorCode, type FieldProblem } from './app-error.js';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldProblem[];
}

const titles: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  MALFORMED_BODY: 'The request body cannot be read',
  BODY_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Not allowed',
  CSRF_FAILED: 'Missing or wrong CSRF token',
  NOT_FOUND: 'Not found',
  DUPLICATE: 'Already exists',
  CONFLICT: 'Conflict',
  RATE_LIMITED: 'Too many requests',
  UNAVAILABLE: 'Temporarily unavailable',
  INTERNAL: 'Internal error',
};

/** Builds the problem document for an error code. */
export function problemOf(error: AppError, instance?: string): Problem {
  return {
    type: `urn:rapport:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[error.code],
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(instance === undefined ? {} : { instance }),
    ...(error.fields.length > 0 ? { errors: error.fields } : {}),
  };
}

/** Turns any thrown error into an AppError; unknown errors become INTERNAL and keep no internals. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return new AppError('VALIDATION_FAILED', summarise(fieldsOfZod(error, '')), fieldsOfZod(error, ''));
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const issues = error.validation as unknown as Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }>;
    const fields = issues.flatMap((issue) => fieldsOfIssue(context, issue.instancePath, issue.keyword, issue.message ?? 'invalid', issue.params));
    return new AppError('VALIDATION_FAILED', summarise(fields), fields);
  }
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', fastifyError.message ?? 'The request body is too large', [{ path: 'body', message: 'larger than the configured limit' }]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (application/json) or NDJSON (application/x-ndjson)', [{ path: 'headers.content-type', message: 'unsupported content type' }]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('MALFORMED_BODY', fastifyError.message ?? 'The request body cannot be read', [{ path: 'body', message: 'cannot be read' }]);
    case 'FST_ERR_RATE_LIMIT_EXCEEDED':
      return new AppError('RATE_LIMITED', 'Too many requests; slow down and retry after the Retry-After delay');
    default:
      break;
  }
  if (fastifyError.statusCode === 429) return new AppError('RATE_LIMITED', fastifyError.message ?? 'Too many requests');
  if (fastifyError.statusCode === 404) return new AppError('NOT_FOUND', 'Route not found');
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError('MALFORMED_BODY', fastifyError.message ?? 'Bad request');
  }
  return new AppError('INTERNAL', 'Something went wrong on our side; it has been logged');
}

function fieldsOfZod(error: ZodError, prefix: string): FieldProblem[] {
  return error.issues.flatMap((issue) => fieldsOfIssue(prefix, `/${issue.path.join('/')}`, issue.code, issue.message, issue as unknown as Record<string, unknown>));
}

function fieldsOfIssue(context: string, instancePath: string, code: string, message: string, params: Record<string, unknown>): FieldProblem[] {
  const base = [context, ...instancePath.split('/').filter(Boolean)].filter(Boolean).join('.');
  if (code === 'unrecognized_keys' && Array.isArray(params.keys)) {
    return (params.keys as string[]).map((key) => ({ path: [base, key].filter(Boolean).join('.'), message: 'unknown field' }));
  }
  return [{ path: base, message }];
}

function summarise(fields: FieldProblem[]): string {
  const shown = fields.slice(0, 3).map((field) => `${field.path || 'value'}: ${field.message}`).join('; ');
  return fields.length > 3 ? `${shown}; and ${fields.length - 3} more` : shown;
}

/** Fastify's error handler: every failure leaves as problem+json; unexpected ones are logged with their stack. */
export function createErrorHandler(logger: Logger, metrics: Metrics) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') {
      metrics.errors.inc({ kind: 'http' });
      logger.error({ err: error, reqId: request.id, url: request.routeOptions.url }, 'unhandled error');
    }
    return sendProblem(reply, appError, request.url);
  };
}

/** Sends an error as problem+json. */
export function sendProblem(reply: FastifyReply, error: AppError, instance?: string) {
  const retryAfter = reply.getHeader('retry-after');
  return reply.status(error.status).type('application/problem+json').header('retry-after', retryAfter).send(problemOf(error, instance?.split('?')[0]));
}
