/**
 * A desktop of the storm, in memory: it takes phone calls (a provisional booking in a slot its copy
 * says has a phone seat, queued in its outbox with a mutation id and the booking's own id), pushes
 * its outbox, and pulls the change log into its copy of the bookings and slots — the protocol of the
 * real desk (electron/node/sync/) through its HubClient, without SQLite, so fifty fit one process.
 * What it ends with is the DeskState and ChangeLogReading the invariants judge.
 */
import { randomUUID } from 'node:crypto';
import { makeBookingNumber } from '../../domain/booking-number.ts';
import { type SlotOccupancy, seatsRemaining } from '../../domain/booking-rules/capacity.ts';
import type { BookingStatus } from '../../domain/booking-status.ts';
import type { SeededRandom } from '../../domain/demo-city/random.ts';
import type { Mutation } from '../../domain/hub-api/sync-api.ts';
import { HubClient, HubRefusedError, HubUnreachableError } from '../../electron/node/sync/hub-client.ts';
import type {
  Acknowledged,
  ChangeLogReading,
  DeskBookingState,
  DeskState,
} from '../../test/invariants/booking-invariants.ts';
import { ChangeLogFollower } from '../../test/invariants/change-log-follower.ts';

export type StormSlot = SlotOccupancy & { id: string };

interface Pending {
  mutation: Extract<Mutation, { kind: 'book' }>;
  attempts: number;
}

export interface DeskFigures {
  calls: number;
  /** Calls for which the desk's copy showed no phone seat anywhere (the operator says "full"). */
  noSeatSeen: number;
  pushes: number;
  pushMs: number[];
  /** Push results by outcome: ok, rejected CODE, retry, unreachable. */
  outcomes: Record<string, number>;
}

export class SimulatedDesk {
  readonly name: string;
  readonly #client: HubClient;
  readonly #token: string;
  readonly #random: SeededRandom;
  readonly #now: () => Date;
  readonly #slots = new Map<string, StormSlot>();
  readonly #bookings = new Map<string, DeskBookingState>();
  readonly #callbackTasks: string[] = [];
  readonly #outbox: Pending[] = [];
  readonly #follower: ChangeLogFollower;
  readonly acknowledged: Acknowledged[] = [];
  readonly figures: DeskFigures = {
    calls: 0,
    noSeatSeen: 0,
    pushes: 0,
    pushMs: [],
    outcomes: {},
  };

  constructor(options: {
    name: string;
    hubUrl: string;
    token: string;
    random: SeededRandom;
    slots: readonly StormSlot[];
    cursor: number;
    now?: () => Date;
  }) {
    this.name = options.name;
    this.#client = new HubClient({ baseUrl: options.hubUrl, timeoutMs: 20_000 });
    this.#token = options.token;
    this.#random = options.random;
    this.#now = options.now ?? (() => new Date());
    for (const slot of options.slots) this.#slots.set(slot.id, { ...slot });
    this.#follower = new ChangeLogFollower({
      name: options.name,
      hubUrl: options.hubUrl,
      token: options.token,
      from: options.cursor,
      onChange: (change) => {
        if (change.op !== 'upsert') return;
        if (change.entity === 'booking') this.#mirrorBooking(change.payload as Record<string, unknown>);
        if (change.entity === 'slot') this.#mirrorSlot(change.payload as unknown as StormSlot);
      },
    });
  }

  get outboxLength(): number {
    return this.#outbox.length;
  }

  get cursor(): number {
    return this.#follower.cursor;
  }

  /** A caller: a provisional booking in a slot with a phone seat as this desk sees it, queued. */
  takeCall(couponId: string): void {
    this.figures.calls += 1;
    const now = this.#now();
    const pendingIn = (slotId: string) =>
      [...this.#bookings.values()].filter((b) => b.slotId === slotId && b.status === 'provisional').length;
    const open = [...this.#slots.values()].filter(
      (s) => seatsRemaining(s, 'phone', now.toISOString().slice(0, 10)) - pendingIn(s.id) > 0,
    );
    if (open.length === 0) {
      this.figures.noSeatSeen += 1;
      return;
    }
    const slot = this.#random.pick(open);
    const bookingId = randomUUID();
    this.#bookings.set(bookingId, {
      localId: bookingId,
      hubId: null,
      channel: 'phone',
      status: 'provisional',
      slotId: slot.id,
    });
    this.#outbox.push({
      attempts: 0,
      mutation: {
        mutationId: randomUUID(),
        kind: 'book',
        payload: {
          couponId,
          slotId: slot.id,
          doseNumber: 1,
          channel: 'phone',
          bookingId,
          bookingNumber: makeBookingNumber(() => this.#random.next()),
        },
      },
    });
  }

  /** One round as the real desk does it: push the outbox (if any), then pull until caught up. */
  async round(): Promise<void> {
    if (this.#outbox.length > 0) await this.#push();
    await this.#follower.catchUp();
  }

  async #push(): Promise<void> {
    const batch = this.#outbox.slice(0, 100);
    const began = performance.now();
    let results: Awaited<ReturnType<HubClient['push']>>;
    try {
      results = await this.#client.push(
        this.#token,
        batch.map((p) => p.mutation),
      );
    } catch (error) {
      if (!(error instanceof HubUnreachableError || error instanceof HubRefusedError)) throw error;
      this.#count(error instanceof HubRefusedError ? `refused ${error.code}` : 'unreachable');
      for (const p of batch) p.attempts += 1;
      return;
    }
    this.figures.pushes += 1;
    this.figures.pushMs.push(performance.now() - began);
    for (const result of results) {
      const index = this.#outbox.findIndex((p) => p.mutation.mutationId === result.mutationId);
      if (index < 0) continue;
      const { payload } = this.#outbox[index]!.mutation;
      const local = this.#bookings.get(payload.bookingId!)!;
      if (result.status === 'retry') {
        this.#outbox[index]!.attempts += 1;
        this.#count('retry');
        continue;
      }
      this.#outbox.splice(index, 1);
      if (result.status === 'ok') {
        const record = result.bookings[0] as { id: string; status: BookingStatus; slotId: string };
        Object.assign(local, { hubId: record.id, status: record.status, slotId: record.slotId });
        this.acknowledged.push({ bookingId: record.id, by: 'desk push ok' });
        this.#count('ok');
      } else {
        local.status = 'rejected';
        this.#callbackTasks.push(local.localId);
        this.#count(`rejected ${result.code}`);
      }
    }
  }

  #mirrorBooking(record: Record<string, unknown>): void {
    const id = record.id as string;
    const local = this.#bookings.get(id);
    const mirrored = {
      hubId: id,
      status: record.status as BookingStatus,
      slotId: record.slotId as string,
      channel: record.channel as string,
    };
    if (local) Object.assign(local, mirrored);
    else this.#bookings.set(id, { localId: id, ...mirrored });
  }

  #mirrorSlot(record: StormSlot): void {
    if (this.#slots.has(record.id)) this.#slots.set(record.id, record);
  }

  #count(outcome: string): void {
    this.figures.outcomes[outcome] = (this.figures.outcomes[outcome] ?? 0) + 1;
  }

  state(): DeskState {
    return {
      name: this.name,
      bookings: [...this.#bookings.values()],
      callbackTaskIds: [...this.#callbackTasks],
    };
  }

  reading(): ChangeLogReading {
    return this.#follower.reading();
  }

  get pullMs(): readonly number[] {
    return this.#follower.pullMs;
  }
}
