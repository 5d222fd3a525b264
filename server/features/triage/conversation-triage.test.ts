import { describe, expect, it } from 'vitest';
import { careIntents } from '../../../common/triage.js';
import { conversationTriageFromStart, conversationTriageOf } from './conversation-triage.js';
import { sealDraft, draftTriage, type StoredTriage } from './triage.enricher.js';
import { loadDefaultModels } from './triage.models.js';
import type { WorkspaceModels } from './triage-model.cache.js';
import type { SecretBox } from '../../infra/secret-box.js';

const workspace = { models: loadDefaultModels(), versions: { intent: null, sentiment: null } } as unknown as WorkspaceModels;
const secrets = { seal: (text: string) => `sealed:${text.length}` } as unknown as SecretBox;

/** Metadata exactly as ingest stores it for an inbound message: triage's JSON, then the platform's facts. */
function storedMetadata(text: string, visibility: 'public' | 'private' = 'public'): string {
  const enrichment = sealDraft(draftTriage({ text, visibility, author: { followers: 120 } }, workspace), text, secrets);
  return `${(enrichment.metadata ?? '{}').slice(0, -1)},"metrics":{"likes":2}}`;
}

function fullParse(metadata: string) {
  const triage = (JSON.parse(metadata) as { triage: StoredTriage }).triage;
  return {
    sentimentLabel: triage.sentiment.label, sentimentScore: triage.sentiment.score,
    intentLabel: triage.intent.decided ? triage.intent.label : null, intentConfidence: triage.intent.decided ? triage.intent.confidence : null,
    personalData: triage.personalData.length > 0,
  };
}

describe('conversation triage from a message\'s metadata', () => {
  const texts = [
    'You charged me twice and I want a refund now, this is terrible',
    'Thank you so much, the crew were wonderful!',
    'ok',
    'my card 4539 1488 0343 6467 was charged twice, mail me at jane@example.com',
    'Is there wifi on board?',
    '¿Dónde está mi maleta? 😡 "urgente"',
  ];

  it('reads what triage stores without parsing the whole JSON, with the same result as parsing it', () => {
    for (const text of texts) {
      for (const visibility of ['public', 'private'] as const) {
        const metadata = storedMetadata(text, visibility);
        // The fast path must recognise what the enricher writes today: if triage's JSON changes shape, update the expression.
        expect(conversationTriageFromStart(metadata), text).toEqual(fullParse(metadata));
        expect(conversationTriageOf(metadata)).toEqual(fullParse(metadata));
      }
    }
  });

  it('falls back to parsing JSON in another field order, and unescapes intent labels', () => {
    const triage = {
      intent: { decided: true, confidence: 0.8, label: 'billing "dispute"' }, sentiment: { score: -0.25, label: 'negative' },
      personalData: [{ kind: 'phone', start: 0, end: 5 }],
    };
    const reordered = JSON.stringify({ subject: 'Hi', triage });
    expect(conversationTriageFromStart(reordered)).toBeUndefined();
    expect(conversationTriageOf(reordered)).toEqual({ sentimentLabel: 'negative', sentimentScore: -0.25, intentLabel: 'billing "dispute"', intentConfidence: 0.8, personalData: true });

    const escaped = storedMetadata('Thank you so much!').replace(/"intent":\{"label":"[^"]*"/, '"intent":{"label":"a \\"quoted\\" label"');
    expect(conversationTriageFromStart(escaped)?.intentLabel).toBe('a "quoted" label');
  });

  it('finds no triage in an outbound or untriaged message', () => {
    expect(conversationTriageOf('{}')).toBeUndefined();
    expect(conversationTriageOf('{"metrics":{"likes":1},"subject":"triage"}')).toBeUndefined();
  });

  it('leaves the intent out while the classifier is unsure', () => {
    const unsure = storedMetadata('Thank you so much!').replace('"decided":true', '"decided":false');
    expect(conversationTriageOf(unsure)).toMatchObject({ intentLabel: null, intentConfidence: null });
  });

  it('offers the shipped intent model\'s intents as inbox filters', () => {
    expect([...careIntents].sort()).toEqual([...loadDefaultModels().intent.classes].sort());
  });
});
