import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchAnalytics } from '../api/analytics.api';

/** The dashboards' figures; the previous range stays on screen while the next loads. */
export function useAnalytics(slug: string, range: { from: string; to: string; timeZone: string }) {
  return useQuery({
    queryKey: ['analytics', slug, range.from, range.to, range.timeZone],
    queryFn: ({ signal }) => fetchAnalytics(slug, range, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
