/**
 * The resident's booking before it is made: which dose the chosen slot would be, and a slot for
 * the next dose of the series proposed at the product's interval (domain proposeFollowUp: the same
 * venue and time on the first allowed day, else the nearest bookable one). A dry run of the
 * booking's checks, so a problem (ALREADY_BOOKED, NOT_ELIGIBLE, SLOT_FULL) shows before the
 * resident confirms. Proves the resident like every public request.
 */
import { doseWindow } from '../../domain/booking-rules/eligibility.ts';
import { proposeFollowUp } from '../../domain/booking-rules/follow-up-proposal.ts';
import type { BookingPlan, BookingPlanBody, SlotView } from '../../domain/hub-api/public-api.ts';
import { slotViewsOf } from '../catalog/public-catalog.ts';
import { HubError } from '../hub-error.ts';
import type { SlotRow } from '../store/records.ts';
import { checkBooking, productRulesOf } from './booking-checks.ts';
import type { PublicBookingDeps } from './public-bookings.ts';
import { couponFor, verifyResident } from './resident-verification.ts';

const alternativeCount = 5;

export async function planOnlineBooking(
  deps: PublicBookingDeps,
  body: BookingPlanBody,
  source: string,
): Promise<BookingPlan> {
  const now = deps.clock();
  const [slot] = await deps.sql.query<{ municipality_code: string }>(
    'SELECT municipality_code FROM slots WHERE id = $1',
    [body.slotId],
  );
  if (!slot) {
    throw new HubError('VALIDATION', 'No such slot.', {
      fields: [{ path: 'slotId', message: 'unknown slot' }],
    });
  }
  const coupons = await verifyResident(
    deps.sql,
    { ticket: body.ticketNumber, birthDate: body.birthDate, municipalityCode: null, source },
    deps.lockout,
    now,
  );
  const checked = await checkBooking(deps.sql, {
    couponId: couponFor(coupons, slot.municipality_code).id,
    slotIds: [body.slotId],
    doseNumber: 'next',
    now,
    channel: 'online',
    lock: false,
  });
  const first = checked.slots[0]!;
  const doseNumber = checked.doses[0]!;
  const product = productRulesOf(first);
  if (doseNumber >= product.dosesInSeries) {
    return { doseNumber, dosesInSeries: product.dosesInSeries, followUp: null };
  }

  const window = doseWindow(first.date, product);
  const rows = await deps.sql.query<SlotRow & { product_name: string }>(
    `SELECT s.*, p.name AS product_name FROM slots s
     JOIN venues v ON v.id = s.venue_id JOIN vaccine_products p ON p.id = s.product_id
     WHERE s.municipality_code = $1 AND s.product_id = $2 AND v.active AND s.status = 'open'
       AND s.date BETWEEN $3::date AND $4::date
     ORDER BY s.date, s.start_time, s.id`,
    [first.municipality_code, first.product_id, window.from, window.to],
  );
  const views = await slotViewsOf(deps.sql, rows, now);
  const byId = new Map<string, SlotView>(views.map((v) => [v.id, v]));
  const proposal = proposeFollowUp({
    previous: { doseNumber, venueId: first.venue_id, date: first.date, startTime: first.start_time },
    product,
    coupon: { status: checked.coupon.status, birthDate: checked.coupon.birth_date },
    candidates: views.map((v) => ({
      slotId: v.id,
      venueId: v.venueId,
      date: v.date,
      startTime: v.startTime,
      remaining: v.remaining,
      open: true,
    })),
    alternativeCount,
  });
  const followUp = {
    doseNumber: doseNumber + 1,
    window,
    proposed: proposal.kind === 'proposed' ? byId.get(proposal.best.slotId)! : null,
    alternatives: proposal.kind === 'proposed' ? proposal.alternatives.map((a) => byId.get(a.slotId)!) : [],
  };
  return { doseNumber, dosesInSeries: product.dosesInSeries, followUp };
}
