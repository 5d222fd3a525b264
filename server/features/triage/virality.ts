/** Virality from which a message raises its conversation to high, and (with negative sentiment) to urgent. */
export const viralityThresholds = { high: 0.6, urgent: 0.85 } as const;

/** A message's platform counters at the time of the event (common/inbound.ts `metrics`). */
export interface ViralityCounters {
  reposts?: number | undefined;
  replies?: number | undefined;
  likes?: number | undefined;
}

/** What ingest stores on a public customer message under `metadata.virality` (the triage view shows it). */
export interface StoredVirality {
  /** 0..1, from the counters and the thread's growth. */
  score: number;
  /** Customer messages (other authors) the thread gained in the hour before this one, some of them estimated. */
  recentMessages: number;
  /** The thread's growth: customer messages per hour, over the last hour or its age when younger. */
  perHour: number;
  /** The priority virality raised the conversation to; with the counters it read. Absent when it raised nothing. */
  raisedTo?: 'high' | 'urgent';
  reposts?: number;
  replies?: number;
  likes?: number;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Reach of the message itself in 0..1, log-scaled: reposts spread it and replies show a crowd, likes count a tenth.
 * About 30 reposts give 0.4, 150 give 0.6 and 1,000 give 0.85.
 */
export function scoreCounters(counters: ViralityCounters | undefined): number {
  if (counters === undefined) return 0;
  const weighted = Math.max(0, counters.reposts ?? 0) + Math.max(0, counters.replies ?? 0) + Math.max(0, counters.likes ?? 0) / 10;
  return round(Math.min(1, Math.log10(1 + weighted) / 3.5));
}

/** How fast a thread grows in 0..1, log-scaled: 4 customer messages an hour give 0.4, 20 give 0.74, 60 or more give 1. */
export function scoreGrowth(perHour: number): number {
  return round(Math.min(1, Math.log10(1 + Math.max(0, perHour)) / Math.log10(61)));
}

/** Virality in 0..1: high when either the message's own counters or its thread's growth is. */
export function scoreVirality(counters: ViralityCounters | undefined, perHour: number): number {
  return round(1 - (1 - scoreCounters(counters)) * (1 - scoreGrowth(perHour)));
}

/** The priority a message's virality raises its conversation to: high from 0.6, urgent from 0.85 when the message is negative. */
export function viralityPriority(score: number, negative: boolean): 'high' | 'urgent' | undefined {
  if (score >= viralityThresholds.urgent && negative) return 'urgent';
  return score >= viralityThresholds.high ? 'high' : undefined;
}
