/** The export's text rules: CSV quoting and the formula guard, Excel sheet names, file names. */
import { describe, expect, test } from 'vitest';
import { csvField, csvLine } from '../../electron/node/export/csv-line.ts';
import { uniqueSheetName } from '../../electron/node/export/daily-list-xlsx.ts';
import { exportFileName } from '../../electron/node/export/export-file-name.ts';
import { guardCsvText, startsLikeFormula } from '../../electron/node/export/formula-guard.ts';

describe('formula guard', () => {
  test.each(['=1+1', '+81 3', '-2', '@SUM(A1)', '\t=1', '\r=1'])('%j is guarded', (text) => {
    expect(startsLikeFormula(text)).toBe(true);
    expect(guardCsvText(text)).toBe(`'${text}`);
  });

  test.each(['山田', '0012345678', '090-1234-5678', ' =1', 'a=b', ''])('%j is left alone', (text) => {
    expect(guardCsvText(text)).toBe(text);
  });
});

describe('CSV fields', () => {
  test('quotes commas, quotes and line breaks; numbers stay bare; lines end with CRLF', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(42)).toBe('42');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvLine(['0000000042', 77, '山田　花子'])).toBe('0000000042,77,山田　花子\r\n');
  });
});

describe('sheet and file names', () => {
  test('sheet names lose the characters Excel refuses, stay within 31 and are unique', () => {
    const taken = new Set<string>();
    expect(uniqueSheetName('会場[1]: 本館/別館?', taken)).toBe('会場・1・・ 本館・別館・');
    const long = 'あ'.repeat(40);
    expect(uniqueSheetName(long, taken)).toHaveLength(31);
    expect(uniqueSheetName(long, taken)).toBe(`${'あ'.repeat(27)} (2)`);
  });

  test('file names name the list, the date and the venue', () => {
    expect(exportFileName('2025-06-02', '青葉台 市民センター', 'xlsx', 'utf-8-bom')).toBe(
      '接種予定者リスト_2025-06-02_青葉台_市民センター.xlsx',
    );
    // The two encodings of one list get two names (one download never replaces the other).
    expect(exportFileName('2025-06-02', null, 'csv', 'utf-8-bom')).toBe(
      '接種予定者リスト_2025-06-02_全会場_UTF-8.csv',
    );
    expect(exportFileName('2025-06-02', null, 'csv', 'shift_jis')).toBe(
      '接種予定者リスト_2025-06-02_全会場_SJIS.csv',
    );
  });
});
