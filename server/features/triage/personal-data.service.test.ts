import { describe, expect, it } from 'vitest';
import { findPersonalData, maskPersonalData, passesLuhn, personalDataReply } from './personal-data.service.js';

const kinds = (text: string): string[] => findPersonalData(text).map((s) => s.kind);

describe('personal data', () => {
  it('flags a card number written with spaces and masks all but the last four digits', () => {
    const text = '@bank my card 4111 1111 1111 1111 was charged twice';
    const spans = findPersonalData(text);
    expect(spans).toEqual([{ kind: 'card', start: 14, end: 33 }]);
    expect(maskPersonalData(text, spans)).toBe('@bank my card **** **** **** 1111 was charged twice');
  });

  it('flags a card number written with dashes', () => {
    expect(kinds('card 5500-0000-0000-0004 declined')).toEqual(['card']);
  });

  it('does not flag a Luhn-invalid 16-digit number as anything', () => {
    expect(passesLuhn('4111 1111 1111 1112')).toBe(false);
    expect(findPersonalData('ref 4111 1111 1111 1112 please check')).toEqual([]);
    expect(findPersonalData('order 1234567890123456')).toEqual([]);
  });

  it('flags emails but not @mentions', () => {
    expect(kinds('@united mail me at jane.doe@example.com')).toEqual(['email']);
    expect(kinds('@united @AmericanAir help')).toEqual([]);
  });

  it('flags US and international phone numbers', () => {
    expect(kinds('call me on (415) 555-2671')).toEqual(['phone']);
    expect(kinds('my number is +44 20 7946 0958')).toEqual(['phone']);
    expect(kinds('flight 1249 at 3:30, gate 22')).toEqual([]);
  });

  it('flags national ids: US SSN and UK National Insurance numbers', () => {
    expect(kinds('my ssn is 123-45-6789')).toEqual(['national_id']);
    expect(kinds('NI number AB 12 34 56 C')).toEqual(['national_id']);
  });

  it('flags a valid IBAN and an account number named as such', () => {
    expect(kinds('send it to GB82 WEST 1234 5698 7654 32')).toEqual(['bank_account']);
    expect(kinds('GB82 WEST 1234 5698 7654 33')).toEqual([]);
    const text = 'account number 12345678 sort code 12-34-56';
    const spans = findPersonalData(text);
    expect(spans[0]).toMatchObject({ kind: 'bank_account' });
    expect(maskPersonalData(text, spans)).toContain('account number ********');
  });

  it('keeps offsets valid: the masked text has the same length', () => {
    const text = 'email a@b.co or call +1 212 555 0100';
    expect(maskPersonalData(text, findPersonalData(text))).toHaveLength(text.length);
  });

  it('offers a ready reply naming what was posted', () => {
    expect(personalDataReply(findPersonalData('4111 1111 1111 1111'))).toMatch(/card details/);
  });
});
