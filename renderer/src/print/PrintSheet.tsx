/**
 * The printed page of a list (the daily list, the reminder call list), laid out like its Excel
 * export (same columns, labels and proportions from domain/): A4 landscape, a heading line (venue,
 * title and date, print time) and the column headings repeated on every printed page (they are the
 * table's header group), shaded total rows, and "page x / y" with the municipality and the time the
 * list was made in the page margins. What is on screen is what Electron's print dialog and the
 * browser's "Save as PDF" print. Styles: print.css.
 */
import { memo, type ReactNode } from 'react';
import { japanTimestampLabel, type ListColumn, peopleCount } from '../../../domain/daily-list-layout.ts';

function cssString(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', ' ')}"`;
}

/** The page size and the margin boxes: municipality, page x / y, when the list was made. */
export function PrintPageRules({
  municipalityName,
  generatedAt,
}: {
  municipalityName: string | null;
  generatedAt: string;
}) {
  const pageRules = `@page {
    size: A4 landscape;
    margin: 10mm 8mm 12mm 8mm;
    @bottom-left { content: ${cssString(municipalityName ?? '')}; font-size: 8pt; }
    @bottom-center { content: counter(page) " / " counter(pages) " ページ"; font-size: 9pt; }
    @bottom-right { content: ${cssString(`作成 ${japanTimestampLabel(new Date(generatedAt))}`)}; font-size: 8pt; }
  }`;
  return <style>{pageRules}</style>;
}

interface PrintSheetProps<Row> {
  columns: readonly ListColumn<Row>[];
  /** Left of the heading: the venue (or 全会場). */
  scope: string;
  /** Middle of the heading: the list's title and date. */
  title: string;
  /** When the print was asked for. */
  printedAt: Date;
  /** The table body's rows (PrintRow, PrintTotalRow). */
  children: ReactNode;
}

/** One sheet: a new page on paper. */
export function PrintSheet<Row>({ columns, scope, title, printedAt, children }: PrintSheetProps<Row>) {
  const totalWidth = columns.reduce((sum, c) => sum + c.width, 0);
  return (
    <section className="print-sheet" aria-label={scope} data-venue={scope}>
      <table className="print-table">
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} style={{ width: `${(column.width / totalWidth) * 100}%` }} />
          ))}
        </colgroup>
        <thead>
          <tr className="print-heading">
            <th colSpan={columns.length}>
              <div className="print-heading-line">
                <span className="print-venue">{scope}</span>
                <span className="print-title">{title}</span>
                <span className="print-time">印刷 {japanTimestampLabel(printedAt)}</span>
              </div>
            </th>
          </tr>
          <tr className="print-columns">
            {columns.map((column) => (
              <th key={column.key} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}

function PrintRowOf<Row>({
  columns,
  row,
  bookingNumber,
  attention = false,
}: {
  columns: readonly ListColumn<Row>[];
  row: Row;
  bookingNumber: string;
  /** Drawn to stand out (a booking stranded by a closed slot). */
  attention?: boolean;
}) {
  return (
    <tr data-booking-number={bookingNumber} className={attention ? 'print-attention' : undefined}>
      {columns.map((column) => (
        <td key={column.key} className={`align-${column.align}`} data-column={column.key}>
          {column.value(row)}
        </td>
      ))}
    </tr>
  );
}

/** One row of the list; drawn again only when its row changes. */
export const PrintRow = memo(PrintRowOf) as typeof PrintRowOf;

/** A shaded total: the label up to the name column, the count ('12名', or any text) from there on. */
export function PrintTotalRow<Row>({
  columns,
  label,
  count,
  grand = false,
}: {
  columns: readonly ListColumn<Row>[];
  label: string;
  count: number | string;
  grand?: boolean;
}) {
  const nameIndex = Math.max(
    1,
    columns.findIndex((c) => c.key === 'name'),
  );
  return (
    <tr className={grand ? 'print-total print-grand-total' : 'print-total'}>
      <td colSpan={nameIndex}>{label}</td>
      <td colSpan={columns.length - nameIndex}>{typeof count === 'number' ? peopleCount(count) : count}</td>
    </tr>
  );
}
