/**
 * The words the desk, the hub and the UI share, defined once. This module is the bottom of domain/:
 * it imports nothing, so anything may import it.
 */

/** Slots, ages and "today" are read on Japanese wall clocks, whatever zone a machine runs in. */
export const japanTimeZone = 'Asia/Tokyo';

/** Staff roles (docs/architecture.md, "Data protection"). Enforced in the desktop process and on the hub. */
export const staffRoles = ['operator', 'venue_staff', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];
export const allRoles: readonly StaffRole[] = staffRoles;

export const venueKinds = ['clinic', 'community_center', 'mass_site'] as const;
export type VenueKind = (typeof venueKinds)[number];

export const bookingChannels = ['phone', 'online', 'walk_in'] as const;
export type BookingChannel = (typeof bookingChannels)[number];

/**
 * Booking states (docs/architecture.md, "Booking states"): held → provisional → confirmed | rejected,
 * then the venue day.
 */
export const bookingStatuses = [
  'held',
  'provisional',
  'confirmed',
  'rejected',
  'cancelled',
  'checked_in',
  'vaccinated',
  'no_show',
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

/** The statuses a booking has on the hub (held, provisional and rejected exist on a desktop only). */
export const hubBookingStatuses = ['confirmed', 'cancelled', 'checked_in', 'vaccinated', 'no_show'] as const;
export type HubBookingStatus = (typeof hubBookingStatuses)[number];

export const couponStatuses = ['active', 'void', 'moved_out'] as const;
export type CouponStatus = (typeof couponStatuses)[number];

export const sexes = ['M', 'F', 'U'] as const;
export type Sex = (typeof sexes)[number];

export const slotStatuses = ['open', 'closed'] as const;
export type SlotStatus = (typeof slotStatuses)[number];

/** Why a resident may not be booked; in the order of precedence: the first four are about the ticket, the rest about a slot. */
export const ineligibilityReasons = [
  'COUPON_VOID',
  'MOVED_OUT',
  'OTHER_MUNICIPALITY',
  'SERIES_COMPLETE',
  'TOO_YOUNG',
  'INTERVAL_TOO_SHORT',
  'INTERVAL_TOO_LONG',
  'PREVIOUS_DOSE_MISSING',
] as const;
export type IneligibilityReason = (typeof ineligibilityReasons)[number];

/** What the hub's snapshot and change log carry, one record type each. */
export const syncEntities = [
  'municipality',
  'vaccine_product',
  'venue',
  'slot',
  'coupon',
  'coupon_dose',
  'booking',
  'hold',
  'staff',
  'booking_event',
] as const;
export type SyncEntity = (typeof syncEntities)[number];
export const isSyncEntity = (value: string): value is SyncEntity => syncEntities.some((e) => e === value);
