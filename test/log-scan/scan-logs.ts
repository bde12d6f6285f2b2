/**
 * The log scan's reading: every .log file in a folder, line by line, for any test resident's name
 * (kanji or kana, spaces aside), ticket number (alone or ending a coupon's 18-digit OCR line), birth
 * date (YYYY-MM-DD or YYYY/M/D) or phone (its digits), against the residents' hashed terms in the same
 * folder (test/e2e/e2e-logs.ts). A hit names the file, line and kind only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { phoneKey } from '../../domain/phone.ts';
import {
  comparableName,
  type ResidentTermKind,
  type ResidentTerms,
  residentTermKinds,
  termHash,
  termSets,
} from '../e2e/e2e-logs.ts';

/** The longest name looked for, in characters, spaces left out. */
const longestName = 24;
const nameRun = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー\s]{2,}/gu;
const digitRun = /\d[\d-]{8,}\d/gu;
const dateForm = /(\d{4})[-/](\d{1,2})[-/](\d{1,2})/gu;

/** What in one line could be a resident's term, as (kind, comparable value). */
function* candidates(line: string): Generator<[ResidentTermKind, string]> {
  const text = line.normalize('NFKC');
  for (const [run] of text.matchAll(nameRun)) {
    const chars = [...comparableName(run)];
    for (let start = 0; start < chars.length; start++) {
      for (let end = start + 2; end <= Math.min(chars.length, start + longestName); end++) {
        yield ['name', chars.slice(start, end).join('')];
      }
    }
  }
  for (const [run] of text.matchAll(digitRun)) {
    const digits = run.replaceAll('-', '');
    yield ['phone', phoneKey(digits)];
    if (digits.length === 10) yield ['ticket', digits];
    if (digits.length === 18) yield ['ticket', digits.slice(8)];
  }
  for (const [, y, m, d] of text.matchAll(dateForm)) {
    yield ['birthDate', `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`];
  }
}

export interface LogScan {
  logFiles: string[];
  bytes: number;
  lines: number;
  /** How many stores' residents were looked for, and how many distinct terms of each kind. */
  residentSets: number;
  terms: Record<ResidentTermKind, number>;
  /** `file:line: a test resident's <kind>` */
  hits: string[];
}

export function scanLogs(dir: string): LogScan {
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const logFiles = files.filter((f) => f.endsWith('.log')).sort();
  const residentFiles = files.filter((f) => /^residents-[0-9a-f]+\.json$/.test(f));
  const known = termSets();
  for (const file of residentFiles) {
    const terms = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ResidentTerms;
    for (const kind of residentTermKinds) for (const hash of terms[kind]) known[kind].add(hash);
  }
  const scan: LogScan = {
    logFiles,
    bytes: 0,
    lines: 0,
    residentSets: residentFiles.length,
    terms: {
      name: known.name.size,
      ticket: known.ticket.size,
      birthDate: known.birthDate.size,
      phone: known.phone.size,
    },
    hits: [],
  };
  for (const file of logFiles) {
    const text = readFileSync(join(dir, file), 'utf8');
    scan.bytes += Buffer.byteLength(text);
    text.split('\n').forEach((line, index) => {
      scan.lines += 1;
      const found = new Set<ResidentTermKind>();
      for (const [kind, value] of candidates(line)) {
        if (known[kind].has(termHash(kind, value))) found.add(kind);
      }
      for (const kind of found) scan.hits.push(`${file}:${index + 1}: a test resident's ${kind}`);
    });
  }
  return scan;
}

/** One line saying what was read. */
export function describeScan(scan: LogScan): string {
  const count = (prefix: string) => scan.logFiles.filter((f) => f.startsWith(prefix)).length;
  const terms = residentTermKinds.map((kind) => `${scan.terms[kind]} ${kind}s`).join(', ');
  return (
    `log scan: ${scan.logFiles.length} files (${count('desk-')} desk, ${count('chromium-')} Chromium, ` +
    `${count('vitest-')} suite output), ${scan.bytes} bytes, ${scan.lines} lines, against the residents of ` +
    `${scan.residentSets} stores (${terms}): ${scan.hits.length} hit(s)`
  );
}
