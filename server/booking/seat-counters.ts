/**
 * Taking and giving back seats on the slot row. The capacity check is the WHERE clause of the
 * UPDATE that takes the seat: concurrent bookings queue on the slot's row lock and PostgreSQL
 * re-checks the condition on the newest row version, so two bookings can never both take the last
 * seat. There is no read-then-write anywhere.
 *
 * The condition is domain/booking-rules/capacity.ts seatsRemaining() in SQL: hub_seats_remaining()
 * (store/migrations/011), its one SQL copy, also used by the online booking's database function; a
 * test (test/integration/hub-capacity-rule.test.ts) compares the two over many slot states.
 */
import type { CapacityChannel } from '../../domain/booking-rules/capacity.ts';
import { japanTimeAt } from '../../domain/booking-rules/slot-start.ts';
import type { SqlExecutor } from '../store/hub-sql.ts';
import type { HubTx } from '../store/hub-transaction.ts';
import { type SlotRow, slotRecordOf } from '../store/records.ts';

const counterColumn: Readonly<Record<CapacityChannel, string>> = {
  online: 'booked_online',
  phone: 'booked_phone',
  walk_in: 'booked_walk_in',
};

/**
 * SQL expression over a slots row: seats the channel can still book. `today` (the date in Japan) and
 * `japanNow` (the wall clock in Japan, 'YYYY-MM-DD HH:MM') are placeholders such as '$2': the days
 * rule of the reserve release reads the first, an hours rule (reserve_release_hours) the second.
 */
export function seatsRemainingSql(channel: CapacityChannel, today: string, japanNow = 'NULL'): string {
  return `hub_seats_remaining('${channel}', ${today}::date, ${japanNow}::timestamp, capacity, call_center_reserve,
    reserve_release_days, reserve_release_hours, date, start_time, booked_online, booked_phone, booked_walk_in, held)`;
}

/** The wall clock in Japan at `now`, as seatsRemainingSql's `japanNow` takes it. */
export function japanClockSql(now: Date): string {
  const at = japanTimeAt(now);
  return `${at.date} ${at.time}`;
}

/**
 * Takes one seat for the channel if the slot is open and has one; returns the updated slot row,
 * or null when there was no seat. Records the slot change.
 */
export async function takeSeat(
  tx: HubTx,
  slotId: string,
  channel: CapacityChannel,
  today: string,
): Promise<SlotRow | null> {
  const column = counterColumn[channel];
  // Only the online condition depends on the time (the reserve release); the others take no date.
  const [row] =
    channel === 'online'
      ? await tx.query<SlotRow>(
          `UPDATE slots SET ${column} = ${column} + 1, updated_at = $3
           WHERE id = $1 AND status = 'open' AND ${seatsRemainingSql(channel, '$2', '$4')} >= 1
           RETURNING *`,
          [slotId, today, tx.now, japanClockSql(tx.now)],
        )
      : await tx.query<SlotRow>(
          `UPDATE slots SET ${column} = ${column} + 1, updated_at = $2
           WHERE id = $1 AND status = 'open' AND ${seatsRemainingSql(channel, 'NULL')} >= 1
           RETURNING *`,
          [slotId, tx.now],
        );
  if (!row) return null;
  tx.changes.upsert('slot', row.id, slotRecordOf(row), row.municipality_code);
  return row;
}

/**
 * Takes one seat as a hold (held + 1) under the phone channel's condition (the reserve may be used)
 * if the slot is open; returns the updated row or null. Records the slot change. Whether the slot has
 * started is the caller's check (domain/booking-rules/slot-start.ts), as for every booking.
 */
export async function takeHeldSeat(tx: HubTx, slotId: string): Promise<SlotRow | null> {
  const [row] = await tx.query<SlotRow>(
    `UPDATE slots SET held = held + 1, updated_at = $2
     WHERE id = $1 AND status = 'open' AND ${seatsRemainingSql('phone', 'NULL')} >= 1
     RETURNING *`,
    [slotId, tx.now],
  );
  if (row) tx.changes.upsert('slot', row.id, slotRecordOf(row), row.municipality_code);
  return row ?? null;
}

/** A held seat becomes a booking's seat: held − 1 and the channel's counter + 1 (occupancy unchanged). */
export async function convertHeldSeat(tx: HubTx, slotId: string, channel: CapacityChannel): Promise<SlotRow> {
  const column = counterColumn[channel];
  const [row] = await tx.query<SlotRow>(
    `UPDATE slots SET held = held - 1, ${column} = ${column} + 1, updated_at = $2 WHERE id = $1 AND held > 0
     RETURNING *`,
    [slotId, tx.now],
  );
  if (!row) throw new Error('a hold row existed without its seat counted in slots.held');
  tx.changes.upsert('slot', row.id, slotRecordOf(row), row.municipality_code);
  return row;
}

/** Gives back a held seat (hold released). */
export async function releaseHeldSeat(tx: HubTx, slotId: string): Promise<void> {
  const [row] = await tx.query<SlotRow>(
    'UPDATE slots SET held = held - 1, updated_at = $2 WHERE id = $1 AND held > 0 RETURNING *',
    [slotId, tx.now],
  );
  if (row) tx.changes.upsert('slot', row.id, slotRecordOf(row), row.municipality_code);
}

/** Gives back a seat taken by a booking of that channel (cancellation). */
export async function releaseSeat(tx: HubTx, slotId: string, channel: CapacityChannel): Promise<void> {
  const column = counterColumn[channel];
  const [row] = await tx.query<SlotRow>(
    `UPDATE slots SET ${column} = ${column} - 1, updated_at = $2 WHERE id = $1 AND ${column} > 0 RETURNING *`,
    [slotId, tx.now],
  );
  if (row) tx.changes.upsert('slot', row.id, slotRecordOf(row), row.municipality_code);
}

/** Deletes the expired holds of these slots and gives their seats back (tombstones + slot changes). */
export async function sweepExpiredHolds(tx: HubTx, slotIds: readonly string[]): Promise<number> {
  const expired = await tx.query<{ id: string; slot_id: string; municipality_code: string }>(
    'DELETE FROM holds WHERE slot_id = ANY($1::text[]) AND expires_at <= $2 RETURNING id, slot_id, municipality_code',
    [[...slotIds], tx.now],
  );
  const perSlot = new Map<string, number>();
  for (const hold of expired) {
    tx.changes.delete('hold', hold.id, hold.municipality_code);
    perSlot.set(hold.slot_id, (perSlot.get(hold.slot_id) ?? 0) + 1);
  }
  for (const slotId of [...perSlot.keys()].sort()) {
    const [row] = await tx.query<SlotRow>(
      'UPDATE slots SET held = held - $2, updated_at = $3 WHERE id = $1 RETURNING *',
      [slotId, perSlot.get(slotId), tx.now],
    );
    if (row) tx.changes.upsert('slot', row.id, slotRecordOf(row), row.municipality_code);
  }
  return expired.length;
}

/** Active holds per slot, for showing remaining seats (expired but not yet swept holds do not count). */
export async function activeHoldCounts(
  sql: SqlExecutor,
  slotIds: readonly string[],
  now: Date,
): Promise<Map<string, number>> {
  const rows = await sql.query<{ slot_id: string; n: number }>(
    'SELECT slot_id, count(*)::int AS n FROM holds WHERE slot_id = ANY($1::text[]) AND expires_at > $2 GROUP BY slot_id',
    [[...slotIds], now],
  );
  return new Map(rows.map((r) => [r.slot_id, r.n]));
}
