import { lineId } from '../../channels/line/line.fake-payloads.js';
import { personaAt, personaCount } from './traffic-personas.data.js';
import type { Persona } from './traffic.types.js';

/** A persona's ids on each platform, shaped like the platform's own (numeric PSIDs and IGSIDs, E.164 digits, LINE U-ids). */
export interface PersonaIds {
  psid: string;
  igsid: string;
  waId: string;
  lineUserId: string;
  telegramId: number;
  xUserId: string;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** The persona's ids; the same on every run, so a returning customer is recognised. */
export function personaIds(persona: Persona): PersonaIds {
  const n = persona.serial;
  return {
    psid: `24${pad(n * 7_919, 14)}`,
    igsid: `178${pad(n * 6_007, 13)}`,
    // +44 7700 9xxxxx: the UK's range for fiction.
    waId: `4477009${pad(10_000 + n, 5)}`,
    lineUserId: lineId('U', `persona-${n}`),
    telegramId: 5_100_000_000 + n,
    // Ten digits, as older accounts have: v1.1 payloads carry ids as JSON numbers too, and Rapport's X adapter refuses
    // those beyond 2^53 for now, so today's 19-digit ids would be skipped.
    xUserId: String(1_200_000_000 + n * 104_729),
  };
}

/** The persona a platform id belongs to, when it is one of the demo's. */
export function personaByPlatformId(platformId: string): Persona | undefined {
  for (let index = 0; index < personaCount; index += 1) {
    const persona = personaAt(index);
    if (Object.values(personaIds(persona)).some((id) => String(id) === platformId)) return persona;
  }
  return undefined;
}
