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
import type { HubRejection } from '../../domain/api/contract.ts';
import { attendanceMarks, type BookingStatus } from '../../domain/booking-status.ts';
import type {
  BookingEventRecord,
  HoldRecord,
  HubBookingRecord,
  HubCouponDoseRecord,
  HubCouponRecord,
  HubMunicipalityRecord,
  HubProductRecord,
  HubSlotRecord,
  HubStaffRecord,
  HubVenueRecord,
} from '../../domain/hub-api/records.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';
import { appendBookingHistory, recordHubBookingEvent } from './booking-history.ts';
import { rejectionColumns } from './hub-rejection.ts';
import { couponDoseKey, type ParsedHubRow, parseHubRow, type ReceivedHubRow } from './hub-rows.ts';
import { getMeta, metaKeys, setMunicipality } from './meta.ts';
import { rememberStaffName } from './staff-names.ts';
import { clearSetAsideRow, hasSetAsideRows, setAsideRowsAsReceived, setRowAside } from './sync-set-aside.ts';

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
  /** When the rows arrived (a row set aside is stamped with it); the clock's now by default. */
  now?: Date;
  /** Told about a row that could not be stored (entity and id only: no personal data). */
  onSkipped?: (entity: string, id: string, why: string) => void;
  /** Told about a row whose record did not parse, kept aside (entity, id and the fields at fault). */
  onSetAside?: (entity: string, id: string, fields: readonly string[]) => void;
}

export interface ApplySummary {
  applied: number;
  skipped: number;
  /** Rows whose record did not parse, kept aside in sync_set_aside_rows. */
  setAside: number;
  scopes: Set<ChangeScope>;
}

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

type RowOutcome = { scope: ChangeScope | null } | { skipped: string };

/** A row that did not parse: kept aside with the fields at fault, and told (entity, id and fields only). */
export function setHubRowAside(
  db: Database,
  row: ReceivedHubRow,
  fields: readonly string[],
  context: Pick<ApplyContext, 'now' | 'onSetAside'>,
): void {
  setRowAside(db, row, fields, context.now ?? new Date());
  context.onSetAside?.(row.entity, row.id, fields);
}

/** A parsed row written, or why it was not (an error thrown by a write counts as a skip, by its name). */
function applyOrSkip(db: Database, row: ParsedHubRow, context: ApplyContext): RowOutcome {
  try {
    return applyParsedRow(db, row, context);
  } catch (error) {
    return { skipped: error instanceof Error ? error.constructor.name : 'error' };
  }
}

/**
 * Each row parsed, then applied; one that does not parse is set aside (sync-set-aside.ts, with the
 * row as received) and the rest go on. The caller's cursor then moves past the page: the row aside is
 * kept, not lost, and read again by reapplySetAsideRows.
 */
export function applyHubRows(
  db: Database,
  rows: readonly ReceivedHubRow[],
  context: ApplyContext,
): ApplySummary {
  const summary: ApplySummary = { applied: 0, skipped: 0, setAside: 0, scopes: new Set() };
  // A row applied takes its earlier self off the list; nearly always the list is empty (a first
  // snapshot's pages), and then no row needs a look at it.
  let rowsAside = hasSetAsideRows(db);
  for (const row of rows) {
    const parsed = parseHubRow(row);
    if (!parsed.ok) {
      summary.setAside += 1;
      setHubRowAside(db, row, parsed.fields, context);
      rowsAside = true;
      continue;
    }
    const outcome = applyOrSkip(db, parsed.row, context);
    if ('skipped' in outcome) {
      summary.skipped += 1;
      context.onSkipped?.(row.entity, row.id, outcome.skipped);
    } else {
      summary.applied += 1;
      if (rowsAside) clearSetAsideRow(db, parsed.row.entity, parsed.row.id);
      if (outcome.scope) summary.scopes.add(outcome.scope);
    }
  }
  return summary;
}

/**
 * The rows aside read again, the oldest first: one that parses now (this desk was upgraded) and can be
 * written is applied and leaves the list; the others stay as they are. What a row aside holds is the
 * newest the hub sent for that entity and id: a newer readable row or a deletion would have taken it
 * off the list.
 */
export function reapplySetAsideRows(db: Database, context: ApplyContext): ApplySummary {
  const summary: ApplySummary = { applied: 0, skipped: 0, setAside: 0, scopes: new Set() };
  for (const row of setAsideRowsAsReceived(db)) {
    const parsed = parseHubRow(row);
    if (!parsed.ok) {
      summary.setAside += 1;
      continue;
    }
    const outcome = applyOrSkip(db, parsed.row, context);
    if ('skipped' in outcome) {
      summary.skipped += 1;
      continue;
    }
    summary.applied += 1;
    clearSetAsideRow(db, parsed.row.entity, parsed.row.id);
    if (outcome.scope) summary.scopes.add(outcome.scope);
  }
  return summary;
}

/** A parsed row written onto the local tables. */
function applyParsedRow(db: Database, row: ParsedHubRow, context: ApplyContext): RowOutcome {
  if (row.op === 'delete') return deleteRow(db, row);
  switch (row.entity) {
    case 'municipality':
      return upsertMunicipality(db, row.record, context);
    case 'vaccine_product':
      return upsertProduct(db, row.record);
    case 'venue':
      return upsertVenue(db, row.record);
    case 'slot':
      return upsertSlot(db, row.record);
    case 'coupon':
      return upsertCoupon(db, row.record);
    case 'coupon_dose':
      return upsertCouponDose(db, row.record);
    case 'booking':
      return applyBookingRecord(db, row.record, context.pending);
    case 'hold':
      return upsertHold(db, row.record);
    case 'staff':
      return upsertStaffName(db, row.record);
    case 'booking_event':
      return applyBookingEvent(db, row.record);
  }
}

function applyBookingEvent(db: Database, event: BookingEventRecord): RowOutcome {
  return recordHubBookingEvent(db, event) ? { scope: 'bookings' } : { skipped: 'booking missing' };
}

/** A name from the hub's staff directory (id and name only). */
function upsertStaffName(db: Database, staff: HubStaffRecord): RowOutcome {
  if (staff.id === '' || staff.displayName === '') return { skipped: 'staff record without a name' };
  rememberStaffName(db, staff.id, staff.displayName, 'hub');
  return { scope: 'bookings' };
}

function upsertMunicipality(db: Database, m: HubMunicipalityRecord, context: ApplyContext): RowOutcome {
  const mine =
    context.municipalityCode === null
      ? (getMeta(db, metaKeys.municipalityCode) ?? m.code)
      : context.municipalityCode;
  if (m.code === mine) setMunicipality(db, { code: m.code, name: m.name });
  return { scope: null };
}

function upsertProduct(db: Database, p: HubProductRecord): RowOutcome {
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
    id: p.id,
    name: p.name,
    manufacturer: p.manufacturer,
    dosesInSeries: p.dosesInSeries,
    intervalMinDays: p.intervalMinDays,
    intervalMaxDays: p.intervalMaxDays,
    minAgeYears: p.minAgeYears,
    active: p.active ? 1 : 0,
  });
  return { scope: 'slots' };
}

function upsertVenue(db: Database, v: HubVenueRecord): RowOutcome {
  cachedStatement(
    db,
    `INSERT INTO venues (id, municipality_code, name, name_kana, kind, area, address, phone, active, updated_at)
     VALUES (:id, :municipalityCode, :name, :nameKana, :kind, :area, :address, :phone, :active, :updatedAt)
     ON CONFLICT (id) DO UPDATE SET municipality_code = excluded.municipality_code, name = excluded.name,
       name_kana = excluded.name_kana, kind = excluded.kind, area = excluded.area, address = excluded.address,
       phone = excluded.phone, active = excluded.active, updated_at = excluded.updated_at`,
  ).run({
    id: v.id,
    municipalityCode: v.municipalityCode,
    name: v.name,
    nameKana: v.nameKana,
    kind: v.kind,
    area: v.area,
    address: v.address,
    phone: v.phone,
    active: v.active ? 1 : 0,
    updatedAt: v.updatedAt,
  });
  return { scope: 'venues' };
}

function upsertSlot(db: Database, slot: HubSlotRecord): RowOutcome {
  const capacity = Math.max(0, slot.capacity);
  // The hub may show a reserve above a cut capacity for a moment; the local CHECK does not allow it.
  const reserve = Math.min(capacity, Math.max(0, slot.callCenterReserve));
  if (!exists(db, 'venues', slot.venueId) || !exists(db, 'vaccine_products', slot.productId)) {
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
    id: slot.id,
    venueId: slot.venueId,
    productId: slot.productId,
    date: slot.date,
    startTime: slot.startTime,
    endTime: slot.endTime,
    capacity,
    reserve,
    status: slot.status,
    updatedAt: slot.updatedAt,
  });
  return { scope: 'slots' };
}

function upsertCoupon(db: Database, c: HubCouponRecord): RowOutcome {
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
    id: c.id,
    municipalityCode: c.municipalityCode,
    ticketNumber: c.ticketNumber,
    name: c.name,
    nameKana: c.nameKana,
    nameKanaKey: c.nameKanaKey,
    birthDate: c.birthDate,
    sex: c.sex,
    address: c.address,
    phone: c.phone,
    phoneKey: c.phoneKey,
    status: c.status,
    updatedAt: c.updatedAt,
  });
  return { scope: 'coupons' };
}

function upsertCouponDose(db: Database, d: HubCouponDoseRecord): RowOutcome {
  if (
    !exists(db, 'coupons', d.couponId) ||
    (d.productId !== null && !exists(db, 'vaccine_products', d.productId))
  ) {
    return { skipped: 'coupon or product missing' };
  }
  cachedStatement(
    db,
    `INSERT INTO coupon_doses (coupon_id, dose_number, date, product_id)
     VALUES (:couponId, :doseNumber, :date, :productId)
     ON CONFLICT (coupon_id, dose_number) DO UPDATE SET date = excluded.date, product_id = excluded.product_id`,
  ).run({ couponId: d.couponId, doseNumber: d.doseNumber, date: d.date, productId: d.productId });
  return { scope: 'coupons' };
}

/** A seat held on the hub (db/migrations/006-hub-holds.ts says how it counts). */
function upsertHold(db: Database, hold: HoldRecord): RowOutcome {
  const expiresAt = new Date(hold.expiresAt);
  if (!exists(db, 'slots', hold.slotId)) return { skipped: 'slot missing' };
  cachedStatement(
    db,
    `INSERT INTO hub_holds (id, slot_id, device_id, expires_at) VALUES (:id, :slotId, :deviceId, :expiresAt)
     ON CONFLICT (id) DO UPDATE SET slot_id = excluded.slot_id, device_id = excluded.device_id,
       expires_at = excluded.expires_at`,
  ).run({ id: hold.id, slotId: hold.slotId, deviceId: hold.deviceId, expiresAt: expiresAt.toISOString() });
  return { scope: 'slots' };
}

function deleteRow(db: Database, row: ParsedHubRow & { op: 'delete' }): RowOutcome {
  switch (row.entity) {
    case 'hold':
      cachedStatement(db, 'DELETE FROM hub_holds WHERE id = ?').run(row.id);
      return { scope: 'slots' };
    case 'coupon_dose': {
      // The id was checked when the row was parsed.
      const key = couponDoseKey(row.id)!;
      cachedStatement(db, 'DELETE FROM coupon_doses WHERE coupon_id = ? AND dose_number = ?').run(
        key.couponId,
        key.doseNumber,
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
function localTwin(
  db: Database,
  record: HubBookingRecord,
  pending: PendingLocalChanges,
): LocalBooking | null {
  const byHubId = cachedStatement<[string], LocalBooking>(
    db,
    'SELECT id, status, hub_id FROM bookings WHERE hub_id = ?',
  ).get(record.id);
  if (byHubId) return byHubId;
  const mutationId = record.mutationId;
  const localId = (mutationId && pending.bookingByMutationId.get(mutationId)) || record.id;
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
  record: HubBookingRecord,
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
    hubId: record.id,
    bookingNumber: record.bookingNumber,
    couponId: record.couponId,
    slotId: record.slotId,
    doseNumber: record.doseNumber,
    channel: record.channel,
    status: record.status,
    contactPhone: record.contactPhone,
    notes: record.notes,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    vaccineLot: record.vaccineLot ?? null,
  };
  if (!twin) {
    if (!exists(db, 'coupons', values.couponId) || !exists(db, 'slots', values.slotId)) {
      return { skipped: 'coupon or slot missing' };
    }
    cachedStatement(
      db,
      `INSERT INTO bookings (id, booking_number, coupon_id, slot_id, dose_number, channel, status, contact_phone,
                             notes, created_by, created_at, updated_at, vaccine_lot, hub_id, hub_status, hub_slot_id)
       VALUES (:hubId, :bookingNumber, :couponId, :slotId, :doseNumber, :channel, :status, :contactPhone, :notes,
               :createdBy, :createdAt, :updatedAt, :vaccineLot, :hubId, :status, :slotId)`,
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
            reject_code = NULL, reject_reasons = '[]', updated_at = :updatedAt,
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
export function markBookingRejected(
  db: Database,
  localId: string,
  rejection: HubRejection,
  at: Date,
): boolean {
  // What the venue recorded (checked in, vaccinated, no-show) happened: a refused booking keeps it,
  // with the hub's reason beside it (the refusal is listed in the sync status for a manager).
  const result = cachedStatement(
    db,
    `UPDATE bookings SET status = CASE WHEN status IN (${attendanceSqlList}) THEN status ELSE 'rejected' END,
            reject_code = :rejectCode, reject_reasons = :rejectReasons, updated_at = :at
      WHERE id = :id AND status NOT IN ('cancelled', 'rejected')`,
  ).run({ ...rejectionColumns(rejection), at: at.toISOString(), id: localId });
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
