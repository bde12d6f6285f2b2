/**
 * The printed reminder call list (前日確認電話リスト), laid out like its Excel export (columns from
 * domain/reminder-call-layout.ts): one A4 landscape sheet in time order, outcomes recorded so far
 * and a blank memo column to write on, the total with the counts per outcome at the end.
 */
import type { ReminderCallList } from '../../../../domain/api/contract.ts';
import { dailyListDateLabel, peopleCount } from '../../../../domain/daily-list-layout.ts';
import {
  countReminderOutcomes,
  reminderCallColumns,
  reminderCallTitle,
  reminderCountsLabel,
  reminderScopeLabel,
} from '../../../../domain/reminder-call-layout.ts';
import { PrintPageRules, PrintRow, PrintSheet, PrintTotalRow } from '../../print/PrintSheet.tsx';

interface ReminderCallPreviewProps {
  list: ReminderCallList;
  /** The venue's name, or null for every venue (全会場). */
  venueName: string | null;
  printedAt: Date;
}

export function ReminderCallPreview({ list, venueName, printedAt }: ReminderCallPreviewProps) {
  const counts = countReminderOutcomes(list.calls);
  return (
    <div className="print-area" lang="ja">
      <PrintPageRules municipalityName={list.municipalityName} generatedAt={list.generatedAt} />
      <PrintSheet
        columns={reminderCallColumns}
        scope={reminderScopeLabel(venueName)}
        title={`${reminderCallTitle}　${dailyListDateLabel(list.date)}`}
        printedAt={printedAt}
      >
        {list.calls.map((call) => (
          <PrintRow
            key={call.bookingId}
            columns={reminderCallColumns}
            row={call}
            bookingNumber={call.bookingNumber}
          />
        ))}
        <PrintTotalRow
          columns={reminderCallColumns}
          label="合計"
          count={`${peopleCount(counts.total)}（${reminderCountsLabel(counts)}）`}
          grand
        />
      </PrintSheet>
    </div>
  );
}
