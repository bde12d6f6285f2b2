/**
 * What an export of the daily list is made of: the venues and their slots in the range, and a way
 * to read one slot's rows when the writer gets to it (rows are never all read up front).
 */

import {
  type DailyListSlot,
  type DailyListTarget,
  dailyListRowsOfSlot,
  dailyListSlots,
} from '../../../db/queries/daily-list.ts';
import { getMeta, metaKeys } from '../../../db/queries/meta.ts';
import type { Database } from '../../../db/sqlite-driver.ts';
import type { DailyListRow } from '../../../domain/api/methods/daily-list.ts';

export interface DailyListVenueSlots {
  venueId: string;
  venueName: string;
  slots: DailyListSlot[];
}

export interface DailyListDocument {
  dateFrom: string;
  dateTo: string;
  municipalityName: string | null;
  generatedAt: Date;
  venues: DailyListVenueSlots[];
  readRows(slot: DailyListSlot): DailyListRow[];
}

export function dailyListDocument(
  db: Database,
  target: DailyListTarget,
  now: Date = new Date(),
): DailyListDocument {
  const venues: DailyListVenueSlots[] = [];
  for (const slot of dailyListSlots(db, target)) {
    let venue = venues.at(-1);
    if (!venue || venue.venueId !== slot.venueId) {
      venue = { venueId: slot.venueId, venueName: slot.venueName, slots: [] };
      venues.push(venue);
    }
    venue.slots.push(slot);
  }
  return {
    dateFrom: target.dateFrom,
    dateTo: target.dateTo,
    municipalityName: getMeta(db, metaKeys.municipalityName),
    generatedAt: now,
    venues,
    readRows: (slot) => dailyListRowsOfSlot(db, slot),
  };
}
