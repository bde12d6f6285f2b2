/** Contract methods of the app frame and today's overview. */
import { z } from 'zod';
import { allRoles, type StaffRole } from '../../vocabulary/index.ts';
import type { BookingChannel, VenueKind } from '../../vocabulary/terms.ts';
import { isoDateSchema, method } from '../method-spec.ts';

export {
  type BookingChannel,
  bookingChannels,
  type VenueKind,
  venueKinds,
} from '../../vocabulary/terms.ts';

export interface AppInfo {
  version: string;
  /** True when the local data is the generated demo city (everything demo is labelled デモ). */
  demo: boolean;
  municipality: { code: string; name: string } | null;
  session: { staffId: string; displayName: string; role: StaffRole };
  schemaVersion: number;
  transport: 'electron' | 'browser';
}

export interface VenueOverview {
  venueId: string;
  name: string;
  kind: VenueKind;
  slotCount: number;
  openSlotCount: number;
  capacity: number;
  booked: Record<BookingChannel, number>;
  remaining: number;
  firstStart: string | null;
  lastEnd: string | null;
}

export interface DayOverview {
  date: string;
  venues: VenueOverview[];
  totals: { slotCount: number; capacity: number; booked: Record<BookingChannel, number>; remaining: number };
}

export const overviewMethods = {
  getAppInfo: method<AppInfo>()({ input: z.object({}).strict(), roles: allRoles }),
  getDayOverview: method<DayOverview>()({
    input: z.object({ date: isoDateSchema }).strict(),
    roles: allRoles,
  }),
};
