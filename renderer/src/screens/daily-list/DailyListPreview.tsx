/**
 * The print preview of the daily list, laid out like the Excel export (same columns, labels and
 * proportions from domain/daily-list-layout.ts): one venue per sheet starting on a new page, a
 * subtotal under each slot, the total at the end (the page itself: renderer/src/print/PrintSheet.tsx).
 * What is on screen is what Electron's print dialog and the browser's "Save as PDF" print.
 */
import type { DailyList } from '../../../../domain/api/contract.ts';
import {
  dailyListColumns,
  dailyListDateLabel,
  dailyListTitle,
  slotTotalLabel,
} from '../../../../domain/daily-list-layout.ts';
import { PrintPageRules, PrintRow, PrintSheet, PrintTotalRow } from '../../print/PrintSheet.tsx';

interface DailyListPreviewProps {
  list: DailyList;
  /** When the print was asked for; shown in each page's heading. */
  printedAt: Date;
}

export function DailyListPreview({ list, printedAt }: DailyListPreviewProps) {
  const dateLabel = dailyListDateLabel(list.date);
  return (
    <div className="print-area" lang="ja">
      <PrintPageRules municipalityName={list.municipalityName} generatedAt={list.generatedAt} />
      {list.venues.map((venue) => (
        <PrintSheet
          key={venue.venueId}
          columns={dailyListColumns}
          scope={venue.venueName}
          title={`${dailyListTitle}　${dateLabel}`}
          printedAt={printedAt}
        >
          {venue.slotTotals.map((slot) => [
            ...venue.rows
              .filter((r) => r.slotId === slot.slotId)
              .map((row) => (
                <PrintRow
                  key={row.bookingId}
                  columns={dailyListColumns}
                  row={row}
                  bookingNumber={row.bookingNumber}
                  attention={row.slotClosure !== null}
                />
              )),
            <PrintTotalRow
              key={`total-${slot.slotId}`}
              columns={dailyListColumns}
              label={slotTotalLabel(slot.startTime, slot.endTime)}
              count={slot.count}
            />,
          ])}
          <PrintTotalRow columns={dailyListColumns} label="合計" count={venue.rows.length} grand />
        </PrintSheet>
      ))}
    </div>
  );
}
