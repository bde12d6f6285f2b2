/**
 * What the operator reads aloud at the end of a call, and the text copied for an SMS. Always in
 * Japanese (the caller's language, whatever the screen shows), built from the saved bookings: the
 * booking number spelled so it cannot be misheard, each dose's day, time, venue and address, and an
 * honest word on whether the booking is confirmed or still provisional.
 */
import type { TFunction } from 'i18next';
import type { CallerBooking, SlotPlace } from '../../../../domain/api/contract.ts';
import { formatBookingNumber, spellBookingNumberForPhone } from '../../../../domain/booking-number.ts';
import { isoDateParts } from '../../../../domain/calendar.ts';
import { weekdayLabel } from '../../i18n/day-heading.ts';
import { spokenDate, spokenTime, timeRange } from './desk-dates.ts';

const isProvisional = (bookings: readonly CallerBooking[]) =>
  bookings.some((b) => b.status === 'provisional' || b.status === 'held');

/** One paragraph per line. `ja` must be a Japanese t (i18next getFixedT('ja')). */
export function bookedScript(bookings: readonly CallerBooking[], ja: TFunction): string[] {
  const lines = [
    ja(
      isProvisional(bookings) ? 'phoneDesk.readBack.bookedProvisional' : 'phoneDesk.readBack.bookedConfirmed',
    ),
  ];
  for (const booking of bookings) {
    lines.push(
      ja('phoneDesk.readBack.dose', {
        n: booking.doseNumber,
        date: spokenDate(booking.date, ja),
        time: spokenTime(booking.startTime, ja),
        venue: booking.venue.name,
        address: booking.venue.address,
      }),
    );
    const spelled = spellBookingNumberForPhone(booking.bookingNumber);
    lines.push(
      bookings.length > 1
        ? ja('phoneDesk.readBack.numberOfDose', { n: booking.doseNumber, spelled })
        : ja('phoneDesk.readBack.number', { spelled }),
    );
  }
  lines.push(ja('phoneDesk.readBack.bring'));
  return lines;
}

export function movedScript(booking: CallerBooking, ja: TFunction): string[] {
  return [
    ja('phoneDesk.readBack.moved', {
      date: spokenDate(booking.date, ja),
      time: spokenTime(booking.startTime, ja),
      venue: booking.venue.name,
    }),
    ja('phoneDesk.readBack.number', { spelled: spellBookingNumberForPhone(booking.bookingNumber) }),
    ja('phoneDesk.readBack.bring'),
  ];
}

export function cancelledScript(bookings: readonly CallerBooking[], ja: TFunction): string[] {
  return bookings.map((booking) =>
    ja('phoneDesk.readBack.cancelled', { date: spokenDate(booking.date, ja), venue: booking.venue.name }),
  );
}

/** The moved-from slot, said the same way (for the operator's summary). */
export function spokenSlot(slot: SlotPlace, ja: TFunction): string {
  return `${spokenDate(slot.date, ja)} ${spokenTime(slot.startTime, ja)} ${slot.venueName}`;
}

/** A short SMS: city, number, each dose with day, time, venue and address, status, what to bring. */
export function smsText(bookings: readonly CallerBooking[], city: string, ja: TFunction): string {
  const lines = [ja('phoneDesk.sms.title', { city })];
  const numbers = [...new Set(bookings.map((b) => formatBookingNumber(b.bookingNumber)))];
  for (const booking of bookings) {
    const { y, m, d } = isoDateParts(booking.date);
    if (numbers.length > 1 || booking === bookings[0]) {
      lines.push(ja('phoneDesk.sms.number', { number: formatBookingNumber(booking.bookingNumber) }));
    }
    lines.push(
      ja('phoneDesk.sms.dose', {
        n: booking.doseNumber,
        date: `${y}/${m}/${d}(${weekdayLabel(booking.date, ja)})`,
        time: timeRange(booking.startTime, booking.endTime),
        venue: booking.venue.name,
        address: booking.venue.address,
      }),
    );
  }
  if (isProvisional(bookings)) lines.push(ja('phoneDesk.sms.provisional'));
  lines.push(ja('phoneDesk.sms.bring'));
  return lines.join('\n');
}
