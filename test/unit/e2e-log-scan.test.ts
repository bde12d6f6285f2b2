import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { residentTerms } from '../e2e/e2e-logs.ts';
import { scanLogs } from '../log-scan/scan-logs.ts';

// The log scan finds a test resident's data in any form a log may write it, and nothing else.
describe('the e2e log scan', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'log-scan-'));
    const terms = residentTerms([
      {
        name: '青葉\u3000一郎',
        name_kana: 'アオバ\u3000イチロウ',
        ticket_number: '0000900001',
        birth_date: '1947-04-01',
        phone: '090-1234-5678',
      },
    ]);
    writeFileSync(join(dir, 'residents-0123456789abcdef.json'), JSON.stringify(terms));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const scan = (text: string) => {
    writeFileSync(join(dir, 'desk-1-1.log'), text);
    return scanLogs(dir);
  };

  it('passes clean logs, saying what it read', () => {
    const clean = scan(
      '[sync] snapshot of 5000 rows at seq 12 in 830 ms\nデモ市のデータを作成しています… 2026-12-03T01:02:03Z\n',
    );
    expect(clean).toMatchObject({ logFiles: ['desk-1-1.log'], lines: 3, residentSets: 1, hits: [] });
    expect(clean.bytes).toBeGreaterThan(0);
    expect(clean.terms).toEqual({ name: 2, ticket: 1, birthDate: 1, phone: 1 });
  });

  it.each([
    ['a name with a space', 'caller 青葉 一郎 booked', 'name'],
    ['a name without one, inside other words', '予約者:青葉一郎さん', 'name'],
    ['a kana reading in full-width or half-width', 'ｱｵﾊﾞ ｲﾁﾛｳ', 'name'],
    ['a ticket', 'ticket=0000900001', 'ticket'],
    ['a ticket ending an OCR line', 'scan 121310160000900001', 'ticket'],
    ['a birth date', 'born 1947-04-01', 'birthDate'],
    ['a birth date written with slashes', '1947/4/1', 'birthDate'],
    ['a phone, hyphenated or not', 'tel 09012345678', 'phone'],
  ])('finds %s', (_what, line, kind) => {
    expect(scan(`ok\n${line}\n`).hits).toEqual([`desk-1-1.log:2: a test resident's ${kind}`]);
  });

  it('has nothing to pass on when there are no logs', () => {
    expect(scanLogs(join(dir, 'missing'))).toMatchObject({ logFiles: [], bytes: 0, residentSets: 0 });
  });
});
