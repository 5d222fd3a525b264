import type { Problem } from '../api/types';

/** The CSRF header every state-changing request of a browser session carries. */
const csrfHeader = 'x-csrf-token';
let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

/** Remembers the session's CSRF token (from the login response or GET /me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Calls back when the server says the session is gone, so the app can show the login page. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** An API error: the problem document's code, message (safe to show) and field problems. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(readonly status: number, readonly code: string, message: string, readonly fields: Array<{ path: string; message: string }> = []) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Calls the Rapport API with the session cookie; sends the CSRF header on every state change; throws ApiError. */
export async function apiRequest<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers[csrfHeader] = csrfToken;
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', ...(signal === undefined ? {} : { signal }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) throw toApiError(response.status, json, path);
  return json as T;
}

function toApiError(status: number, json: unknown, path: string): ApiError {
  const problem = (typeof json === 'object' && json !== null ? json : {}) as Problem;
  if (status === 401 && !path.endsWith('/auth/login')) for (const listener of unauthenticatedListeners) listener();
  return new ApiError(status, problem.code ?? `HTTP_${status}`, problem.detail ?? problem.title ?? `The server answered ${status}`, problem.errors ?? []);
}

/** A query string from defined, non-empty values. */
export function queryString(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The message of any error, for showing it. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}
