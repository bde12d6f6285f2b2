/**
 * The manager's dashboard as figures for other tools: an .xlsx with one sheet per chart (fill rate per
 * venue and day in %, bookings made per day by channel, free seats in the next 7 / 14 / 28 days, dose-2
 * shortfalls), with the sheet pieces of the printed lists, and a CSV of the same figures in one long
 * table (表, 会場, 日付, 項目, 値), one figure a line, for a spreadsheet's pivot. Labels are Japanese,
 * like every export of the desk. No personal data: counts only.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CsvEncoding } from '../../../domain/api/methods/daily-list.ts';
import type { ManagerDashboard } from '../../../domain/api/methods/manager-dashboard.ts';
import { dayOfWeek } from '../../../domain/calendar.ts';
import {
  channelLabels,
  dailyListDateLabel,
  type ListColumn,
  shortDate,
} from '../../../domain/daily-list-layout.ts';
import { fillPercent } from '../../../domain/supply/fill-rate.ts';
import { bookingChannels } from '../../../domain/vocabulary/terms.ts';
import { type CsvOutcome, startCsv } from './csv-writer.ts';
import { addListRow, addListSheet, listPageFooter, listPageHeader } from './list-sheet-xlsx.ts';

export const dashboardTitle = 'ダッシュボード';
const weekdays = ['日', '月', '火', '水', '木', '金', '土'];
const dayLabel = (iso: string) => `${shortDate(iso)}(${weekdays[dayOfWeek(iso)]})`;

type Cell = string | number;
interface FigureTable {
  sheet: string;
  columns: ListColumn<Cell[]>[];
  rows: Cell[][];
}

const column = (
  index: number,
  label: string,
  kind: 'text' | 'number',
  width = kind === 'text' ? 24 : 10,
): ListColumn<Cell[]> => ({
  key: `c${index}`,
  label,
  width,
  align: kind === 'text' ? 'left' : 'right',
  kind,
  value: (row) => row[index] ?? '',
});

/** A venue's day: its fill in %, 休 when all its slots are closed, blank without slots. */
function fillCell(day: ManagerDashboard['venues'][number]['days'][number]): Cell {
  if (day.slotCount === 0) return '';
  return fillPercent(day.occupied, day.capacity) ?? '休';
}

function figureTables(dashboard: ManagerDashboard): FigureTable[] {
  const fill: FigureTable = {
    sheet: '充足率（%）',
    columns: [
      column(0, '会場', 'text'),
      ...dashboard.fillRateDays.map((d, i) => column(i + 1, dayLabel(d), 'number', 8)),
    ],
    rows: dashboard.venues.map((v) => [v.name, ...v.days.map(fillCell)]),
  };
  const bookings: FigureTable = {
    sheet: '日別予約数',
    columns: [
      column(0, '予約日', 'text', 14),
      ...bookingChannels.map((c, i) => column(i + 1, channelLabels[c], 'number')),
      column(bookingChannels.length + 1, '計', 'number'),
    ],
    rows: dashboard.bookingsByDay.map((d) => {
      const counts = bookingChannels.map((c) => d.byChannel[c]);
      return [d.date, ...counts, counts.reduce((a, b) => a + b, 0)];
    }),
  };
  const remaining: FigureTable = {
    sheet: '空き枠',
    columns: [
      column(0, '期間', 'text', 16),
      column(1, '最終日', 'text', 14),
      column(2, '枠数', 'number'),
      column(3, '定員', 'number'),
      column(4, '空き', 'number'),
    ],
    rows: dashboard.remaining.map((r) => [
      `今後${r.days}日`,
      r.through,
      r.slotCount,
      r.capacity,
      r.remaining,
    ]),
  };
  const shortfalls: FigureTable = {
    sheet: '2回目の不足',
    columns: [
      column(0, '接種日', 'text', 14),
      column(1, '会場', 'text'),
      column(2, 'ワクチン', 'text', 18),
      column(3, '次回の期間（から）', 'text', 16),
      column(4, '次回の期間（まで）', 'text', 16),
      column(5, '期間内の枠', 'number'),
      column(6, '期間内の空き', 'number'),
      column(7, '予約者', 'number'),
      column(8, '不足', 'number'),
    ],
    rows: dashboard.shortfalls.map((s) => [
      s.date,
      s.venueName,
      s.productName,
      s.window.from,
      s.window.to,
      s.windowSlots,
      s.windowFreeSeats,
      s.needing,
      s.short,
    ]),
  };
  return [fill, bookings, remaining, shortfalls];
}

export async function writeDashboardXlsx(
  dashboard: ManagerDashboard,
  municipalityName: string | null,
  output: Writable,
): Promise<{ rowCount: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  const generatedAt = new Date(dashboard.generatedAt);
  workbook.created = generatedAt;
  let rowCount = 0;
  for (const table of figureTables(dashboard)) {
    const sheet = addListSheet(workbook, {
      name: table.sheet,
      columns: table.columns,
      header: listPageHeader(table.sheet, `${dashboardTitle}　${dailyListDateLabel(dashboard.today)}`),
      footer: listPageFooter(municipalityName, generatedAt),
    });
    for (const row of table.rows) addListRow(sheet, table.columns, row);
    sheet.commit();
    rowCount += table.rows.length;
  }
  await workbook.commit();
  return { rowCount };
}

export const dashboardCsvHeader = ['表', '会場', '日付', '項目', '値'] as const;

function csvRecords(dashboard: ManagerDashboard): Cell[][] {
  const records: Cell[][] = [];
  for (const venue of dashboard.venues) {
    for (const day of venue.days) {
      if (day.slotCount === 0) continue;
      records.push(['充足率', venue.name, day.date, '定員', day.capacity]);
      records.push(['充足率', venue.name, day.date, '予約済み', day.occupied]);
      records.push(['充足率', venue.name, day.date, '充足率（%）', fillCell(day)]);
    }
  }
  for (const day of dashboard.bookingsByDay) {
    for (const channel of bookingChannels) {
      records.push(['日別予約数', '', day.date, channelLabels[channel], day.byChannel[channel]]);
    }
  }
  for (const r of dashboard.remaining) {
    records.push(['空き枠', '', r.through, `今後${r.days}日の定員`, r.capacity]);
    records.push(['空き枠', '', r.through, `今後${r.days}日の空き`, r.remaining]);
  }
  for (const s of dashboard.shortfalls) {
    records.push(['2回目の不足', s.venueName, s.date, `${s.productName} 予約者`, s.needing]);
    records.push(['2回目の不足', s.venueName, s.date, `${s.productName} 不足`, s.short]);
  }
  return records;
}

export async function writeDashboardCsv(
  dashboard: ManagerDashboard,
  encoding: CsvEncoding,
  output: Writable,
): Promise<CsvOutcome> {
  const csv = await startCsv(encoding, output, dashboardCsvHeader);
  await csv.writeRecords(csvRecords(dashboard));
  return csv.finish();
}
