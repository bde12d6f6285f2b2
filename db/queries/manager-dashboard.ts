/**
 * The manager's dashboard figures (domain/api/methods/manager-dashboard.ts) from the local store,
 * counted as today's overview counts (db/queries/day-overview.ts):
 * - seats are those of OPEN slots; taken seats are bookings in a seat-taking status
 *   (domain/booking-status.ts); free seats are max(capacity − taken, 0) per slot;
 * - the heat map's cell is a venue's day: taken seats of its open slots over their seats;
 * - free seats in the next N days count the open slots of active venues from today to today + N − 1
 *   that have not started (domain/booking-rules/slot-start.ts: a started slot can no longer be booked);
 * - bookings per day are counted on the day they were made in Japan, by channel, every booking made
 *   that day whatever became of it (cancelled ones too), except those still on hold and those the hub
 *   rejected (never bookings);
 * - a dose-2 shortfall (domain/supply/dose-two-shortfall.ts) looks at bookings of a dose before the
 *   last of its product's series, in a status that still expects the resident or saw them vaccinated,
 *   with no booking or record of the next dose, whose window has not passed; the seats are the free
 *   seats of open slots not started yet.
 */
import type {
  BookingsOnDay,
  DoseTwoShortfallRow,
  FillRateVenue,
  ManagerDashboard,
  RemainingSeats,
} from '../../domain/api/methods/manager-dashboard.ts';
import { bookingDays, fillRateDays, remainingSpans } from '../../domain/api/methods/manager-dashboard.ts';
import { japanTimeAt } from '../../domain/booking-rules/slot-start.ts';
import { seatOccupyingStatuses } from '../../domain/booking-status.ts';
import { addDays, type IsoDate } from '../../domain/calendar.ts';
import {
  type DoseTwoShortfall,
  doseTwoShortfalls,
  type FollowUpNeed,
  type FollowUpSeats,
} from '../../domain/supply/dose-two-shortfall.ts';
import { type BookingChannel, bookingChannels, venueKinds } from '../../domain/vocabulary/terms.ts';
import type { Database } from '../sqlite-driver.ts';
import { cachedStatement } from '../statement-cache.ts';

const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
const occupying = sqlList(seatOccupyingStatuses);
const kindRank = `CASE v.kind ${venueKinds.map((kind, i) => `WHEN '${kind}' THEN ${i}`).join(' ')} END`;
/** A slot's taken seats. */
const takenSeats = `(SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.status IN (${occupying}))`;
/** Not started at (:today, :time) in Japan. */
const notStarted = '(s.date > :today OR (s.date = :today AND s.start_time > :time))';

const venuesSql = `
  SELECT v.id AS venue_id, v.name FROM venues v WHERE v.active = 1 ORDER BY ${kindRank}, v.name_kana, v.name`;

const fillSql = `
  SELECT s.venue_id, s.date,
         count(*) AS slot_count,
         sum(s.status = 'open') AS open_slot_count,
         coalesce(sum(CASE WHEN s.status = 'open' THEN s.capacity END), 0) AS capacity,
         coalesce(sum(CASE WHEN s.status = 'open' THEN ${takenSeats} END), 0) AS occupied
    FROM slots s
   WHERE s.date BETWEEN :from AND :to
   GROUP BY s.venue_id, s.date`;

const remainingSql = `
  SELECT count(*) AS slot_count,
         coalesce(sum(s.capacity), 0) AS capacity,
         coalesce(sum(max(s.capacity - ${takenSeats}, 0)), 0) AS remaining
    FROM slots s
    JOIN venues v ON v.id = s.venue_id AND v.active = 1
   WHERE s.status = 'open' AND s.date BETWEEN :today AND :through AND ${notStarted}`;

// created_at is an ISO timestamp in UTC; Japan is UTC+9 all year (no daylight saving).
const bookingsSql = `
  SELECT date(b.created_at, '+9 hours') AS day, b.channel, count(*) AS n
    FROM bookings b
   WHERE b.created_at >= :fromUtc AND b.status NOT IN ('held', 'rejected')
   GROUP BY day, b.channel`;

const needsSql = `
  SELECT s.venue_id, s.product_id, s.date, p.interval_min_days, p.interval_max_days
    FROM bookings b
    JOIN slots s ON s.id = b.slot_id
    JOIN vaccine_products p ON p.id = s.product_id
   WHERE b.status IN ('provisional', 'confirmed', 'checked_in', 'vaccinated')
     AND b.dose_number < p.doses_in_series
     AND date(s.date, '+' || p.interval_max_days || ' days') >= :today
     AND NOT EXISTS (SELECT 1 FROM bookings n WHERE n.coupon_id = b.coupon_id
                       AND n.dose_number = b.dose_number + 1 AND n.status IN (${occupying}))
     AND NOT EXISTS (SELECT 1 FROM coupon_doses d WHERE d.coupon_id = b.coupon_id
                       AND d.dose_number = b.dose_number + 1)`;

const seatsSql = `
  SELECT s.venue_id, s.product_id, s.date, count(*) AS slot_count,
         sum(max(s.capacity - ${takenSeats}, 0)) AS free_seats
    FROM slots s
    JOIN venues v ON v.id = s.venue_id AND v.active = 1
   WHERE s.status = 'open' AND s.date BETWEEN :today AND :through AND ${notStarted}
   GROUP BY s.venue_id, s.product_id, s.date`;

const namesSql = `
  SELECT 'venue' AS kind, id, name FROM venues UNION ALL SELECT 'product', id, name FROM vaccine_products`;

interface FillRow {
  venue_id: string;
  date: string;
  slot_count: number;
  open_slot_count: number;
  capacity: number;
  occupied: number;
}

interface NeedRow {
  venue_id: string;
  product_id: string;
  date: string;
  interval_min_days: number;
  interval_max_days: number;
}

export function managerDashboard(db: Database, now: Date): ManagerDashboard {
  const { date: today, time } = japanTimeAt(now);
  const days = Array.from({ length: fillRateDays }, (_, i) => addDays(today, i));
  return {
    today,
    generatedAt: now.toISOString(),
    fillRateDays: days,
    venues: fillRates(db, days),
    bookingsByDay: bookingsByDay(db, today),
    remaining: remainingSpans.map((span) => remainingSeats(db, today, time, span)),
    shortfalls: shortfalls(db, today, time),
  };
}

function fillRates(db: Database, days: readonly IsoDate[]): FillRateVenue[] {
  const rows = cachedStatement<[{ from: string; to: string }], FillRow>(db, fillSql).all({
    from: days[0]!,
    to: days.at(-1)!,
  });
  const byCell = new Map(rows.map((r) => [`${r.venue_id} ${r.date}`, r]));
  const venues = cachedStatement<[], { venue_id: string; name: string }>(db, venuesSql).all();
  return venues.map((venue) => ({
    venueId: venue.venue_id,
    name: venue.name,
    days: days.map((date) => {
      const row = byCell.get(`${venue.venue_id} ${date}`);
      return {
        date,
        slotCount: row?.slot_count ?? 0,
        openSlotCount: row?.open_slot_count ?? 0,
        capacity: row?.capacity ?? 0,
        occupied: row?.occupied ?? 0,
      };
    }),
  }));
}

function bookingsByDay(db: Database, today: IsoDate): BookingsOnDay[] {
  const first = addDays(today, -(bookingDays - 1));
  // Midnight in Japan of the first day, in UTC (the day before, 15:00).
  const fromUtc = `${addDays(first, -1)}T15:00:00.000Z`;
  const rows = cachedStatement<[{ fromUtc: string }], { day: string; channel: BookingChannel; n: number }>(
    db,
    bookingsSql,
  ).all({ fromUtc });
  const days = Array.from({ length: bookingDays }, (_, i) => addDays(first, i));
  const byDay = new Map<string, BookingsOnDay>(
    days.map((date) => [
      date,
      {
        date,
        byChannel: Object.fromEntries(bookingChannels.map((c) => [c, 0])) as Record<BookingChannel, number>,
      },
    ]),
  );
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (day) day.byChannel[row.channel] += row.n;
  }
  return days.map((date) => byDay.get(date)!);
}

function remainingSeats(
  db: Database,
  today: IsoDate,
  time: string,
  days: RemainingSeats['days'],
): RemainingSeats {
  const through = addDays(today, days - 1);
  const row = cachedStatement<
    [{ today: string; time: string; through: string }],
    { slot_count: number; capacity: number; remaining: number }
  >(db, remainingSql).get({ today, time, through })!;
  return { days, through, slotCount: row.slot_count, capacity: row.capacity, remaining: row.remaining };
}

function shortfalls(db: Database, today: IsoDate, time: string): DoseTwoShortfallRow[] {
  const rows = cachedStatement<[{ today: string }], NeedRow>(db, needsSql).all({ today });
  if (rows.length === 0) return [];
  const needs: FollowUpNeed[] = rows.map((r) => ({
    venueId: r.venue_id,
    productId: r.product_id,
    date: r.date,
    intervalMinDays: r.interval_min_days,
    intervalMaxDays: r.interval_max_days,
  }));
  // The seats up to the last day of the latest window (ISO dates compare as text).
  const through = needs
    .map((n) => addDays(n.date, n.intervalMaxDays))
    .sort()
    .at(-1)!;
  const seats: Array<FollowUpSeats & { slotCount: number }> = cachedStatement<
    [{ today: string; time: string; through: string }],
    { venue_id: string; product_id: string; date: string; slot_count: number; free_seats: number }
  >(db, seatsSql)
    .all({ today, time, through })
    .map((r) => ({
      venueId: r.venue_id,
      productId: r.product_id,
      date: r.date,
      slotCount: r.slot_count,
      freeSeats: r.free_seats,
    }));
  /** What the window offers at the venue: a shortfall with no slot at all there means none made yet. */
  const inWindow = (s: DoseTwoShortfall) => {
    const offered = seats.filter(
      (x) =>
        x.venueId === s.venueId &&
        x.productId === s.productId &&
        x.date >= s.window.from &&
        x.date <= s.window.to,
    );
    return {
      windowSlots: offered.reduce((n, x) => n + x.slotCount, 0),
      windowFreeSeats: offered.reduce((n, x) => n + x.freeSeats, 0),
    };
  };
  const names = new Map(
    cachedStatement<[], { kind: string; id: string; name: string }>(db, namesSql)
      .all()
      .map((r) => [`${r.kind} ${r.id}`, r.name]),
  );
  return doseTwoShortfalls(needs, seats)
    .map((s) => ({
      venueId: s.venueId,
      venueName: names.get(`venue ${s.venueId}`) ?? s.venueId,
      productId: s.productId,
      productName: names.get(`product ${s.productId}`) ?? s.productId,
      date: s.date,
      needing: s.needing,
      short: s.short,
      window: s.window,
      ...inWindow(s),
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.venueName.localeCompare(b.venueName, 'ja'));
}
