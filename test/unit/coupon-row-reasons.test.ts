/**
 * The coupon list's row check and its reasons: every reason the check writes reads back to a key a
 * desk can put into words, and an impossible era date or day is told apart from text that is no date.
 */
import { describe, expect, it } from 'vitest';
import { checkCouponRow, mapHeader } from '../../domain/coupon-list/coupon-rows.ts';
import {
  otherMunicipalityReason,
  readRowReason,
  rowReasons,
  sameTicketReason,
} from '../../domain/coupon-list/row-problems.ts';

const header = mapHeader(['券番号', '自治体コード', '氏名', 'フリガナ', '生年月日', '性別', '電話番号']);
const now = new Date('2030-06-01T00:00:00Z');
const row = (overrides: Partial<Record<'ticket' | 'birth' | 'sex' | 'phone', string>> = {}) => [
  overrides.ticket ?? '0000000001',
  '131016',
  '山田 太郎',
  'ヤマダ タロウ',
  overrides.birth ?? '昭和22年4月1日',
  overrides.sex ?? '男',
  overrides.phone ?? '',
];
const reasonsOf = (cells: string[]) => {
  const checked = checkCouponRow(cells, header, now);
  return checked.ok ? [] : checked.problems.map((p) => `${p.field}: ${p.reason}`);
};

describe('coupon row reasons', () => {
  it('says which kind of bad birth date a row has', () => {
    expect(reasonsOf(row())).toEqual([]);
    expect(reasonsOf(row({ birth: '昭和64年1月8日' }))).toEqual(['birth_date: not a date of that era']);
    expect(reasonsOf(row({ birth: 'S22.2.30' }))).toEqual(['birth_date: no such day in the calendar']);
    expect(reasonsOf(row({ birth: 'きのう' }))).toEqual(['birth_date: not a date (western or era form)']);
    expect(reasonsOf(row({ birth: '' }))).toEqual(['birth_date: empty']);
    expect(reasonsOf(row({ birth: '2030-06-02' }))).toEqual(['birth_date: after today']);
    expect(reasonsOf(row({ ticket: '000000001' }))).toEqual(['ticket_number: not 10 digits']);
  });

  it('reads every reason back into its key, with the row or code it names', () => {
    for (const [key, text] of Object.entries(rowReasons)) expect(readRowReason(text)).toEqual({ key });
    expect(readRowReason(sameTicketReason(12))).toEqual({ key: 'sameTicket', firstRow: 12 });
    expect(readRowReason(otherMunicipalityReason('131016'))).toEqual({
      key: 'otherMunicipality',
      municipalityCode: '131016',
    });
    expect(readRowReason('a reason from a newer hub')).toEqual({
      key: 'unknown',
      text: 'a reason from a newer hub',
    });
  });
});
