/**
 * Contract methods of the reminder call list (前日確認電話): the residents who booked by phone for a
 * day (they may have no smartphone for the online reminder) with a booking still expecting them, in
 * time order, the outcome of the call per booking (kept on this desk; every change is also in the
 * audit log), and the list's print and Excel / CSV exports, recorded in the audit log with the count.
 */
import { z } from 'zod';
import type { StaffRole } from '../../vocabulary/index.ts';
import { isoDateSchema, method } from '../method-spec.ts';
import { csvEncodings, type ExportOutcome, exportFormats, type PrintOutcome } from './daily-list.ts';

/** The call center makes these calls; venue staff and admins do not see residents' phone lists. */
export const reminderCallRoles: readonly StaffRole[] = ['operator', 'manager'];

export const reminderOutcomes = ['reached', 'message', 'no_answer'] as const;
export type ReminderOutcome = (typeof reminderOutcomes)[number];

export interface ReminderCall {
  bookingId: string;
  venueId: string;
  venueName: string;
  date: string;
  startTime: string;
  endTime: string;
  bookingNumber: string;
  name: string;
  nameKana: string;
  /** Completed years on the booking's date. */
  age: number;
  /** The booking's contact phone, else the coupon's; as stored (format it for display). */
  phone: string;
  doseNumber: number;
  /** The last outcome recorded; null before the first call (未架電). */
  outcome: ReminderOutcome | null;
  /** When that outcome was recorded (ISO timestamp). */
  outcomeAt: string | null;
}

export interface ReminderCallList {
  date: string;
  venueId: string | null;
  /** When the list was read (ISO timestamp); printed in the footer. */
  generatedAt: string;
  municipalityName: string | null;
  calls: ReminderCall[];
}

const reminderTarget = {
  date: isoDateSchema,
  /** null: every venue. */
  venueId: z.string().min(1).max(64).nullable(),
};

export const reminderCallMethods = {
  getReminderCalls: method<ReminderCallList>()({
    input: z.object(reminderTarget).strict(),
    roles: reminderCallRoles,
  }),
  /** outcome null takes a mistaken outcome back: the booking is 未架電 again. */
  recordReminderOutcome: method<ReminderCall>()({
    input: z
      .object({ bookingId: z.string().min(1).max(64), outcome: z.enum(reminderOutcomes).nullable() })
      .strict(),
    roles: reminderCallRoles,
  }),
  exportReminderCalls: method<ExportOutcome>()({
    input: z
      .object({
        ...reminderTarget,
        format: z.enum(exportFormats),
        csvEncoding: z.enum(csvEncodings).default('utf-8-bom'),
      })
      .strict(),
    roles: reminderCallRoles,
  }),
  printReminderCalls: method<PrintOutcome>()({
    input: z.object(reminderTarget).strict(),
    roles: reminderCallRoles,
  }),
};
