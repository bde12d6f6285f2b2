import { describe, expect, it } from 'vitest';
import { addDays, isValidIsoDate } from '../../domain/calendar.ts';
import { eraOf, eras, formatEraDate, formatWesternDate, parseDateInput } from '../../domain/era-date.ts';

const ok = (date: string, era?: string) => (era ? { ok: true, date, era } : { ok: true, date });
const fail = (error: string) => ({ ok: false, error });

describe('eras table', () => {
  it('lists the five modern eras in order with real start dates', () => {
    expect(eras.map((e) => e.code)).toEqual(['M', 'T', 'S', 'H', 'R']);
    expect(eras.map((e) => e.name)).toEqual(['明治', '大正', '昭和', '平成', '令和']);
    expect(eras.map((e) => e.start)).toEqual([
      '1868-10-23',
      '1912-07-30',
      '1926-12-25',
      '1989-01-08',
      '2019-05-01',
    ]);
    for (const era of eras) expect(isValidIsoDate(era.start)).toBe(true);
  });
});

describe('parseDateInput: the forms callers use', () => {
  const showa22 = ok('1947-04-01', 'S');
  it.each([
    '昭和22年4月1日',
    '昭和２２年４月１日',
    '昭和22年04月01日',
    '昭和22年4月1',
    '昭22.4.1',
    'S22.4.1',
    's22.4.1',
    's22/4/1',
    'S22-4-1',
    'S22年4月1日',
    's220401',
    'S220401',
    '昭和220401',
    'Ｓ２２．４．１',
    'ｓ２２／４／１',
    'Ｓ２２－４－１',
    'S22ー4ー1',
    '㍼22年4月1日',
    ' 昭和 22 年 4 月 1 日 ',
    'S 22 . 4 . 1',
    '昭和　２２年　４月　１日',
    's 22 04 01',
  ])('reads %s as Showa 22-04-01', (input) => {
    expect(parseDateInput(input)).toEqual(showa22);
  });

  it.each([
    '1947/4/1',
    '1947-04-01',
    '1947-4-1',
    '1947年4月1日',
    '1947年04月01日',
    '19470401',
    '1947.4.1',
    '１９４７年４月１日',
    '１９４７／０４／０１',
    ' 1947 / 4 / 1 ',
    '1947 04 01',
  ])('reads the western form %s without an era', (input) => {
    expect(parseDateInput(input)).toEqual(ok('1947-04-01'));
  });

  it('reads every era by letter, full name and one-kanji abbreviation', () => {
    expect(parseDateInput('M44.3.3')).toEqual(ok('1911-03-03', 'M'));
    expect(parseDateInput('明治44年3月3日')).toEqual(ok('1911-03-03', 'M'));
    expect(parseDateInput('明44.3.3')).toEqual(ok('1911-03-03', 'M'));
    expect(parseDateInput('T10.5.6')).toEqual(ok('1921-05-06', 'T'));
    expect(parseDateInput('大正10年5月6日')).toEqual(ok('1921-05-06', 'T'));
    expect(parseDateInput('大10.5.6')).toEqual(ok('1921-05-06', 'T'));
    expect(parseDateInput('H7.1.17')).toEqual(ok('1995-01-17', 'H'));
    expect(parseDateInput('平成7年1月17日')).toEqual(ok('1995-01-17', 'H'));
    expect(parseDateInput('平7.1.17')).toEqual(ok('1995-01-17', 'H'));
    expect(parseDateInput('㍻7年1月17日')).toEqual(ok('1995-01-17', 'H'));
    expect(parseDateInput('R3.5.10')).toEqual(ok('2021-05-10', 'R'));
    expect(parseDateInput('令和3年5月10日')).toEqual(ok('2021-05-10', 'R'));
    expect(parseDateInput('令3.5.10')).toEqual(ok('2021-05-10', 'R'));
    expect(parseDateInput('㋿3年5月10日')).toEqual(ok('2021-05-10', 'R'));
    expect(parseDateInput('㍾44年3月3日')).toEqual(ok('1911-03-03', 'M'));
    expect(parseDateInput('㍽10年5月6日')).toEqual(ok('1921-05-06', 'T'));
  });

  it('reads 元年 and year 1 alike', () => {
    expect(parseDateInput('昭和元年12月25日')).toEqual(ok('1926-12-25', 'S'));
    expect(parseDateInput('昭和1年12月25日')).toEqual(ok('1926-12-25', 'S'));
    expect(parseDateInput('平成元年1月8日')).toEqual(ok('1989-01-08', 'H'));
    expect(parseDateInput('令和元年5月1日')).toEqual(ok('2019-05-01', 'R'));
    expect(parseDateInput('R元.5.1')).toEqual(ok('2019-05-01', 'R'));
    expect(parseDateInput('H1.1.8')).toEqual(ok('1989-01-08', 'H'));
    expect(parseDateInput('H010108')).toEqual(ok('1989-01-08', 'H'));
  });
});

describe('parseDateInput: era boundaries on both sides', () => {
  it.each([
    ['明治元年10月23日', '1868-10-23', 'M'],
    ['明治45年7月29日', '1912-07-29', 'M'],
    ['大正元年7月30日', '1912-07-30', 'T'],
    ['大正15年12月24日', '1926-12-24', 'T'],
    ['昭和元年12月25日', '1926-12-25', 'S'],
    ['昭和64年1月7日', '1989-01-07', 'S'],
    ['平成元年1月8日', '1989-01-08', 'H'],
    ['平成31年4月30日', '2019-04-30', 'H'],
    ['令和元年5月1日', '2019-05-01', 'R'],
  ])('accepts %s', (input, date, era) => {
    expect(parseDateInput(input)).toEqual(ok(date, era));
  });

  it.each([
    '明治元年10月22日',
    '明治元年1月1日',
    '明治45年7月30日',
    '大正元年7月29日',
    '大正15年12月25日',
    '昭和元年12月24日',
    '昭和1年12月24日',
    '昭和64年1月8日',
    '昭和65年1月1日',
    'S64.1.8',
    '平成元年1月7日',
    'H1.1.7',
    '平成31年5月1日',
    'H31.5.1',
    '平成32年1月1日',
    '令和元年4月30日',
    '令和1年4月30日',
    'R1.4.30',
    '昭和0年12月25日',
    'S00.1.1',
  ])('reports %s as outside its era', (input) => {
    expect(parseDateInput(input)).toEqual(fail('outside_era'));
  });
});

describe('parseDateInput: impossible dates', () => {
  it.each([
    '昭和22年2月30日',
    '昭和22年13月1日',
    '昭和22年0月1日',
    '昭和22年4月31日',
    '昭和22年4月0日',
    'S22.2.29', // 1947 is not a leap year
    'S50.2.29', // 1975
    '平成元年2月29日', // 1989
    'H11.2.29', // 1999
    's221301',
    '2021-02-29',
    '1900-02-29',
    '1900/2/29',
    '2100-02-29',
    '1947-13-01',
    '1947-00-10',
    '1947年4月31日',
    '19470230',
    '0000-01-01',
  ])('rejects %s', (input) => {
    expect(parseDateInput(input)).toEqual(fail('impossible_date'));
  });

  it('accepts real leap days in both calendars', () => {
    expect(parseDateInput('2000-02-29')).toEqual(ok('2000-02-29'));
    expect(parseDateInput('H12.2.29')).toEqual(ok('2000-02-29', 'H'));
    expect(parseDateInput('S51.2.29')).toEqual(ok('1976-02-29', 'S'));
    expect(parseDateInput('S23.2.29')).toEqual(ok('1948-02-29', 'S'));
    expect(parseDateInput('19480229')).toEqual(ok('1948-02-29'));
  });

  it('accepts month ends', () => {
    expect(parseDateInput('S22.1.31')).toEqual(ok('1947-01-31', 'S'));
    expect(parseDateInput('S22.4.30')).toEqual(ok('1947-04-30', 'S'));
    expect(parseDateInput('S22.12.31')).toEqual(ok('1947-12-31', 'S'));
    expect(parseDateInput('S22.2.28')).toEqual(ok('1947-02-28', 'S'));
  });
});

describe('parseDateInput: other errors', () => {
  it.each(['', '   ', '　', '\t\n'])('reports %j as empty', (input) => {
    expect(parseDateInput(input)).toEqual(fail('empty'));
  });

  it.each(['X22.4.1', 'Q220401', 'A22/4/1', '慶応3年1月1日', '安政2年3月3日', 'SS22.4.1'])(
    'reports %s as an unknown era',
    (input) => {
      expect(parseDateInput(input)).toEqual(fail('unknown_era'));
    },
  );

  it.each([
    'hello',
    '22.4.1',
    '220401',
    '昭和22年4月',
    '昭和22年',
    'S22.4',
    '1947/4',
    '194741',
    '1947041',
    '194704011',
    'S2204011',
    'S22041',
    '1947-04-01-01',
    '1947/04/01/',
    '昭和二十二年四月一日',
    'S123.4.1',
    '47.4.1',
    '1947.4.1.',
  ])('reports %s as unrecognized', (input) => {
    expect(parseDateInput(input)).toEqual(fail('unrecognized'));
  });
});

describe('formatEraDate / formatWesternDate', () => {
  it('formats in kanji and short style', () => {
    expect(formatEraDate('1947-04-01')).toBe('昭和22年4月1日');
    expect(formatEraDate('1947-04-01', 'kanji')).toBe('昭和22年4月1日');
    expect(formatEraDate('1947-04-01', 'short')).toBe('S22.4.1');
    expect(formatEraDate('1995-12-31', 'short')).toBe('H7.12.31');
    expect(formatEraDate('2021-05-10')).toBe('令和3年5月10日');
  });

  it('writes 元年 for the first year in kanji style and 1 in short style', () => {
    expect(formatEraDate('1926-12-25')).toBe('昭和元年12月25日');
    expect(formatEraDate('1926-12-25', 'short')).toBe('S1.12.25');
    expect(formatEraDate('1989-01-08')).toBe('平成元年1月8日');
    expect(formatEraDate('2019-05-01')).toBe('令和元年5月1日');
    expect(formatEraDate('2020-01-01')).toBe('令和2年1月1日');
  });

  it('switches era on the first day of the new era', () => {
    expect(formatEraDate('1912-07-29')).toBe('明治45年7月29日');
    expect(formatEraDate('1912-07-30')).toBe('大正元年7月30日');
    expect(formatEraDate('1926-12-24')).toBe('大正15年12月24日');
    expect(formatEraDate('1989-01-07')).toBe('昭和64年1月7日');
    expect(formatEraDate('2019-04-30')).toBe('平成31年4月30日');
  });

  it('falls back to the western form before Meiji', () => {
    expect(formatEraDate('1868-10-22')).toBe('1868年10月22日');
    expect(formatEraDate('1868-10-23')).toBe('明治元年10月23日');
  });

  it('formats western dates without padding', () => {
    expect(formatWesternDate('1947-04-01')).toBe('1947年4月1日');
    expect(formatWesternDate('2021-12-31')).toBe('2021年12月31日');
  });

  it('throws on malformed ISO dates', () => {
    expect(() => formatEraDate('1947-02-30')).toThrow(RangeError);
    expect(() => formatWesternDate('S22.4.1')).toThrow(RangeError);
  });
});

describe('eraOf', () => {
  it('finds the era on both sides of each boundary', () => {
    expect(eraOf('1868-10-22')).toBeNull();
    expect(eraOf('1868-10-23')?.code).toBe('M');
    expect(eraOf('1912-07-29')?.code).toBe('M');
    expect(eraOf('1912-07-30')?.code).toBe('T');
    expect(eraOf('1926-12-24')?.code).toBe('T');
    expect(eraOf('1926-12-25')?.code).toBe('S');
    expect(eraOf('1989-01-07')?.code).toBe('S');
    expect(eraOf('1989-01-08')?.code).toBe('H');
    expect(eraOf('2019-04-30')?.code).toBe('H');
    expect(eraOf('2019-05-01')?.code).toBe('R');
    expect(eraOf('2100-01-01')?.code).toBe('R');
  });

  it('throws on a malformed ISO date', () => {
    expect(() => eraOf('1989-1-8')).toThrow(RangeError);
  });
});

describe('round trips', () => {
  it('parses back every day from Meiji to 2040 in both era styles and the western form', () => {
    const failures: string[] = [];
    let checked = 0;
    for (let iso = '1868-10-23'; iso <= '2040-12-31'; iso = addDays(iso, 1)) {
      const code = eraOf(iso)?.code;
      for (const text of [formatEraDate(iso, 'kanji'), formatEraDate(iso, 'short')]) {
        const parsed = parseDateInput(text);
        if (!parsed.ok || parsed.date !== iso || parsed.era !== code) failures.push(text);
      }
      for (const text of [formatWesternDate(iso), iso]) {
        const parsed = parseDateInput(text);
        if (!parsed.ok || parsed.date !== iso || parsed.era !== undefined) failures.push(text);
      }
      checked++;
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(62_892);
  });
});
