/**
 * The coupon list files of the import benches: n rows as a municipality sends them (UTF-8 CSV with
 * Japanese headers, CRLF), every ticket from `first` on, so that two lists of one run share none; and
 * the peak memory of this process while some work runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../domain/calendar.ts';

const kana = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ';
const readingOf = (i: number): string => {
  let out = '';
  for (let k = i; out.length === 0 || k > 0; k = Math.floor(k / kana.length)) out += kana[k % kana.length];
  return `ジュウミン ${out}`;
};

export function writeCouponList(dir: string, n: number, first: number, municipalityCode: string): string {
  const path = join(dir, `coupons-${n}-${first}.csv`);
  const lines = ['券番号,自治体コード,氏名,フリガナ,生年月日,性別,住所,電話番号'];
  for (let i = 0; i < n; i++) {
    const birth = addDays('1930-01-01', i % 20_000);
    lines.push(
      `${String(first + i).padStart(10, '0')},${municipalityCode},住民 ${i},${readingOf(i)},${birth},${i % 2 ? '女' : '男'},` +
        `東京都千代田区${(i % 9) + 1}-${(i % 30) + 1},090-${String(1000 + (i % 9000))}-${String(1000 + ((i * 7) % 9000))}`,
    );
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();
export const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/** Peak RSS and JS heap of this process while `work` runs (sampled every 20 ms, after a full GC). */
export async function measured<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; rss: number; heap: number }> {
  collectGarbage();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    const result = await work();
    sample();
    return { result, ms: performance.now() - started, rss, heap };
  } finally {
    clearInterval(timer);
  }
}
