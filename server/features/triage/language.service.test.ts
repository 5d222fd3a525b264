import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.service.js';
import { tokenize } from './text.tokenizer.js';
import { triageMessage } from './triage.service.js';
import { loadDefaultModels } from './triage.models.js';

const detect = (text: string) => detectLanguage(text, tokenize(text));

describe('language', () => {
  it('identifies common languages reliably on sentence-length text', () => {
    expect(detect('@united my flight was cancelled and I have been on hold for an hour')).toEqual({ language: 'en', reliable: true });
    expect(detect('Mi vuelo fue cancelado otra vez y nadie me da una respuesta')).toEqual({ language: 'es', reliable: true });
    expect(detect('Ich warte seit drei Stunden auf meinen Koffer und niemand hilft mir')).toEqual({ language: 'de', reliable: true });
    expect(detect("Merci beaucoup pour votre aide, c'est très gentil")).toEqual({ language: 'fr', reliable: true });
  });

  it('names scripts it can read directly', () => {
    expect(detect('航班又被取消了，太糟糕了').language).toBe('zh');
    expect(detect('フライトがまたキャンセルされました').language).toBe('ja');
    expect(detect('비행기가 또 취소되었습니다').language).toBe('ko');
  });

  it('marks very short text unreliable instead of guessing', () => {
    expect(detect('ok').reliable).toBe(false);
    expect(detect('@united 👍').language).toBe('und');
  });

  it('flags non-English text in triage and does not score it with the English lexicon', () => {
    const triage = triageMessage({ text: 'Il volo è stato cancellato di nuovo, che vergogna, non è accettabile' }, loadDefaultModels());
    expect(triage.language).toBe('it');
    expect(triage.languageReliable).toBe(true);
    expect(triage.sentiment.label).toBe('neutral');
    expect(triage.intent.decided).toBe(false);
  });
});
