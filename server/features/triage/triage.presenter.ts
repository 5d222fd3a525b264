import type { CustomerValue } from './customer-value.schemas.js';
import type { TriageModelSummaryRow } from './triage-model.repo.js';
import type { StoredTriage } from './triage.enricher.js';
import { personalDataReply } from './personal-data.service.js';
import type { MessageTriageView, ModelView } from './triage.schemas.js';
import type { PersonalDataKind } from './triage.types.js';
import type { StoredVirality } from './virality.js';

/** What a message's metadata may hold from triage. */
interface TriageMetadata {
  triage?: StoredTriage;
  sealedOriginal?: string;
  /** Written by ingest when the workspace's customer-value rule matched the author (see ingest-value.ts). */
  customerValue?: CustomerValue;
  /** Written by ingest on public customer messages (see ingest-virality.ts). */
  virality?: StoredVirality;
}

/** Reads the triage part of a message's metadata JSON (undefined for outbound and older messages). */
export function storedTriageOf(metadata: string): StoredTriage | undefined {
  if (!metadata.includes('"triage"')) return undefined;
  const parsed = JSON.parse(metadata) as TriageMetadata;
  if (typeof parsed.triage !== 'object' || parsed.triage === null) return undefined;
  if (parsed.customerValue === undefined && parsed.virality === undefined) return parsed.triage;
  return { ...parsed.triage, customerValue: parsed.customerValue, virality: parsed.virality };
}

/** The sealed original text of a masked message, if there is one. */
export function sealedOriginalOf(metadata: string): string | undefined {
  if (!metadata.includes('"sealedOriginal"')) return undefined;
  const sealed = (JSON.parse(metadata) as TriageMetadata).sealedOriginal;
  return typeof sealed === 'string' ? sealed : undefined;
}

/** The distinct kinds of personal data found, in order of first appearance. */
export function personalDataKindsOf(triage: StoredTriage | undefined): PersonalDataKind[] {
  return triage === undefined ? [] : [...new Set(triage.personalData.map((span) => span.kind))];
}

/** The triage part of a message view. */
export function presentMessageTriage(triage: StoredTriage | undefined): MessageTriageView | null {
  if (triage === undefined) return null;
  return {
    sentiment: triage.sentiment,
    intent: triage.intent,
    language: triage.language,
    languageReliable: triage.languageReliable,
    personalData: personalDataKindsOf(triage),
    personalDataMasked: triage.masked,
    urgency: triage.urgency,
    influence: triage.influence,
    customerValue: triage.customerValue ?? null,
    virality: triage.virality?.score ?? null,
    viralityReason: viralityReasonOf(triage.virality),
    spam: triage.spam,
  };
}

/** Why virality raised a message's priority: the thread's growth and the message's counters; null when it did not. */
function viralityReasonOf(virality: StoredVirality | undefined): MessageTriageView['viralityReason'] {
  if (virality?.raisedTo === undefined) return null;
  const { raisedTo, recentMessages, perHour, reposts = 0, replies = 0, likes = 0 } = virality;
  return { raisedTo, recentMessages, perHour, reposts, replies, likes };
}

/** The ready "please don't post this publicly" reply for personal data posted in a public message, else null. */
export function suggestedReplyOf(triage: StoredTriage | undefined, visibility: string): string | null {
  if (triage === undefined || visibility !== 'public' || triage.personalData.length === 0) return null;
  return personalDataReply(triage.personalData);
}

/** Provenance of a stored model as its `trained_on` JSON holds it. */
interface StoredProvenance {
  source?: string;
  rows?: number;
  labels?: Record<string, number>;
  metrics?: { accuracy: number; macroF1: number; folds: number };
  trainingSeconds?: number;
}

/** The API view of a stored model version. */
export function presentModel(row: TriageModelSummaryRow): ModelView {
  const trainedOn = JSON.parse(row.trained_on) as StoredProvenance;
  return {
    id: row.id,
    target: row.target === 'sentiment' ? 'sentiment' : 'intent',
    version: Number(row.version),
    active: Number(row.active) === 1,
    trainedAt: new Date(Number(row.trained_at)).toISOString(),
    trainedOn: {
      source: trainedOn.source ?? 'unknown',
      rows: trainedOn.rows ?? 0,
      labels: trainedOn.labels ?? {},
      metrics: trainedOn.metrics ?? null,
      trainingSeconds: trainedOn.trainingSeconds ?? null,
    },
    createdBy: row.created_by,
  };
}
