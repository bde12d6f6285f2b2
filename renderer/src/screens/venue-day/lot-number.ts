/**
 * The vaccine lot number in use at a venue, entered once per session (sessionStorage: it lasts while
 * this window is open, and a new day's session starts empty so yesterday's lot is not carried on).
 */
const keyFor = (venueId: string) => `vaccine-desk.lot.${venueId}`;

export function loadLotNumber(venueId: string): string {
  return sessionStorage.getItem(keyFor(venueId)) ?? '';
}

export function saveLotNumber(venueId: string, lot: string): void {
  if (lot) sessionStorage.setItem(keyFor(venueId), lot);
  else sessionStorage.removeItem(keyFor(venueId));
}

export const lotNumberPattern = /^[0-9A-Za-z-]{1,32}$/u;
