import { storedTriageOf } from './triage.presenter.js';

/** What a conversation keeps of its newest inbound message's triage (its `sentiment_*`, `intent_*` and `has_personal_data` columns). */
export interface ConversationTriage {
  sentimentLabel: string;
  sentimentScore: number;
  /** The intent when the classifier decided one; null while it was unsure (`decided: false`). */
  intentLabel: string | null;
  intentConfidence: number | null;
  personalData: boolean;
}

const number = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const text = String.raw`"((?:[^"\\]|\\.)*)"`;
/**
 * The start of a message's metadata as ingest stores it: `{"triage":{…}` serialised by triage.enricher.ts (draftTriage), in
 * its field order. Reading these fields with one anchored expression costs a fraction of parsing the whole JSON, which
 * matters on the ingest path (every inbound message); anything else (another order, older metadata) is parsed in full.
 */
const storedTriageStart = new RegExp(String.raw`^\{"triage":\{"sentiment":\{"label":"([a-z]+)","score":(${number})\},"language":${text},"languageReliable":(?:true|false),`
  + String.raw`"intent":\{"label":${text},"confidence":(${number}),"decided":(true|false)\},"personalData":\[(\]?)`);

/** The conversation-level triage a message's metadata holds, from the fields' expected place; undefined when they are not there. */
export function conversationTriageFromStart(metadata: string): ConversationTriage | undefined {
  const match = storedTriageStart.exec(metadata);
  if (match === null) return undefined;
  const [, sentimentLabel = '', score = '', , label = '', confidence = '', decided, personalDataEnd] = match;
  const intentLabel = label.includes('\\') ? JSON.parse(`"${label}"`) as string : label;
  return {
    sentimentLabel, sentimentScore: Number(score),
    intentLabel: decided === 'true' ? intentLabel : null, intentConfidence: decided === 'true' ? Number(confidence) : null,
    personalData: personalDataEnd !== ']',
  };
}

/** The conversation-level triage of a message's metadata JSON; undefined when the message has no triage (outbound, or stored untriaged). */
export function conversationTriageOf(metadata: string): ConversationTriage | undefined {
  const fast = conversationTriageFromStart(metadata);
  if (fast !== undefined) return fast;
  const triage = storedTriageOf(metadata);
  if (triage === undefined) return undefined;
  return {
    sentimentLabel: triage.sentiment.label, sentimentScore: triage.sentiment.score,
    intentLabel: triage.intent.decided ? triage.intent.label : null, intentConfidence: triage.intent.decided ? triage.intent.confidence : null,
    personalData: triage.personalData.length > 0,
  };
}
