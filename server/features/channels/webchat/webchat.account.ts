import { AppError, type FieldProblem } from '../../../http/app-error.js';

/** The credential of a web chat account: the secret the brand's server signs visitors' user ids with (HMAC-SHA256). */
export const identitySecretKey = 'identitySecret';
/** Shorter secrets are refused: the HMAC is only as strong as the secret. */
export const minIdentitySecretChars = 16;

/**
 * Checks the web chat parts of an account's creation or change: a web chat account needs its allowed origins (when
 * created) and takes only an `identitySecret` credential of at least 16 characters; other channels take no origins.
 * Returns the origins to store, if any.
 */
export function checkWebchatAccountInput(channel: string, input: { allowedOrigins?: string[] | undefined; credentials?: Record<string, string> | undefined }, creating: boolean): string[] | undefined {
  const problems: FieldProblem[] = [];
  if (channel !== 'webchat') {
    if (input.allowedOrigins !== undefined) problems.push({ path: 'body.allowedOrigins', message: 'only web chat accounts have allowed origins' });
  } else {
    if (creating && input.allowedOrigins === undefined) {
      problems.push({ path: 'body.allowedOrigins', message: 'a web chat account needs the origins of the sites that embed its widget, e.g. ["https://www.acme.example"]' });
    }
    for (const [key, value] of Object.entries(input.credentials ?? {})) {
      if (key !== identitySecretKey) problems.push({ path: `body.credentials.${key}`, message: `a web chat account takes only "${identitySecretKey}"` });
      else if (value.length < minIdentitySecretChars) problems.push({ path: `body.credentials.${key}`, message: `use at least ${minIdentitySecretChars} characters (e.g. openssl rand -hex 32)` });
    }
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '), problems);
  return input.allowedOrigins;
}
