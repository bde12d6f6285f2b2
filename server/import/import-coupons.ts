/**
 * `hub import-coupons FILE`: a municipality's coupon list (CSV in UTF-8 or Shift_JIS, or .xlsx)
 * upserted by (municipality code, ticket number), through the same import as a manager's desk
 * (coupon-imports.ts): the file is read as a stream and staged, then applied in chunks, each in one
 * hub transaction (so the change log stays short-locked); unchanged rows write nothing, so importing
 * the same file again is a no-op. Every invalid row is reported by row number, field and reason.
 * Rows of a municipality that no active venue of this hub takes are imported all the same (a venue
 * may be added later) and counted in the report, so the person importing sees that those residents
 * cannot book here yet (a list sent to the wrong hub, a typo in the code).
 */
import { basename } from 'node:path';
import type { CouponColumn } from '../../domain/coupon-list/coupon-rows.ts';
import type { HubSql } from '../store/hub-sql.ts';
import { applyCouponImport, commandLineImporter, problemsPage, readCouponFile } from './coupon-imports.ts';
import type { DetectedEncoding } from './decode-text.ts';

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

const problemPage = 5000;

export async function importCoupons(sql: HubSql, path: string, now: Date): Promise<CouponImportReport> {
  const preview = await readCouponFile(sql, commandLineImporter, { path, fileName: basename(path) }, now);
  const done = await applyCouponImport(
    sql,
    commandLineImporter,
    preview.import.id,
    () => now,
    Number.POSITIVE_INFINITY,
  );
  const rejected: RejectedRow[] = [];
  for (let after: number | null = 0; after !== null; ) {
    const page = await problemsPage(sql, preview.import.id, after, problemPage);
    rejected.push(...page.problems.map((p) => ({ ...p, field: p.field as CouponColumn })));
    after = page.next;
  }
  return {
    format: done.format,
    encoding: done.encoding,
    rows: done.dataRows,
    inserted: done.inserted,
    updated: done.updated,
    unchanged: done.unchanged,
    rejected,
    newMunicipalities: done.newMunicipalities,
    notServed: done.notServed,
  };
}
