import type { InboundEvent } from '../../../common/inbound.js';
import type { ChannelAccountRow } from '../../infra/db/schema.js';

/** What a saved query follows: the account's mentions timeline, or a recent search. */
export type ListeningKind = 'mentions' | 'search';

/** One page to fetch: the query, the newest id already committed, and the page token of a walk in progress. */
export interface ListeningPageRequest {
  account: ChannelAccountRow;
  kind: ListeningKind;
  query: string;
  sinceId: string | null;
  pageToken: string | undefined;
}

/** One fetched page: its exact text (kept as the ingest receipt), its events, and where the walk goes on. */
export interface ListeningPage {
  payload: string;
  events: InboundEvent[];
  /** The newest id on the page (on the first page of a walk: the newest of the whole walk). */
  newestId: string | undefined;
  /** The token of the next (older) page; absent on the last one. */
  nextToken: string | undefined;
}

/**
 * A platform's pull API for listening (X: mentions timeline and recent search). `fetchPage` throws JobError: with
 * retryAfterMs for a rate limit, permanent for refused credentials or a query the platform rejects (after showing a
 * credential problem in the account's health), plain for a transient failure.
 */
export interface ListeningSource {
  readonly platform: string;
  fetchPage(request: ListeningPageRequest): Promise<ListeningPage>;
}
