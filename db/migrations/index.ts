import { initialSchema } from './001-initial.ts';
import { phoneDeskSchema } from './002-phone-desk.ts';
import { bookingsGridVenueDay } from './003-bookings-grid-venue-day.ts';
import { hubSyncSchema } from './004-hub-sync.ts';
import { bookingCallbacksSchema } from './005-booking-callbacks.ts';
import { hubHoldsSchema } from './006-hub-holds.ts';
import { staffNamesBookingHistory } from './007-staff-names-booking-history.ts';
import { slotClosuresSchema } from './008-slot-closures.ts';
import { bookingGridSource } from './011-booking-grid-source.ts';
import type { Migration } from './migration.ts';

/**
 * Versions 9 and 10 are given to other branches under way; until they are merged these steps change
 * nothing (the runner wants consecutive versions). Replace each with the real one when it lands.
 */
const reservedVersion = (version: number): Migration => ({
  version,
  name: `reserved-${version}`,
  up: () => {},
});

/** Every migration, in order. Add new ones at the end; the last one's version is the code's schema version. */
export const migrations: readonly Migration[] = [
  initialSchema,
  phoneDeskSchema,
  bookingsGridVenueDay,
  hubSyncSchema,
  bookingCallbacksSchema,
  hubHoldsSchema,
  staffNamesBookingHistory,
  slotClosuresSchema,
  reservedVersion(9),
  reservedVersion(10),
  bookingGridSource,
];

export const latestSchemaVersion: number = migrations.at(-1)?.version ?? 0;
