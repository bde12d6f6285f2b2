/** The demo's staff accounts: one of each role, call-center seats, and reception at the larger venues. */

import type { StaffRecord } from '../vocabulary/index.ts';
import type { SeededRandom } from './random.ts';
import type { VenuePlan } from './venues.ts';

export const demoCallCenterSeats = 4;

export function generateStaff(random: SeededRandom, venues: readonly VenuePlan[]): StaffRecord[] {
  const staff: StaffRecord[] = [
    {
      id: random.uuid(),
      login: 'admin',
      displayName: '情報政策課 システム管理',
      role: 'admin',
      venueId: null,
      active: true,
    },
    {
      id: random.uuid(),
      login: 'manager',
      displayName: '健康推進課 予防接種係',
      role: 'manager',
      venueId: null,
      active: true,
    },
  ];
  for (let seat = 1; seat <= demoCallCenterSeats; seat++) {
    staff.push({
      id: random.uuid(),
      login: `operator${seat}`,
      displayName: `コールセンター ${seat}番席`,
      role: 'operator',
      venueId: null,
      active: true,
    });
  }
  venues
    .filter((venue) => venue.record.kind !== 'clinic')
    .forEach((venue, index) => {
      staff.push({
        id: random.uuid(),
        login: `venue${index + 1}`,
        displayName: `${venue.record.name.split(' ')[0]} 受付`,
        role: 'venue_staff',
        venueId: venue.record.id,
        active: true,
      });
    });
  return staff;
}
