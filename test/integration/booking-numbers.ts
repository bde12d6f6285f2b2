/**
 * Booking numbers for bookings written straight into the hub's table (tests and benches): valid,
 * never the same twice, and the same sequence on every run.
 */
import { makeBookingNumber } from '../../domain/booking-number.ts';

export function distinctBookingNumbers(seed = 1): () => string {
  const drawn = new Set<string>();
  let state = seed;
  const random = () => {
    state = (state * 16_807) % 2_147_483_647;
    return state / 2_147_483_647;
  };
  return () => {
    let number = makeBookingNumber(random);
    while (drawn.has(number)) number = makeBookingNumber(random);
    drawn.add(number);
    return number;
  };
}
