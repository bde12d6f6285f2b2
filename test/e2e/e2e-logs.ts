/**
 * What an end-to-end run leaves for the log scan (test/log-scan/e2e-logs.test.ts, which `npm test`
 * runs after the e2e suite): in test-results/e2e-logs/, every desk process's output (browser-mode.ts),
 * every page's console and page errors (chromium.ts) and the suite's own output (scripts/test.ts), as
 * .log files; and the test residents whose names, ticket numbers, birth dates and phones must appear in
 * none of them, read from each desk's store when it stops (and from a hub's store where a test has no
 * desk). Those are kept as short hashes, one file per distinct set of residents, never as the values.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { phoneKey } from '../../domain/phone.ts';

export const e2eLogDir = resolve(import.meta.dirname, '..', '..', 'test-results', 'e2e-logs');

let logFiles = 0;

/** A new log file of this process (`<kind>-<pid>-<n>.log`); the function appends to it. */
export function e2eLogFile(kind: string): (text: string) => void {
  mkdirSync(e2eLogDir, { recursive: true });
  logFiles += 1;
  const path = join(e2eLogDir, `${kind}-${process.pid}-${logFiles}.log`);
  writeFileSync(path, '');
  return (text) => appendFileSync(path, text);
}

export const residentTermKinds = ['name', 'ticket', 'birthDate', 'phone'] as const;
export type ResidentTermKind = (typeof residentTermKinds)[number];

/** One resident as the stores have them (desk and hub name the columns alike). */
export interface ResidentRow {
  name: string;
  name_kana: string;
  ticket_number: string;
  birth_date: string;
  phone: string;
}

/** A name as compared: NFKC, without any space (written 山田 太郎, 山田　太郎 or 山田太郎 alike). */
export const comparableName = (name: string): string => name.normalize('NFKC').replace(/\s+/gu, '');

/** The short hash a term is kept and looked up as. */
export function termHash(kind: ResidentTermKind, value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('hex').slice(0, 20);
}

export type ResidentTerms = Record<ResidentTermKind, string[]>;

export type TermSets = Record<ResidentTermKind, Set<string>>;

/** One empty set of hashes per kind of term. */
export const termSets = (): TermSets =>
  Object.fromEntries(residentTermKinds.map((kind) => [kind, new Set<string>()])) as TermSets;

/** The terms of these residents, hashed: names (kanji and kana), tickets, birth dates, phone digits. */
export function residentTerms(rows: Iterable<ResidentRow>): ResidentTerms {
  const sets = termSets();
  for (const row of rows) {
    for (const name of [row.name, row.name_kana]) {
      const comparable = comparableName(name);
      if (comparable.length >= 2) sets.name.add(termHash('name', comparable));
    }
    if (row.ticket_number) sets.ticket.add(termHash('ticket', row.ticket_number));
    if (row.birth_date) sets.birthDate.add(termHash('birthDate', row.birth_date));
    const phone = phoneKey(row.phone ?? '');
    if (phone.length >= 10) sets.phone.add(termHash('phone', phone));
  }
  return Object.fromEntries(residentTermKinds.map((kind) => [kind, [...sets[kind]].sort()])) as ResidentTerms;
}

/** Keeps the residents of one store for the scan (`residents-<digest>.json`; the same set once). */
export function recordTestResidents(rows: Iterable<ResidentRow>): void {
  const terms = residentTerms(rows);
  if (residentTermKinds.every((kind) => terms[kind].length === 0)) return;
  const text = JSON.stringify(terms);
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  mkdirSync(e2eLogDir, { recursive: true });
  const path = join(e2eLogDir, `residents-${digest}.json`);
  if (!existsSync(path)) writeFileSync(path, text);
}

/** The queries that read them from a desk's coupons and from a hub's (whose birth_date is a date). */
export const deskResidentRowsQuery = 'SELECT name, name_kana, ticket_number, birth_date, phone FROM coupons';
export const hubResidentRowsQuery =
  'SELECT name, name_kana, ticket_number, birth_date::text AS birth_date, phone FROM coupons';
