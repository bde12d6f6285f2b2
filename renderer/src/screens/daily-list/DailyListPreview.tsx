/**
 * The print preview of the daily list, laid out like the Excel export (same columns, labels and
 * proportions from domain/daily-list-layout.ts): A4 landscape, one venue per sheet starting on a new
 * page, the venue / date / print-time line and the column headings repeated on every printed page
 * (they are the table's header group), a subtotal under each slot, the total at the end, and
 * "page x / y" with the municipality and the time the list was made in the page margins.
 * What is on screen is what Electron's print dialog and the browser's "Save as PDF" print.
 */
import type { DailyList } from '../../../../domain/api/contract.ts';
import {
  dailyListColumns,
  dailyListDateLabel,
  dailyListTitle,
  japanTimestampLabel,
  peopleCount,
  slotTotalLabel,
} from '../../../../domain/daily-list-layout.ts';

const totalWidth = dailyListColumns.reduce((sum, c) => sum + c.width, 0);
const nameIndex = dailyListColumns.findIndex((c) => c.key === 'name');

function cssString(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', ' ')}"`;
}

interface DailyListPreviewProps {
  list: DailyList;
  /** When the print was asked for; shown in each page's heading. */
  printedAt: Date;
}

export function DailyListPreview({ list, printedAt }: DailyListPreviewProps) {
  const dateLabel = dailyListDateLabel(list.date);
  const pageRules = `@page {
    size: A4 landscape;
    margin: 10mm 8mm 12mm 8mm;
    @bottom-left { content: ${cssString(list.municipalityName ?? '')}; font-size: 8pt; }
    @bottom-center { content: counter(page) " / " counter(pages) " ページ"; font-size: 9pt; }
    @bottom-right { content: ${cssString(`作成 ${japanTimestampLabel(new Date(list.generatedAt))}`)}; font-size: 8pt; }
  }`;
  return (
    <div className="print-area" lang="ja">
      <style>{pageRules}</style>
      {list.venues.map((venue) => (
        <section
          key={venue.venueId}
          className="print-sheet"
          aria-label={venue.venueName}
          data-venue={venue.venueName}
        >
          <table className="print-table">
            <colgroup>
              {dailyListColumns.map((column) => (
                <col key={column.key} style={{ width: `${(column.width / totalWidth) * 100}%` }} />
              ))}
            </colgroup>
            <thead>
              <tr className="print-heading">
                <th colSpan={dailyListColumns.length}>
                  <div className="print-heading-line">
                    <span className="print-venue">{venue.venueName}</span>
                    <span className="print-title">
                      {dailyListTitle}　{dateLabel}
                    </span>
                    <span className="print-time">印刷 {japanTimestampLabel(printedAt)}</span>
                  </div>
                </th>
              </tr>
              <tr className="print-columns">
                {dailyListColumns.map((column) => (
                  <th key={column.key} scope="col">
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {venue.slotTotals.map((slot) => {
                const rows = venue.rows.filter((r) => r.slotId === slot.slotId);
                return [
                  ...rows.map((row) => (
                    <tr key={row.bookingId} data-booking-number={row.bookingNumber}>
                      {dailyListColumns.map((column) => (
                        <td key={column.key} className={`align-${column.align}`}>
                          {column.value(row)}
                        </td>
                      ))}
                    </tr>
                  )),
                  <tr key={`total-${slot.slotId}`} className="print-total">
                    <td colSpan={nameIndex}>{slotTotalLabel(slot.startTime, slot.endTime)}</td>
                    <td colSpan={dailyListColumns.length - nameIndex}>{peopleCount(slot.count)}</td>
                  </tr>,
                ];
              })}
              <tr className="print-total print-grand-total">
                <td colSpan={nameIndex}>合計</td>
                <td colSpan={dailyListColumns.length - nameIndex}>{peopleCount(venue.rows.length)}</td>
              </tr>
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
