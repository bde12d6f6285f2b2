/**
 * The demo's gentle online flow: every 10–30 s (about three a minute) a resident of the demo city
 * books a seat through the hub's PUBLIC API, as the LINE / web front ends would, so a newcomer
 * watches online bookings arrive on the desktop. Who books is picked from the demo hub's residents
 * without a booking; a refusal (age, full slot) is simply skipped. Off with --no-simulate.
 */

import { randomInt, randomUUID } from 'node:crypto';
import { todayIn } from '../../domain/calendar.ts';
import { japanTimeZone } from '../../domain/vocabulary/terms.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';

export interface OnlineFlowOptions {
  hubUrl: string;
  sql: HubSql;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Told about each booking made (booking number only). */
  onBooked?: (bookingNumber: string) => void;
}

interface PublicSlot {
  id: string;
  remaining: number;
}

export function startOnlineFlow(options: OnlineFlowOptions): { stop(): void } {
  const minDelay = options.minDelayMs ?? 10_000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const api = (path: string) => new URL(path, options.hubUrl);

  const bookOne = async (): Promise<void> => {
    const [resident] = await options.sql.query<{ ticket_number: string; birth_date: string }>(
      `SELECT c.ticket_number, c.birth_date FROM coupons c
        WHERE c.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM coupon_doses d WHERE d.coupon_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.coupon_id = c.id AND b.status <> 'cancelled')
        ORDER BY random() LIMIT 1`,
    );
    if (!resident) return;
    const venues = (await (await fetch(api('api/v1/public/venues'))).json()) as {
      venues?: Array<{ id: string }>;
    };
    const venue = venues.venues?.[randomInt(0, Math.max(1, venues.venues.length))];
    if (!venue) return;
    const from = todayIn(japanTimeZone);
    const answer = (await (
      await fetch(api(`api/v1/public/slots?venueId=${encodeURIComponent(venue.id)}&from=${from}`))
    ).json()) as { slots?: PublicSlot[] };
    const open = (answer.slots ?? []).filter((slot) => slot.remaining > 0);
    const slot = open[randomInt(0, Math.max(1, open.length))];
    if (!slot) return;
    const booked = await fetch(api('api/v1/public/bookings'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        ticketNumber: resident.ticket_number,
        birthDate: resident.birth_date,
        slotId: slot.id,
      }),
    });
    if (booked.status !== 201) return;
    const body = (await booked.json()) as { bookings?: Array<{ bookingNumber: string }> };
    const number = body.bookings?.[0]?.bookingNumber;
    if (number) options.onBooked?.(number);
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        bookOne()
          .catch(() => {
            // The hub is closing or busy: the next tick tries again.
          })
          .finally(schedule);
      },
      randomInt(minDelay, maxDelay + 1),
    );
    timer.unref?.();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
