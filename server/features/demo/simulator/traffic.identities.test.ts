import { describe, expect, it } from 'vitest';
import { personaAt, personaCount } from './traffic-personas.data.js';
import { personaByPlatformId, personaIds } from './traffic.identities.js';

describe('the demo\'s customers', () => {
  const everyone = Array.from({ length: personaCount }, (_, index) => personaAt(index));

  it('are all different people, with X-sized handles and their own ids on every platform', () => {
    expect(personaCount).toBeGreaterThan(1_000);
    expect(new Set(everyone.map((persona) => persona.name)).size).toBe(personaCount);
    expect(new Set(everyone.map((persona) => persona.handle)).size).toBe(personaCount);
    expect(everyone.every((persona) => /^\w{1,15}$/.test(persona.handle))).toBe(true);
    for (const key of ['psid', 'igsid', 'waId', 'lineUserId', 'telegramId', 'xUserId'] as const) {
      expect(new Set(everyone.map((persona) => personaIds(persona)[key])).size, key).toBe(personaCount);
    }
  });

  it('have ids shaped like the platforms\' own', () => {
    const ids = personaIds(personaAt(personaCount - 1));
    expect(ids.psid).toMatch(/^\d{16}$/);
    expect(ids.waId).toMatch(/^\d{12}$/);
    expect(ids.lineUserId).toMatch(/^U[0-9a-f]{32}$/);
    expect(Number(ids.xUserId)).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  it('are found again by any of their platform ids', () => {
    const persona = personaAt(777);
    expect(personaByPlatformId(personaIds(persona).waId)).toEqual(persona);
    expect(personaByPlatformId(String(personaIds(persona).telegramId))).toEqual(persona);
    expect(personaByPlatformId('447700900123')).toBeUndefined();
  });
});
