import { describe, expect, it } from 'vitest';
import { parseWholeNumber } from '../../domain/typed-number.ts';

describe('parseWholeNumber', () => {
  it('reads what staff type: full-width digits, spaces, grouping commas', () => {
    expect(parseWholeNumber('２１', 0, 730)).toEqual({ ok: true, value: 21 });
    expect(parseWholeNumber(' 42　', 0, 730)).toEqual({ ok: true, value: 42 });
    expect(parseWholeNumber('1,000', 0, 10_000)).toEqual({ ok: true, value: 1000 });
    expect(parseWholeNumber('+3', 1, 5)).toEqual({ ok: true, value: 3 });
    expect(parseWholeNumber(7, 1, 10)).toEqual({ ok: true, value: 7 });
  });

  it('says what is wrong: nothing, not a whole number, out of the range either way', () => {
    expect(parseWholeNumber('', 1, 5)).toEqual({ ok: false, error: 'empty' });
    expect(parseWholeNumber('　', 1, 5)).toEqual({ ok: false, error: 'empty' });
    expect(parseWholeNumber('2.5', 1, 5)).toEqual({ ok: false, error: 'not_integer' });
    expect(parseWholeNumber('三', 1, 5)).toEqual({ ok: false, error: 'not_integer' });
    expect(parseWholeNumber('0', 1, 5)).toEqual({ ok: false, error: 'too_small' });
    expect(parseWholeNumber('ー1', 0, 5)).toEqual({ ok: false, error: 'too_small' });
    expect(parseWholeNumber('６', 1, 5)).toEqual({ ok: false, error: 'too_large' });
    expect(parseWholeNumber(Number.NaN, 0, 5)).toEqual({ ok: false, error: 'not_integer' });
  });

  it('gives -0 back as 0', () => {
    const parsed = parseWholeNumber('-0', 0, 5);
    expect(parsed.ok && Object.is(parsed.value, 0)).toBe(true);
  });
});
