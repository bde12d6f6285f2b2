/**
 * `hub import-coupons FILE`: a municipality's coupon list (CSV in UTF-8 or Shift_JIS, or .xlsx)
 * upserted by (municipality code, ticket number). Valid rows are written in chunks, each in one hub
 * transaction (so the change log stays short-locked); unchanged rows write nothing, so importing
 * the same file again is a no-op. Every invalid row is reported by row number, field and reason.
 * Rows of a municipality that no active venue of this hub takes are imported all the same (a venue
 * may be added later) and counted in the report, so the person importing sees that those residents
 * cannot book here yet (a list sent to the wrong hub, a typo in the code).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ensureMunicipalities, upsertCoupons } from '../catalog/catalog-writes.ts';
import { servedMunicipalities } from '../catalog/public-catalog.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { runHubTransaction } from '../store/hub-transaction.ts';
import { type CouponColumn, type CouponRowValues, checkCouponRow, mapHeader } from './coupon-rows.ts';
import { parseCsv } from './csv.ts';
import { type DetectedEncoding, decodeText } from './decode-text.ts';
import { readFirstSheet, type SheetRow } from './xlsx.ts';

export interface RejectedRow {
  row: number;
  field: CouponColumn;
  reason: string;
}

export interface CouponImportReport {
  format: 'csv' | 'xlsx';
  encoding: DetectedEncoding | null;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  newMunicipalities: string[];
  /** Valid rows whose municipality no active venue here takes, and those municipalities' codes. */
  notServed: { rows: number; municipalities: string[] };
}

const chunkSize = 1000;

async function readRows(
  path: string,
): Promise<{ rows: SheetRow[]; format: 'csv' | 'xlsx'; encoding: DetectedEncoding | null }> {
  if (extname(path).toLowerCase() === '.xlsx') {
    return { rows: await readFirstSheet(path), format: 'xlsx', encoding: null };
  }
  const { text, encoding } = decodeText(readFileSync(path));
  const records = parseCsv(text);
  return {
    rows: records.map((cells, i) => ({ rowNumber: i + 1, cells, numeric: [] })),
    format: 'csv',
    encoding,
  };
}

export async function importCoupons(sql: HubSql, path: string, now: Date): Promise<CouponImportReport> {
  const { rows, format, encoding } = await readRows(path);
  const [headerRow, ...dataRows] = rows;
  if (!headerRow) throw new Error('the file is empty');
  const header = mapHeader(headerRow.cells);

  const report: CouponImportReport = {
    format,
    encoding,
    rows: dataRows.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    newMunicipalities: [],
    notServed: { rows: 0, municipalities: [] },
  };
  const valid: CouponRowValues[] = [];
  const firstRowOf = new Map<string, number>();
  for (const row of dataRows) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const checked = checkCouponRow(row.cells, header, now, row.numeric);
    if (!checked.ok) {
      for (const problem of checked.problems) report.rejected.push({ row: row.rowNumber, ...problem });
      continue;
    }
    const key = `${checked.values.municipalityCode}:${checked.values.ticketNumber}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      report.rejected.push({
        row: row.rowNumber,
        field: 'ticket_number',
        reason: `same ticket as row ${first}`,
      });
      continue;
    }
    firstRowOf.set(key, row.rowNumber);
    valid.push(checked.values);
  }

  for (let start = 0; start < valid.length; start += chunkSize) {
    const chunk = valid.slice(start, start + chunkSize);
    const { result } = await runHubTransaction(sql, now, async (tx) => {
      const added = await ensureMunicipalities(
        tx,
        chunk.map((c) => c.municipalityCode),
      );
      const counts = await upsertCoupons(
        tx,
        chunk.map((values) => ({ id: randomUUID(), ...values })),
      );
      return { added, counts };
    });
    report.newMunicipalities.push(...result.added);
    report.inserted += result.counts.inserted;
    report.updated += result.counts.updated;
    report.unchanged += result.counts.unchanged;
  }
  report.notServed = await notServedRows(
    sql,
    valid.map((v) => v.municipalityCode),
  );
  return report;
}

async function notServedRows(
  sql: HubSql,
  codes: readonly string[],
): Promise<CouponImportReport['notServed']> {
  const served = await servedMunicipalities(sql, codes);
  const unserved = codes.filter((code) => !served.has(code));
  return { rows: unserved.length, municipalities: [...new Set(unserved)].sort() };
}
