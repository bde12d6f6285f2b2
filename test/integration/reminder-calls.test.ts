/**
 * The reminder call list over real SQLite (the demo city in a temporary file): who is on it and in
 * which order, outcomes recorded, changed and taken back with their audit events, roles, and the
 * print and the .xlsx / CSV exports through the dispatcher (the files read back by ExcelJS and by
 * LibreOffice, a reader not written here), each recorded in the audit log with the record count.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readReminderCalls, recordReminderOutcome } from '../../db/queries/reminder-calls.ts';
import type { ExportOutcome, ReminderCall, ReminderCallList } from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';
import { formatBookingNumber } from '../../domain/booking-number.ts';
import { addDays, ageOn } from '../../domain/calendar.ts';
import { formatPhoneNumber } from '../../domain/phone.ts';
import { reminderCallColumns, reminderCallTitle } from '../../domain/reminder-call-layout.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { createApiHandlers } from '../../electron/node/api-handlers.ts';
import type { DesktopShell } from '../../electron/node/desktop-shell.ts';
import { createDispatcher } from '../../electron/node/dispatch.ts';
import { DownloadStore } from '../../electron/node/export/download-store.ts';
import { repoRoot } from '../e2e/browser-mode.ts';
import { type BookingsFixture, fixtureToday, openBookingsFixture } from './bookings-fixture.ts';
import { parseCsv } from './csv-records.ts';

const outDir = join(repoRoot, 'test-results', 'reminder-calls');
const tomorrow = addDays(fixtureToday, 1);
const staffId = 'operator-test';
const session = (role: StaffRole) => ({ staffId, displayName: '電話', role });

let fixture: BookingsFixture;
let downloads: DownloadStore;

interface ExpectedCall {
  id: string;
  venue_id: string;
  start_time: string;
  booking_number: string;
  name: string;
  birth_date: string;
  phone: string;
}

function expectedCalls(venueId: string | null = null): ExpectedCall[] {
  return fixture.db
    .prepare(
      `SELECT b.id, s.venue_id, s.start_time, b.booking_number, c.name, c.birth_date,
              CASE WHEN b.contact_phone = '' THEN c.phone ELSE b.contact_phone END AS phone
         FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN coupons c ON c.id = b.coupon_id
        WHERE s.date = ? AND (? IS NULL OR s.venue_id = ?)
          AND b.channel = 'phone' AND b.status IN ('provisional', 'confirmed')`,
    )
    .all(tomorrow, venueId, venueId) as ExpectedCall[];
}

const count = (sql: string, ...params: unknown[]) =>
  fixture.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

function dispatcher(shell?: DesktopShell) {
  return createDispatcher(
    createApiHandlers({ db: fixture.db, appVersion: 'test', transport: 'browser', downloads, shell }),
    { enforceRoles: true },
  );
}

async function call<T>(
  method: string,
  input: unknown,
  role: StaffRole = 'operator',
  shell?: DesktopShell,
): Promise<ApiResult<T>> {
  return (await dispatcher(shell)(method, input, { session: session(role) })) as ApiResult<T>;
}

async function value<T>(method: string, input: unknown, shell?: DesktopShell): Promise<T> {
  const result = await call<T>(method, input, 'operator', shell);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}`);
  return result.value;
}

/** The last audit event of an action, decoded. */
function lastAudit(action: string): {
  staffId: string;
  entityIds: string[];
  detail: Record<string, unknown>;
} {
  const row = fixture.db
    .prepare(
      'SELECT staff_id, entity_ids, detail FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1',
    )
    .get(action) as { staff_id: string; entity_ids: string; detail: string };
  return { staffId: row.staff_id, entityIds: JSON.parse(row.entity_ids), detail: JSON.parse(row.detail) };
}

/** A finished browser-mode export: its bytes, taken from the download store. */
function takeDownload(outcome: ExportOutcome): Buffer {
  if (outcome.delivery.kind !== 'download') throw new Error(`not a download: ${outcome.delivery.kind}`);
  const download = downloads.take(outcome.delivery.downloadId)!;
  const bytes = readFileSync(download.path);
  downloads.discard(outcome.delivery.downloadId);
  return bytes;
}

beforeAll(() => {
  fixture = openBookingsFixture();
  downloads = new DownloadStore(join(fixture.dir, 'downloads'));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
});

afterAll(() => {
  downloads?.clear();
  fixture?.close();
});

describe('who is on the list', () => {
  test('tomorrow’s phone bookings still expecting the resident, in time order, with age and phone', () => {
    const calls = readReminderCalls(fixture.db, tomorrow);
    const expected = expectedCalls();
    expect(expected.length).toBeGreaterThan(10);
    expect(calls.map((c) => c.bookingId).sort()).toEqual(expected.map((e) => e.id).sort());
    // Online, walk-in, cancelled or already-attended bookings are not called.
    expect(
      count(
        `SELECT count(*) FROM bookings b JOIN slots s ON s.id = b.slot_id
          WHERE s.date = ? AND (b.channel <> 'phone' OR b.status NOT IN ('provisional', 'confirmed'))`,
        tomorrow,
      ),
    ).toBeGreaterThan(0);
    const times = calls.map((c) => c.startTime);
    expect(times).toEqual([...times].sort());
    const byId = new Map(expected.map((e) => [e.id, e]));
    for (const c of calls) {
      const e = byId.get(c.bookingId)!;
      expect(c.date).toBe(tomorrow);
      expect(c.venueId).toBe(e.venue_id);
      expect(c.age).toBe(ageOn(e.birth_date, tomorrow));
      expect(c.phone).toBe(e.phone);
      expect(c.outcome).toBeNull();
      expect(c.outcomeAt).toBeNull();
    }
  });

  test('one venue only when asked; the venues together make the whole list', () => {
    const all = readReminderCalls(fixture.db, tomorrow);
    const venueIds = [...new Set(all.map((c) => c.venueId))];
    expect(venueIds.length).toBeGreaterThan(1);
    let sum = 0;
    for (const venueId of venueIds) {
      const one = readReminderCalls(fixture.db, tomorrow, venueId);
      expect(one.every((c) => c.venueId === venueId)).toBe(true);
      expect(one).toHaveLength(expectedCalls(venueId).length);
      sum += one.length;
    }
    expect(sum).toBe(all.length);
  });
});

describe('outcomes', () => {
  test('recorded, changed and taken back, each in the audit log (never a phone or a name)', () => {
    const [first] = readReminderCalls(fixture.db, tomorrow);
    const at = new Date('2025-06-02T06:15:00Z');
    const before = count("SELECT count(*) FROM audit_events WHERE action = 'reminder.call'");
    expect(recordReminderOutcome(fixture.db, first!.bookingId, 'message', staffId, at)).toMatchObject({
      outcome: 'message',
      outcomeAt: at.toISOString(),
    });
    expect(recordReminderOutcome(fixture.db, first!.bookingId, 'reached', staffId, at)?.outcome).toBe(
      'reached',
    );
    expect(
      fixture.db
        .prepare('SELECT outcome, staff_id FROM reminder_calls WHERE booking_id = ?')
        .get(first!.bookingId),
    ).toEqual({ outcome: 'reached', staff_id: staffId });
    expect(recordReminderOutcome(fixture.db, first!.bookingId, null, staffId, at)).toMatchObject({
      outcome: null,
      outcomeAt: null,
    });
    expect(count('SELECT count(*) FROM reminder_calls WHERE booking_id = ?', first!.bookingId)).toBe(0);
    expect(count("SELECT count(*) FROM audit_events WHERE action = 'reminder.call'")).toBe(before + 3);
    const audit = lastAudit('reminder.call');
    expect(audit).toEqual({ staffId, entityIds: [first!.bookingId], detail: { outcome: null } });
  });

  test('refused for a booking that is not on a reminder list, with nothing written', async () => {
    const online = fixture.db
      .prepare(
        `SELECT b.id FROM bookings b JOIN slots s ON s.id = b.slot_id
          WHERE s.date = ? AND b.channel = 'online' AND b.status = 'confirmed' LIMIT 1`,
      )
      .pluck()
      .get(tomorrow) as string;
    const before = count('SELECT count(*) FROM audit_events');
    expect(recordReminderOutcome(fixture.db, online, 'reached', staffId)).toBeNull();
    const refused = await call('recordReminderOutcome', { bookingId: online, outcome: 'reached' });
    expect(refused.ok ? null : refused.error.code).toBe('NOT_FOUND');
    const unknown = await call('recordReminderOutcome', {
      bookingId: 'no-such-booking',
      outcome: 'no_answer',
    });
    expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
    expect(count('SELECT count(*) FROM reminder_calls WHERE booking_id = ?', online)).toBe(0);
    expect(count('SELECT count(*) FROM audit_events')).toBe(before);
  });
});

describe('through the desk API', () => {
  test('operators and managers only; viewing is audited with the bookings shown', async () => {
    for (const role of ['venue_staff', 'admin'] as const) {
      const refused = await call('getReminderCalls', { date: tomorrow, venueId: null }, role);
      expect(refused.ok ? null : refused.error.code, role).toBe('FORBIDDEN');
    }
    const managed = await call<ReminderCallList>(
      'getReminderCalls',
      { date: tomorrow, venueId: null },
      'manager',
    );
    expect(managed.ok).toBe(true);
    const list = await value<ReminderCallList>('getReminderCalls', { date: tomorrow, venueId: null });
    expect(list.calls).toHaveLength(expectedCalls().length);
    expect(list.municipalityName).toBeTruthy();
    const audit = lastAudit('reminder-calls.view');
    expect(audit.staffId).toBe(staffId);
    expect(audit.entityIds).toEqual(list.calls.map((c) => c.bookingId));
    expect(audit.detail).toEqual({ date: tomorrow, venueId: null });
    const outcome = await call('recordReminderOutcome', {
      bookingId: list.calls[0]!.bookingId,
      outcome: 'maybe',
    });
    expect(outcome.ok ? null : outcome.error.code).toBe('VALIDATION');
  });

  test('printing: browser mode lets the page print; the system dialog’s answer is recorded', async () => {
    const venueId = readReminderCalls(fixture.db, tomorrow)[0]!.venueId;
    const rows = expectedCalls(venueId).length;
    expect(await value('printReminderCalls', { date: tomorrow, venueId })).toEqual({ mode: 'browser' });
    expect(lastAudit('reminder-calls.print').detail).toEqual({
      date: tomorrow,
      venueId,
      rowCount: rows,
      outcome: 'browser-print-dialog',
    });
    const shell: DesktopShell = {
      chooseSavePath: async () => null,
      chooseOpenPath: async () => null,
      printWindow: async () => false,
    };
    expect(await value('printReminderCalls', { date: tomorrow, venueId }, shell)).toEqual({
      mode: 'system-dialog',
      printed: false,
    });
    expect(lastAudit('reminder-calls.print').detail).toMatchObject({ outcome: 'cancelled' });
  });
});

describe('exports', () => {
  let calls: ReminderCall[];
  const renamed = new Map<string, string>();

  beforeAll(() => {
    // Residents whose names look like formulas, and outcomes on three rows.
    const list = readReminderCalls(fixture.db, tomorrow);
    const rename = fixture.db.prepare(
      'UPDATE coupons SET name = ? WHERE id = (SELECT coupon_id FROM bookings WHERE id = ?)',
    );
    rename.run('=1+1', list[1]!.bookingId);
    rename.run('@SUM(A1:A9)', list[2]!.bookingId);
    renamed.set(list[1]!.bookingId, '=1+1').set(list[2]!.bookingId, '@SUM(A1:A9)');
    recordReminderOutcome(fixture.db, list[0]!.bookingId, 'reached', staffId);
    recordReminderOutcome(fixture.db, list[1]!.bookingId, 'message', staffId);
    recordReminderOutcome(fixture.db, list[2]!.bookingId, 'no_answer', staffId);
    calls = readReminderCalls(fixture.db, tomorrow);
  });

  test('.xlsx: the list in order with outcomes, typed text cells, the header and footer; audited', async () => {
    const outcome = await value<ExportOutcome>('exportReminderCalls', {
      date: tomorrow,
      venueId: null,
      format: 'xlsx',
    });
    expect(outcome.fileName).toBe(`${reminderCallTitle}_${tomorrow}_全会場.xlsx`);
    expect(outcome.rowCount).toBe(calls.length);
    const path = join(outDir, 'reminder-calls.xlsx');
    writeFileSync(path, takeDownload(outcome));

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('全会場');
    expect(sheet.headerFooter.oddHeader).toContain(reminderCallTitle);
    expect(sheet.pageSetup.orientation).toBe('landscape');
    const column = (key: string) => reminderCallColumns.findIndex((c) => c.key === key) + 1;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(reminderCallColumns.map((c) => c.label));
    calls.forEach((c, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(column('bookingNumber')).value).toBe(formatBookingNumber(c.bookingNumber));
      expect(row.getCell(column('phone')).value).toBe(formatPhoneNumber(c.phone));
      expect(row.getCell(column('age')).value).toBe(c.age);
      const name = row.getCell(column('name'));
      expect(name.value).toBe(c.name);
      expect(name.type).toBe(ExcelJS.ValueType.String);
    });
    const outcomes = calls.map((_, i) => sheet.getRow(i + 2).getCell(column('outcome')).value ?? '');
    expect(outcomes.slice(0, 4)).toEqual(['連絡済み', '留守電', '不在', '']);
    expect(sheet.getRow(calls.length + 2).getCell(1).value).toBe('合計');
    expect(sheet.getRow(calls.length + 2).getCell(column('name')).value).toBe(`${calls.length}名`);

    const audit = lastAudit('reminder-calls.export');
    expect(audit.entityIds).toHaveLength(calls.length);
    expect(audit.detail).toEqual({
      date: tomorrow,
      venueId: null,
      format: 'xlsx',
      rowCount: calls.length,
      delivery: 'download',
    });

    // LibreOffice reads the same values and evaluates no formula.
    const result = spawnSync(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${join(fixture.dir, 'lo-profile')}`,
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true',
        '--outdir',
        outDir,
        path,
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (result.error)
      throw new Error(`soffice could not run (apt-get install libreoffice-calc): ${result.error}`);
    const records = parseCsv(readFileSync(join(outDir, 'reminder-calls.csv'), 'utf8')).filter((r) =>
      r.some((f) => f !== ''),
    );
    expect(records).toHaveLength(calls.length + 2);
    const names = records.map((r) => r[column('name') - 1]);
    expect(names).toContain('=1+1');
    expect(names).toContain('@SUM(A1:A9)');
    expect(records[1]![column('outcome') - 1]).toBe('連絡済み');
  });

  test('CSV (UTF-8 with BOM): one record per booking with the outcome; formula-like text guarded', async () => {
    const venueId = calls[0]!.venueId;
    const mine = calls.filter((c) => c.venueId === venueId);
    const outcome = await value<ExportOutcome>('exportReminderCalls', {
      date: tomorrow,
      venueId,
      format: 'csv',
    });
    expect(outcome.fileName.endsWith('.csv')).toBe(true);
    expect(outcome.rowCount).toBe(mine.length);
    const bytes = takeDownload(outcome);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...records] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header![0]).toBe('接種日');
    expect(header).toContain('架電結果');
    expect(records).toHaveLength(mine.length);
    const result = header!.indexOf('架電結果');
    const byNumber = new Map(records.map((r) => [r[4]!, r]));
    for (const c of mine) {
      const record = byNumber.get(c.bookingNumber)!;
      expect(record[3]).toBe(c.venueName);
      const label = { reached: '連絡済み', message: '留守電', no_answer: '不在' } as const;
      expect(record[result]).toBe(c.outcome === null ? '未架電' : label[c.outcome]);
      expect(record[5]).toBe(renamed.has(c.bookingId) ? `'${renamed.get(c.bookingId)}` : c.name);
    }
    expect(lastAudit('reminder-calls.export').detail).toEqual({
      date: tomorrow,
      venueId,
      format: 'csv',
      encoding: 'utf-8-bom',
      rowCount: mine.length,
      delivery: 'download',
    });
  });

  test('CSV in Shift_JIS reads back in code page 932', async () => {
    const outcome = await value<ExportOutcome>('exportReminderCalls', {
      date: tomorrow,
      venueId: null,
      format: 'csv',
      csvEncoding: 'shift_jis',
    });
    const text = iconv.decode(takeDownload(outcome), 'cp932');
    expect(text.startsWith('接種日,開始時刻')).toBe(true);
    expect(text).toContain(calls[5]!.name);
    expect(lastAudit('reminder-calls.export').detail).toMatchObject({
      encoding: 'shift_jis',
      rowCount: calls.length,
    });
  });

  test('a cancelled save dialog writes nothing and records no export', async () => {
    const before = count("SELECT count(*) FROM audit_events WHERE action = 'reminder-calls.export'");
    const shell: DesktopShell = {
      chooseSavePath: async () => null,
      chooseOpenPath: async () => null,
      printWindow: async () => true,
    };
    const outcome = await value<ExportOutcome>(
      'exportReminderCalls',
      { date: tomorrow, venueId: null, format: 'xlsx' },
      shell,
    );
    expect(outcome).toMatchObject({ delivery: { kind: 'cancelled' }, rowCount: 0 });
    expect(count("SELECT count(*) FROM audit_events WHERE action = 'reminder-calls.export'")).toBe(before);
  });
});
