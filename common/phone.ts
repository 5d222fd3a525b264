/** Digits of an E.164 number: a country code (never 0) and the national number, 7 to 15 digits in all. */
const e164Digits = /^[1-9]\d{6,14}$/;

/**
 * A phone number in E.164 (`+441632960123`), read from the ways people and telephony systems write one in
 * international form: `+44 20 7946 0958`, `+44 (0)20 7946-0958`, `0044 20 7946 0958`, `tel:+44-20-7946-0958`.
 * A national number (`020 7946 0958`) names no country, so it is undefined, as is anything that is not a number.
 */
export function toE164(input: string): string | undefined {
  const compact = input.trim().replace(/^tel:/i, '').replace(/\(0\)/g, '').replace(/[\s().\-/\u00a0]/g, '');
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else return undefined;
  return e164Digits.test(digits) ? `+${digits}` : undefined;
}
