/** Booking rules shared by the hub, the desktop and the UI. */
export * from './capacity.ts';
export * from './dose-history.ts';
export * from './eligibility.ts';
export * from './slot-change.ts';
