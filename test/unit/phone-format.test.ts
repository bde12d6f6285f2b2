import { describe, expect, it } from 'vitest';
import { formatPhoneNumber } from '../../domain/phone.ts';

describe('formatPhoneNumber', () => {
  it('keeps the grouping a number was given with (area codes of any length)', () => {
    expect(formatPhoneNumber('0466-12-3456')).toBe('0466-12-3456');
    expect(formatPhoneNumber('(03) 1234-5678')).toBe('03-1234-5678');
    expect(formatPhoneNumber('０９０（１２３４）５６７８')).toBe('090-1234-5678');
    expect(formatPhoneNumber('01267-2-3456')).toBe('01267-2-3456');
  });

  it('groups bare digits by the kind of number', () => {
    expect(formatPhoneNumber('09012345678')).toBe('090-1234-5678');
    expect(formatPhoneNumber('05012345678')).toBe('050-1234-5678');
    expect(formatPhoneNumber('0312345678')).toBe('03-1234-5678');
    expect(formatPhoneNumber('0612345678')).toBe('06-1234-5678');
    expect(formatPhoneNumber('0481234567')).toBe('048-123-4567');
    expect(formatPhoneNumber('0120123456')).toBe('0120-123-456');
    expect(formatPhoneNumber('0570123456')).toBe('0570-123-456');
    expect(formatPhoneNumber('08001234567')).toBe('0800-123-4567');
  });

  it('turns +81 into the domestic form and leaves what is not a Japanese number as given', () => {
    expect(formatPhoneNumber('+81 90-1234-5678')).toBe('090-1234-5678');
    expect(formatPhoneNumber('')).toBe('');
    expect(formatPhoneNumber(' 1234 ')).toBe('1234');
    // A two-group form whose split is not a known one falls back to the rules.
    expect(formatPhoneNumber('048 1234567')).toBe('048-123-4567');
  });
});
