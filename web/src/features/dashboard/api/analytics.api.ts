import type { Analytics } from '../../../api/types';
import { apiRequest, queryString } from '../../../lib/http';
import { workspaceApi } from '../../workspace/api/directory.api';

/** The dashboards' figures for a range in a time zone. */
export function fetchAnalytics(slug: string, range: { from: string; to: string; timeZone: string }, signal?: AbortSignal): Promise<Analytics> {
  return apiRequest('GET', `${workspaceApi(slug)}/analytics${queryString(range)}`, undefined, signal);
}
