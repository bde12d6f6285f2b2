import { describe, expect, it } from 'vitest';
import { isValidTicketNumber, normalizeTicketInput, parseTicketInput } from '../../domain/ticket-number.ts';

describe('normalizeTicketInput', () => {
  it('turns full-width digits into ASCII', () => {
    expect(normalizeTicketInput('０１２３４５６７８９')).toBe('0123456789');
  });

  it('strips ASCII, full-width and other spaces', () => {
    expect(normalizeTicketInput(' 0123 456 789 ')).toBe('0123456789');
    expect(normalizeTicketInput('0123　4567　89')).toBe('0123456789');
    expect(normalizeTicketInput('\t0123456789\r\n')).toBe('0123456789');
    expect(normalizeTicketInput('01234\u200B56789')).toBe('0123456789');
  });

  it('strips hyphens and dash-like characters between digits', () => {
    for (const dash of ['-', '－', '‐', '‑', '‒', '–', '—', '―', '−', 'ー', 'ｰ', '─', '﹣']) {
      expect(normalizeTicketInput(`01234${dash}56789`)).toBe('0123456789');
    }
    expect(normalizeTicketInput('012 - 345 - 6789')).toBe('0123456789');
    expect(normalizeTicketInput('０１２３４－－５６７８９')).toBe('0123456789');
  });

  it('keeps dashes that do not separate digits and anything else', () => {
    expect(normalizeTicketInput('-0123456789')).toBe('-0123456789');
    expect(normalizeTicketInput('0123456789ー')).toBe('0123456789ー');
    expect(normalizeTicketInput('ab-cd')).toBe('ab-cd');
    expect(normalizeTicketInput('12.34')).toBe('12.34');
  });
});

describe('isValidTicketNumber', () => {
  it('accepts exactly ten ASCII digits, leading zeros included', () => {
    expect(isValidTicketNumber('0123456789')).toBe(true);
    expect(isValidTicketNumber('0000000000')).toBe(true);
  });

  it('rejects everything else', () => {
    for (const bad of [
      '',
      '012345678',
      '01234567890',
      '012345678a',
      '０１２３４５６７８９',
      '0123456789\n',
      ' 0123456789',
    ]) {
      expect(isValidTicketNumber(bad)).toBe(false);
    }
  });
});

describe('parseTicketInput', () => {
  it('reads a 10-digit ticket number, keeping leading zeros', () => {
    expect(parseTicketInput('0012345678')).toEqual({ ok: true, kind: 'ticket', ticketNumber: '0012345678' });
    expect(parseTicketInput('００１２－３４５－６７８')).toEqual({
      ok: true,
      kind: 'ticket',
      ticketNumber: '0012345678',
    });
    expect(parseTicketInput(' 0012 3456 78 ')).toEqual({
      ok: true,
      kind: 'ticket',
      ticketNumber: '0012345678',
    });
  });

  it('splits an 18-digit OCR/QR line', () => {
    expect(parseTicketInput('121411010012345678')).toEqual({
      ok: true,
      kind: 'ocr',
      ticketKind: '1',
      doseCount: 2,
      municipalityCode: '141101',
      ticketNumber: '0012345678',
    });
    expect(parseTicketInput('３１ １９２０１５ ９８７６５４３２１０')).toEqual({
      ok: true,
      kind: 'ocr',
      ticketKind: '3',
      doseCount: 1,
      municipalityCode: '192015',
      ticketNumber: '9876543210',
    });
  });

  it('reads a scanner line ending in a newline', () => {
    const parsed = parseTicketInput('101310160000000001\r\n');
    expect(parsed).toMatchObject({
      ok: true,
      kind: 'ocr',
      municipalityCode: '131016',
      ticketNumber: '0000000001',
    });
  });

  it('rejects an OCR line whose municipality code fails the check digit', () => {
    expect(parseTicketInput('121411020012345678')).toEqual({
      ok: false,
      error: 'bad_municipality_check_digit',
    });
    expect(parseTicketInput('121311070012345678')).toEqual({
      ok: false,
      error: 'bad_municipality_check_digit',
    });
  });

  it('rejects an OCR line whose municipality code has an impossible prefecture', () => {
    // 000001 and 481009 have a right check digit but no such prefecture.
    expect(parseTicketInput('120000010012345678')).toEqual({
      ok: false,
      error: 'bad_municipality_check_digit',
    });
    expect(parseTicketInput('124810090012345678')).toEqual({
      ok: false,
      error: 'bad_municipality_check_digit',
    });
  });

  it('reports empty input', () => {
    for (const empty of ['', '   ', '　', '\n'])
      expect(parseTicketInput(empty)).toEqual({ ok: false, error: 'empty' });
  });

  it('reports characters other than digits', () => {
    for (const bad of [
      '012345678a',
      '０１２３４５６７８Ａ',
      '-0123456789',
      '0123456789-',
      '0123.456789',
      '一二三四五',
      '--',
    ]) {
      expect(parseTicketInput(bad)).toEqual({ ok: false, error: 'not_digits' });
    }
  });

  it('reports a wrong number of digits', () => {
    for (const n of [1, 9, 11, 12, 17, 19, 20]) {
      expect(parseTicketInput('1'.repeat(n))).toEqual({ ok: false, error: 'wrong_length' });
    }
  });
});
