import type { Me } from '../../../api/types';
import { ApiError, apiRequest } from '../../../lib/http';

/** Who is signed in, or null when nobody is. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await apiRequest<Me>('GET', '/api/v1/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Signs in; the server sets the session cookie and answers like GET /me. */
export function logIn(email: string, password: string): Promise<Me> {
  return apiRequest<Me>('POST', '/api/v1/auth/login', { email, password });
}

/** Ends the session. */
export function logOut(): Promise<void> {
  return apiRequest<void>('POST', '/api/v1/auth/logout');
}
