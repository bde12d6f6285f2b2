/**
 * Dose-2 shortfall: residents booked for a dose of a series that still needs its next dose, whose
 * follow-up window (the product's interval after that dose) at the same venue has too few free seats
 * for all of them. A manager sees it before the residents call, and opens slots or adds seats.
 *
 * The count is exact, not a per-window sum: seats are matched to residents with the earliest
 * deadline first (every resident needs one seat of the product on a date inside their own window;
 * taking slots in date order and giving each seat to the waiting resident whose window ends first
 * seats as many residents as any assignment can), so overlapping windows are never counted twice.
 */
import { addDays, type IsoDate } from '../calendar.ts';

/** A booked dose whose next dose is not booked yet. */
export interface FollowUpNeed {
  venueId: string;
  productId: string;
  /** Date of the booked dose. */
  date: IsoDate;
  intervalMinDays: number;
  intervalMaxDays: number;
}

/** A slot that could take a follow-up dose: open, not started, with its free seats (any channel). */
export interface FollowUpSeats {
  venueId: string;
  productId: string;
  date: IsoDate;
  freeSeats: number;
}

export interface DoseTwoShortfall {
  venueId: string;
  productId: string;
  /** Date of the booked doses whose follow-up finds no seat. */
  date: IsoDate;
  /** Residents booked that day who need the follow-up. */
  needing: number;
  /** Of those, how many find no seat in their window at this venue. */
  short: number;
  window: { from: IsoDate; to: IsoDate };
}

interface Waiting {
  need: FollowUpNeed;
  from: IsoDate;
  to: IsoDate;
}

/** Shortfalls by venue, product and date of the booked dose (only the ones short), in that order. */
export function doseTwoShortfalls(
  needs: readonly FollowUpNeed[],
  seats: readonly FollowUpSeats[],
): DoseTwoShortfall[] {
  const groups = new Map<string, { needs: FollowUpNeed[]; seats: FollowUpSeats[] }>();
  const groupOf = (venueId: string, productId: string) => {
    const key = `${venueId}\u0000${productId}`;
    let group = groups.get(key);
    if (!group) {
      group = { needs: [], seats: [] };
      groups.set(key, group);
    }
    return group;
  };
  for (const need of needs) groupOf(need.venueId, need.productId).needs.push(need);
  for (const seat of seats) if (seat.freeSeats > 0) groupOf(seat.venueId, seat.productId).seats.push(seat);

  const result: DoseTwoShortfall[] = [];
  for (const group of groups.values()) {
    if (group.needs.length === 0) continue;
    const unmatched = unmatchedNeeds(group.needs, group.seats);
    const perDate = new Map<IsoDate, DoseTwoShortfall>();
    for (const need of group.needs) {
      let entry = perDate.get(need.date);
      if (!entry) {
        entry = {
          venueId: need.venueId,
          productId: need.productId,
          date: need.date,
          needing: 0,
          short: 0,
          window: {
            from: addDays(need.date, need.intervalMinDays),
            to: addDays(need.date, need.intervalMaxDays),
          },
        };
        perDate.set(need.date, entry);
      }
      entry.needing += 1;
      if (unmatched.has(need)) entry.short += 1;
    }
    result.push(...[...perDate.values()].filter((e) => e.short > 0));
  }
  return result.sort(
    (a, b) =>
      a.venueId.localeCompare(b.venueId) ||
      a.productId.localeCompare(b.productId) ||
      a.date.localeCompare(b.date),
  );
}

/** The needs left without a seat by the earliest-deadline-first matching. */
function unmatchedNeeds(needs: readonly FollowUpNeed[], seats: readonly FollowUpSeats[]): Set<FollowUpNeed> {
  const pending: Waiting[] = needs
    .map((need) => ({
      need,
      from: addDays(need.date, need.intervalMinDays),
      to: addDays(need.date, need.intervalMaxDays),
    }))
    .sort((a, b) => a.from.localeCompare(b.from));
  const byDate = [...seats].sort((a, b) => a.date.localeCompare(b.date));
  const unmatched = new Set<FollowUpNeed>();
  // Residents whose window has opened, earliest deadline first; those past their deadline lead it.
  const open: Waiting[] = [];
  let next = 0;
  for (const seat of byDate) {
    let added = false;
    while (next < pending.length && pending[next]!.from <= seat.date) {
      open.push(pending[next]!);
      next += 1;
      added = true;
    }
    if (added) open.sort((a, b) => a.to.localeCompare(b.to));
    let expired = 0;
    while (expired < open.length && open[expired]!.to < seat.date) {
      unmatched.add(open[expired]!.need);
      expired += 1;
    }
    open.splice(0, expired + seat.freeSeats);
  }
  for (const w of open) unmatched.add(w.need);
  for (const w of pending.slice(next)) unmatched.add(w.need);
  return unmatched;
}
