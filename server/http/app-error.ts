/** Error codes the API can answer with; each feature adds its own here so the catalogue stays in one place. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_BODY'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CSRF_FAILED'
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** One field at fault, named by its path in the request (e.g. `body.events.3.text`). */
export interface FieldProblem {
  path: string;
  message: string;
  /** The rule it breaks, when one of Rapport's named rules does (e.g. `x.replyChars.public` of common/channel-rules.ts). */
  rule?: string;
}

const statusOf: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 422,
  MALFORMED_BODY: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  DUPLICATE: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** An expected failure: carries its code, HTTP status and a message safe to show the caller. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;

  constructor(readonly code: ErrorCode, message: string, readonly fields: FieldProblem[] = []) {
    super(message);
    this.status = statusOf[code];
  }
}

/** The 404 every lookup outside the caller's workspace gets, so existence never leaks. */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}
