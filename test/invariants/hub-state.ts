/** Reads what the invariants (booking-invariants.ts) judge from a hub's database. */
import type { SqlExecutor } from '../../server/store/hub-sql.ts';
import type { HubState } from './booking-invariants.ts';

/** The hub's slots, bookings, hold rows and served change-log seqs (up to its horizon now). */
export async function readHubState(sql: SqlExecutor): Promise<HubState> {
  const slots = await sql.query<HubState['slots'][number]>(
    `SELECT id, capacity, booked_online AS "bookedOnline", booked_phone AS "bookedPhone",
            booked_walk_in AS "bookedWalkIn", held FROM slots ORDER BY id`,
  );
  const bookings = await sql.query<HubState['bookings'][number]>(
    `SELECT id::text, coupon_id AS "couponId", slot_id AS "slotId", dose_number AS "doseNumber", channel, status
       FROM bookings ORDER BY id`,
  );
  const holds = await sql.query<HubState['holds'][number]>('SELECT id::text, slot_id AS "slotId" FROM holds');
  const seqs = await sql.query<{ seq: string | number }>(
    `SELECT seq FROM change_log
      WHERE op <> 'gap' AND seq <= hub_change_log_horizon(1000, 0) ORDER BY seq`,
  );
  return { slots, bookings, holds, servedSeqs: seqs.map((r) => Number(r.seq)) };
}
