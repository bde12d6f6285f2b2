/**
 * What every phone-desk write shares: who writes and when, the seat condition the conditional writes
 * use, and the way a write refuses (rolling back whatever it wrote before) with an answer for the UI.
 */
import type { IsoDate } from '../../domain/calendar.ts';
import type { StaffRole } from '../../domain/vocabulary/index.ts';
import { heldElsewhereSql, seatOccupyingSqlList } from './phone-slot-availability.ts';

export interface PhoneWriteContext {
  staffId: string;
  role: StaffRole;
  now: Date;
  /** Today in Japan (the reserve's release); a slot that has started by `now` is not bookable. */
  today: IsoDate;
  /** Random numbers in [0, 1) for booking numbers; crypto-strength by default. */
  random?: () => number;
}

/**
 * SQL condition, true while slot `:slotId` is open and has a free seat: occupied seats counted with
 * the same statuses as everywhere else. Used INSIDE the INSERT or UPDATE that takes the seat, so the
 * check and the write are one statement.
 */
export const slotHasFreeSeatSql = `
  EXISTS (SELECT 1 FROM slots fs
           WHERE fs.id = :slotId AND fs.status = 'open'
             AND (SELECT count(*) FROM bookings fb
                   WHERE fb.slot_id = fs.id AND fb.status IN (${seatOccupyingSqlList}))
                 + ${heldElsewhereSql('fs.id')} < fs.capacity)`;

/** Thrown inside a write transaction to roll it back and answer `result` instead. */
export class WriteRefused<T> extends Error {
  readonly result: T;

  constructor(result: T) {
    super('write refused');
    this.name = 'WriteRefused';
    this.result = result;
  }
}

/** Runs the transaction; a WriteRefused thrown inside becomes its answer (after the rollback). */
export function answerOrRefusal<T>(transaction: () => T): T {
  try {
    return transaction();
  } catch (error) {
    if (error instanceof WriteRefused) return error.result as T;
    throw error;
  }
}
