/**
 * Hub records (snapshot rows and change-log entries; domain/demo-city/records.ts field names plus the
 * hub's own columns) written onto the local tables. The caller runs each page inside one transaction
 * together with the cursor, so a page is applied completely or not at all.
 *
 * Bookings are matched to their local twin: by hub id; else, for a booking pushed by this desktop
 * whose answer has not arrived (or was lost), by the mutation id the hub stored with it or by the id
 * itself (the hub keeps the desktop's id and booking number); else they are new rows under the hub's
 * id. A booking with local changes still in the outbox keeps its local status and slot: only the hub's
 * view (hub_status, hub_slot_id) is noted, so the pending change is neither undone nor lost. Otherwise
 * the hub's record wins, the venue's marks and the vaccine lot included (they reach the hub as `mark`
 * mutations, so the hub's status is never older than a mark that has left the outbox).
 *
 * A row whose parent has not arrived (a snapshot page read while the hub was changing) is skipped: its
 * parent was created after the snapshot's sequence number, so the pull that follows brings both.
 */
import { attendanceMarks, type BookingStatus } from '../../domain/booking-status.ts';
import { bookingEventRecordSchema } from '../../domain/hub-api/sync-api.ts';
import type { SyncEntity } from '../../domain/vocabulary/terms.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendBookingHistory, recordHubBookingEvent } from './booking-history.ts';
import { getMeta, metaKeys, setMunicipality } from './meta.ts';
import { rememberStaffName } from './staff-names.ts';

export type HubEntity = SyncEntity;

export interface HubRow {
  entity: HubEntity;
  id: string;
  op: 'upsert' | 'delete';
  payload: unknown;
}

export type ChangeScope = 'bookings' | 'slots' | 'venues' | 'coupons';

/** What the outbox still holds, so that hub rows do not overwrite local changes on their way. */
export interface PendingLocalChanges {
  bookingIds: ReadonlySet<string>;
  /** The hub mutation id of a 'book' still in the outbox → the local booking it creates. */
  bookingByMutationId: ReadonlyMap<string, string>;
}

export const noPendingChanges: PendingLocalChanges = {
  bookingIds: new Set(),
  bookingByMutationId: new Map(),
};

export interface ApplyContext {
  pending: PendingLocalChanges;
  /** The municipality the hub session sees (null: all); its name goes into meta. */
  municipalityCode: string | null;
  /** Told about a row that could not be stored (entity and id only: no personal data). */
  onSkipped?: (entity: HubEntity, id: string, why: string) => void;
}

export interface ApplySummary {
  applied: number;
  skipped: number;
  scopes: Set<ChangeScope>;
}

type Payload = Record<string, unknown>;

const flag = (value: unknown): number => (value === true || value === 1 ? 1 : 0);

// Parents are looked up before a plain INSERT … VALUES: an INSERT … SELECT … WHERE EXISTS costs
// nearly twice as much per booking (measured; the grid triggers on bookings make that form slow).
function exists(
  db: Database,
  table: 'venues' | 'vaccine_products' | 'slots' | 'coupons',
  id: string,
): boolean {
  return (
    cachedStatement<[string], number>(db, `SELECT 1 FROM ${table} WHERE id = ?`).pluck().get(id) !== undefined
  );
}
const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function applyHubRows(db: Database, rows: readonly HubRow[], context: ApplyContext): ApplySummary {
  const summary: ApplySummary = { applied: 0, skipped: 0, scopes: new Set() };
  for (const row of rows) {
    let outcome: RowOutcome;
    try {
      outcome = applyRow(db, row, context);
    } catch (error) {
      outcome = { skipped: error instanceof Error ? error.constructor.name : 'error' };
    }
    if ('skipped' in outcome) {
      summary.skipped += 1;
      context.onSkipped?.(row.entity, row.id, outcome.skipped);
    } else {
      summary.applied += 1;
      if (outcome.scope) summary.scopes.add(outcome.scope);
    }
  }
  return summary;
}

type RowOutcome = { scope: ChangeScope | null } | { skipped: string };

function applyRow(db: Database, row: HubRow, context: ApplyContext): RowOutcome {
  if (row.op === 'delete') return deleteRow(db, row);
  const p = (row.payload ?? {}) as Payload;
  switch (row.entity) {
    case 'municipality':
      return upsertMunicipality(db, p, context);
    case 'vaccine_product':
      return upsertProduct(db, p);
    case 'venue':
      return upsertVenue(db, p);
    case 'slot':
      return upsertSlot(db, p);
    case 'coupon':
      return upsertCoupon(db, p);
    case 'coupon_dose':
      return upsertCouponDose(db, p);
    case 'booking':
      return applyBookingRecord(db, p, context.pending);
    case 'hold':
      return upsertHold(db, p);
    case 'staff':
      return upsertStaffName(db, p);
    case 'booking_event':
      return applyBookingEvent(db, p);
  }
}

function applyBookingEvent(db: Database, p: Payload): RowOutcome {
  const event = bookingEventRecordSchema.safeParse(p);
  if (!event.success) return { skipped: 'booking event not readable' };
  return recordHubBookingEvent(db, event.data) ? { scope: 'bookings' } : { skipped: 'booking missing' };
}

/** A name from the hub's staff directory (id and name only). */
function upsertStaffName(db: Database, p: Payload): RowOutcome {
  const id = text(p.id);
  const name = text(p.displayName);
  if (id === '' || name === '') return { skipped: 'staff record without a name' };
  rememberStaffName(db, id, name, 'hub');
  return { scope: 'bookings' };
}

function upsertMunicipality(db: Database, p: Payload, context: ApplyContext): RowOutcome {
  const code = text(p.code);
  const mine =
    context.municipalityCode === null
      ? (getMeta(db, metaKeys.municipalityCode) ?? code)
      : context.municipalityCode;
  if (code === mine) setMunicipality(db, { code, name: text(p.name) });
  return { scope: null };
}

function upsertProduct(db: Database, p: Payload): RowOutcome {
  cachedStatement(
    db,
    `INSERT INTO vaccine_products (id, name, manufacturer, doses_in_series, interval_min_days, interval_max_days,
                                   min_age_years, active)
     VALUES (:id, :name, :manufacturer, :dosesInSeries, :intervalMinDays, :intervalMaxDays, :minAgeYears, :active)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, manufacturer = excluded.manufacturer,
       doses_in_series = excluded.doses_in_series, interval_min_days = excluded.interval_min_days,
       interval_max_days = excluded.interval_max_days, min_age_years = excluded.min_age_years,
       active = excluded.active`,
  ).run({
    id: text(p.id),
    name: text(p.name),
    manufacturer: text(p.manufacturer),
    dosesInSeries: p.dosesInSeries,
    intervalMinDays: p.intervalMinDays,
    intervalMaxDays: p.intervalMaxDays,
    minAgeYears: p.minAgeYears,
    active: flag(p.active),
  });
  return { scope: 'slots' };
}

function upsertVenue(db: Database, p: Payload): RowOutcome {
  cachedStatement(
    db,
    `INSERT INTO venues (id, municipality_code, name, name_kana, kind, area, address, phone, active, updated_at)
     VALUES (:id, :municipalityCode, :name, :nameKana, :kind, :area, :address, :phone, :active, :updatedAt)
     ON CONFLICT (id) DO UPDATE SET municipality_code = excluded.municipality_code, name = excluded.name,
       name_kana = excluded.name_kana, kind = excluded.kind, area = excluded.area, address = excluded.address,
       phone = excluded.phone, active = excluded.active, updated_at = excluded.updated_at`,
  ).run({
    id: text(p.id),
    municipalityCode: text(p.municipalityCode),
    name: text(p.name),
    nameKana: text(p.nameKana),
    kind: text(p.kind),
    area: text(p.area),
    address: text(p.address),
    phone: text(p.phone),
    active: flag(p.active),
    updatedAt: text(p.updatedAt),
  });
  return { scope: 'venues' };
}

function upsertSlot(db: Database, p: Payload): RowOutcome {
  const capacity = Math.max(0, Number(p.capacity) || 0);
  // The hub may show a reserve above a cut capacity for a moment; the local CHECK does not allow it.
  const reserve = Math.min(capacity, Math.max(0, Number(p.callCenterReserve) || 0));
  if (!exists(db, 'venues', text(p.venueId)) || !exists(db, 'vaccine_products', text(p.productId))) {
    return { skipped: 'venue or product missing' };
  }
  cachedStatement(
    db,
    `INSERT INTO slots (id, venue_id, product_id, date, start_time, end_time, capacity, call_center_reserve,
                        status, updated_at)
     VALUES (:id, :venueId, :productId, :date, :startTime, :endTime, :capacity, :reserve, :status, :updatedAt)
     ON CONFLICT (id) DO UPDATE SET venue_id = excluded.venue_id, product_id = excluded.product_id,
       date = excluded.date, start_time = excluded.start_time, end_time = excluded.end_time,
       capacity = excluded.capacity, call_center_reserve = excluded.call_center_reserve,
       status = excluded.status, updated_at = excluded.updated_at`,
  ).run({
    id: text(p.id),
    venueId: text(p.venueId),
    productId: text(p.productId),
    date: text(p.date),
    startTime: text(p.startTime),
    endTime: text(p.endTime),
    capacity,
    reserve,
    status: p.status === 'closed' ? 'closed' : 'open',
    updatedAt: text(p.updatedAt),
  });
  return { scope: 'slots' };
}

function upsertCoupon(db: Database, p: Payload): RowOutcome {
  cachedStatement(
    db,
    `INSERT INTO coupons (id, municipality_code, ticket_number, name, name_kana, name_kana_key, birth_date, sex,
                          address, phone, phone_key, status, updated_at)
     VALUES (:id, :municipalityCode, :ticketNumber, :name, :nameKana, :nameKanaKey, :birthDate, :sex, :address,
             :phone, :phoneKey, :status, :updatedAt)
     ON CONFLICT (id) DO UPDATE SET municipality_code = excluded.municipality_code,
       ticket_number = excluded.ticket_number, name = excluded.name, name_kana = excluded.name_kana,
       name_kana_key = excluded.name_kana_key, birth_date = excluded.birth_date, sex = excluded.sex,
       address = excluded.address, phone = excluded.phone, phone_key = excluded.phone_key,
       status = excluded.status, updated_at = excluded.updated_at`,
  ).run({
    id: text(p.id),
    municipalityCode: text(p.municipalityCode),
    ticketNumber: text(p.ticketNumber),
    name: text(p.name),
    nameKana: text(p.nameKana),
    nameKanaKey: text(p.nameKanaKey),
    birthDate: text(p.birthDate),
    sex: text(p.sex, 'U'),
    address: text(p.address),
    phone: text(p.phone),
    phoneKey: text(p.phoneKey),
    status: text(p.status, 'active'),
    updatedAt: text(p.updatedAt),
  });
  return { scope: 'coupons' };
}

function upsertCouponDose(db: Database, p: Payload): RowOutcome {
  const productId = textOrNull(p.productId);
  if (
    !exists(db, 'coupons', text(p.couponId)) ||
    (productId !== null && !exists(db, 'vaccine_products', productId))
  ) {
    return { skipped: 'coupon or product missing' };
  }
  cachedStatement(
    db,
    `INSERT INTO coupon_doses (coupon_id, dose_number, date, product_id)
     VALUES (:couponId, :doseNumber, :date, :productId)
     ON CONFLICT (coupon_id, dose_number) DO UPDATE SET date = excluded.date, product_id = excluded.product_id`,
  ).run({ couponId: text(p.couponId), doseNumber: p.doseNumber, date: text(p.date), productId });
  return { scope: 'coupons' };
}

/** A seat held on the hub (db/migrations/006-hub-holds.ts says how it counts). */
function upsertHold(db: Database, p: Payload): RowOutcome {
  const expiresAt = new Date(text(p.expiresAt));
  if (Number.isNaN(expiresAt.getTime())) return { skipped: 'hold without an expiry' };
  if (!exists(db, 'slots', text(p.slotId))) return { skipped: 'slot missing' };
  cachedStatement(
    db,
    `INSERT INTO hub_holds (id, slot_id, device_id, expires_at) VALUES (:id, :slotId, :deviceId, :expiresAt)
     ON CONFLICT (id) DO UPDATE SET slot_id = excluded.slot_id, device_id = excluded.device_id,
       expires_at = excluded.expires_at`,
  ).run({
    id: text(p.id),
    slotId: text(p.slotId),
    deviceId: textOrNull(p.deviceId),
    expiresAt: expiresAt.toISOString(),
  });
  return { scope: 'slots' };
}

function deleteRow(db: Database, row: HubRow): RowOutcome {
  switch (row.entity) {
    case 'hold':
      cachedStatement(db, 'DELETE FROM hub_holds WHERE id = ?').run(row.id);
      return { scope: 'slots' };
    case 'coupon_dose': {
      const cut = row.id.lastIndexOf(':');
      cachedStatement(db, 'DELETE FROM coupon_doses WHERE coupon_id = ? AND dose_number = ?').run(
        row.id.slice(0, cut),
        Number(row.id.slice(cut + 1)),
      );
      return { scope: 'coupons' };
    }
    case 'booking':
      cachedStatement(db, 'DELETE FROM bookings WHERE hub_id = ?').run(row.id);
      return { scope: 'bookings' };
    // (A staff tombstone leaves the name: it still tells who made the bookings that person made.)
    case 'slot':
      cachedStatement(db, 'DELETE FROM slots WHERE id = ?').run(row.id);
      return { scope: 'slots' };
    case 'coupon':
      cachedStatement(db, 'DELETE FROM coupons WHERE id = ?').run(row.id);
      return { scope: 'coupons' };
    case 'venue':
      cachedStatement(db, 'DELETE FROM venues WHERE id = ?').run(row.id);
      return { scope: 'venues' };
    case 'vaccine_product':
      cachedStatement(db, 'DELETE FROM vaccine_products WHERE id = ?').run(row.id);
      return { scope: 'slots' };
    default:
      return { scope: null };
  }
}

interface LocalBooking {
  id: string;
  status: BookingStatus;
  hub_id: string | null;
}

/** The local row that is the hub booking `record`, or null when it is new to this desktop. */
function localTwin(db: Database, record: Payload, pending: PendingLocalChanges): LocalBooking | null {
  const byHubId = cachedStatement<[string], LocalBooking>(
    db,
    'SELECT id, status, hub_id FROM bookings WHERE hub_id = ?',
  ).get(text(record.id));
  if (byHubId) return byHubId;
  const mutationId = textOrNull(record.mutationId);
  const localId = (mutationId && pending.bookingByMutationId.get(mutationId)) || text(record.id);
  return (
    cachedStatement<[string], LocalBooking>(
      db,
      'SELECT id, status, hub_id FROM bookings WHERE id = ? AND hub_id IS NULL',
    ).get(localId) ?? null
  );
}

/**
 * Writes one hub booking record. `forLocalId` names the local twin outright (a push answer for that
 * booking); otherwise it is looked up. Returns the local id it was written to, or a skip.
 */
export function applyBookingRecord(
  db: Database,
  record: Payload,
  pending: PendingLocalChanges,
  forLocalId?: string,
): RowOutcome & { localId?: string } {
  const twin = forLocalId
    ? (cachedStatement<[string], LocalBooking>(
        db,
        'SELECT id, status, hub_id FROM bookings WHERE id = ?',
      ).get(forLocalId) ?? null)
    : localTwin(db, record, pending);
  const values = {
    hubId: text(record.id),
    bookingNumber: text(record.bookingNumber),
    couponId: text(record.couponId),
    slotId: text(record.slotId),
    doseNumber: record.doseNumber,
    channel: text(record.channel),
    status: text(record.status),
    contactPhone: text(record.contactPhone),
    notes: text(record.notes),
    createdBy: textOrNull(record.createdBy),
    createdAt: text(record.createdAt),
    updatedAt: text(record.updatedAt),
    vaccineLot: textOrNull(record.vaccineLot),
  };
  if (!twin) {
    if (!exists(db, 'coupons', values.couponId) || !exists(db, 'slots', values.slotId)) {
      return { skipped: 'coupon or slot missing' };
    }
    cachedStatement(
      db,
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, contact_phone,
                             notes, reject_reason, created_by, created_at, updated_at, vaccine_lot, hub_id, hub_status,
                             hub_slot_id)
       VALUES (:hubId, :bookingNumber, :couponId, :slotId, :doseNumber, :channel, :status, :contactPhone, :notes,
               NULL, :createdBy, :createdAt, :updatedAt, :vaccineLot, :hubId, :status, :slotId)`,
    ).run(values);
    return { scope: 'bookings', localId: values.hubId };
  }

  cachedStatement(
    db,
    'UPDATE bookings SET hub_id = :hubId, hub_status = :status, hub_slot_id = :slotId WHERE id = :id',
  ).run({ id: twin.id, hubId: values.hubId, status: values.status, slotId: values.slotId });
  if (pending.bookingIds.has(twin.id)) return { scope: 'bookings', localId: twin.id };

  // Who made the booking and when stay as this desktop (or the first hub record) wrote them.
  const update = cachedStatement(
    db,
    `UPDATE bookings SET coupon_id = :couponId, slot_id = :slotId, dose_number = :doseNumber, channel = :channel,
            status = :status, vaccine_lot = CASE WHEN :hasLot = 1 THEN :vaccineLot ELSE vaccine_lot END,
            contact_phone = :contactPhone, notes = :notes,
            reject_reason = NULL, updated_at = :updatedAt,
            booking_number = CASE WHEN :renumber = 1 THEN :bookingNumber ELSE booking_number END
      WHERE id = :id AND EXISTS (SELECT 1 FROM slots WHERE id = :slotId)`,
  );
  // (A hub from before the venue's marks reached it sends no lot: the local one stays.)
  const params = { ...values, id: twin.id, hasLot: 'vaccineLot' in record ? 1 : 0 };
  let written: { changes: number };
  try {
    written = update.run({ ...params, renumber: 1 });
  } catch (error) {
    // The hub's booking number is taken locally by another booking: keep ours.
    if (!(error instanceof Error && /UNIQUE/.test(error.message))) throw error;
    written = update.run({ ...params, renumber: 0 });
  }
  // When this desk learned it (its own clock, like the lines of the change the hub took).
  if (written.changes === 1 && twin.status === 'provisional' && values.status === 'confirmed') {
    appendBookingHistory(db, {
      bookingId: twin.id,
      staffId: null,
      action: 'hub_confirmed',
      fromStatus: 'provisional',
      toStatus: 'confirmed',
    });
  }
  return { scope: 'bookings', localId: twin.id };
}

/** The hub refused a new booking for good: it stays visible as rejected, with the reason (a callback task). */
export function markBookingRejected(db: Database, localId: string, reason: string, at: Date): boolean {
  // What the venue recorded (checked in, vaccinated, no-show) happened: a refused booking keeps it,
  // with the hub's reason beside it (the refusal is listed in the sync status for a manager).
  const result = cachedStatement(
    db,
    `UPDATE bookings SET status = CASE WHEN status IN (${attendanceSqlList}) THEN status ELSE 'rejected' END,
            reject_reason = ?, updated_at = ?
      WHERE id = ? AND status NOT IN ('cancelled', 'rejected')`,
  ).run(reason, at.toISOString(), localId);
  return result.changes === 1;
}

const attendanceSqlList = attendanceMarks.map((s) => `'${s}'`).join(', ');

/**
 * The hub refused a change to a booking it has (a cancel, a move, a mark): the local row goes back to
 * what the hub last said about it. False when the hub's view is not known.
 */
export function restoreHubView(db: Database, localId: string, at: Date): boolean {
  const result = cachedStatement(
    db,
    `UPDATE bookings SET status = hub_status, slot_id = hub_slot_id, updated_at = ?,
            vaccine_lot = CASE WHEN hub_status = 'vaccinated' THEN vaccine_lot END
      WHERE id = ? AND hub_status IS NOT NULL AND hub_slot_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM slots s WHERE s.id = bookings.hub_slot_id)`,
  ).run(at.toISOString(), localId);
  return result.changes === 1;
}

/** The hub's id of a local booking, once the hub has it. */
export function hubIdOfBooking(db: Database, localId: string): string | null {
  return (
    cachedStatement<[string], string | null>(db, 'SELECT hub_id FROM bookings WHERE id = ?')
      .pluck()
      .get(localId) ?? null
  );
}

export interface BookingFacts {
  id: string;
  couponId: string;
  doseNumber: number;
  channel: 'phone' | 'online' | 'walk_in';
  status: BookingStatus;
  contactPhone: string;
  notes: string;
  hubId: string | null;
  bookingNumber: string;
}

export function bookingFacts(db: Database, localId: string): BookingFacts | null {
  const row = cachedStatement<
    [string],
    {
      id: string;
      coupon_id: string;
      dose_number: number;
      channel: BookingFacts['channel'];
      status: BookingStatus;
      contact_phone: string;
      notes: string;
      hub_id: string | null;
      booking_number: string;
    }
  >(
    db,
    `SELECT id, coupon_id, dose_number, channel, status, contact_phone, notes, hub_id, booking_number
       FROM bookings WHERE id = ?`,
  ).get(localId);
  return row
    ? {
        id: row.id,
        couponId: row.coupon_id,
        doseNumber: row.dose_number,
        channel: row.channel,
        status: row.status,
        contactPhone: row.contact_phone,
        notes: row.notes,
        hubId: row.hub_id,
        bookingNumber: row.booking_number,
      }
    : null;
}
