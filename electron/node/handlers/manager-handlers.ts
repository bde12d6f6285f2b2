/**
 * Handlers of the manager's desk (domain/api/methods/manager.ts). Each request goes to the hub at once
 * with the sync loop's session (SyncEngine.askHubAsManager), never into the outbox: offline it is
 * refused and nothing changes anywhere. After a change the desk pulls, so that its own copy (and every
 * screen reading it) shows the change when the answer arrives. The hub answers with ids; the residents
 * a plan or a refusal concerns are named from this desktop's copy, and that view is audited here.
 */
import { appendAudit } from '../../../db/queries/audit.ts';
import { affectedBookings, slotSummaries } from '../../../db/queries/manager-lookups.ts';
import type {
  AffectedBooking,
  ManagerSlotSummary,
  managerMethods,
  SessionResident,
  SessionResidentResult,
  SlotInTheWay,
} from '../../../domain/api/methods/manager.ts';
import type { HubClient } from '../sync/hub-client.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';
import { askHubAtOnce, refusalError } from './hub-at-once.ts';

/** How long the desk waits for the pull after a change (the answer comes anyway; the pull goes on). */
const pullWaitMs = 15_000;

const bySlotThenReading = (
  slots: ReadonlyMap<string, ManagerSlotSummary>,
  a: { slotId: string; nameKanaKey: string; bookingNumber: string },
  b: { slotId: string; nameKanaKey: string; bookingNumber: string },
) => {
  const sa = slots.get(a.slotId);
  const sb = slots.get(b.slotId);
  const when = (s: ManagerSlotSummary | undefined) => `${s?.date ?? ''} ${s?.startTime ?? ''}`;
  return (
    when(sa).localeCompare(when(sb)) ||
    a.nameKanaKey.localeCompare(b.nameKanaKey) ||
    a.bookingNumber.localeCompare(b.bookingNumber)
  );
};

export function createManagerHandlers(deps: ApiHandlerDeps): HandlersOf<typeof managerMethods> {
  const { db } = deps;

  const ask = <T>(call: (client: HubClient, token: string) => Promise<T>) => askHubAtOnce(deps, call);

  /** Waits for a round of sync (push, pull), so this desktop's copy has what the hub just did. */
  const pull = async () => {
    await deps.sync?.syncNow(pullWaitMs);
  };

  /** A change the hub either makes or refuses as a whole; answered after the pull. */
  async function change<T>(
    fieldsUnder: string | null,
    call: (client: HubClient, token: string) => Promise<T>,
  ) {
    const answer = await ask(call);
    if (answer.kind === 'refused') throw refusalError(answer, fieldsUnder);
    await pull();
    return answer.value;
  }

  /** The bookings named, from this desktop's copy; pulls once first when some have not arrived yet. */
  async function bookingsNamed(bookingIds: readonly string[]) {
    let found = affectedBookings(db, bookingIds);
    if (bookingIds.some((id) => !found.has(id))) {
      await pull();
      found = affectedBookings(db, bookingIds);
    }
    return found;
  }

  function auditView(
    staffId: string,
    action: string,
    bookingIds: readonly string[],
    slotIds: readonly string[],
  ) {
    if (bookingIds.length === 0) return;
    appendAudit(db, {
      staffId,
      action,
      entity: 'booking',
      entityIds: [...bookingIds],
      detail: { slotIds: [...new Set(slotIds)], rowCount: bookingIds.length },
    });
  }

  const unknownSlot = (slotId: string): ManagerSlotSummary => ({
    slotId,
    venueId: '',
    venueName: '',
    date: '',
    startTime: '',
    endTime: '',
  });

  const unknownBooking = (bookingId: string, bookingNumber = ''): AffectedBooking => ({
    bookingId,
    bookingNumber,
    name: '',
    nameKana: '',
    doseNumber: 0,
    channel: null,
  });

  const publicPart = (b: AffectedBooking): AffectedBooking => ({
    bookingId: b.bookingId,
    bookingNumber: b.bookingNumber,
    name: b.name,
    nameKana: b.nameKana,
    doseNumber: b.doseNumber,
    channel: b.channel,
  });

  return {
    'manager.getCatalog': async () => {
      const answer = await ask((client, token) => client.managerCatalog(token));
      if (answer.kind === 'refused') throw refusalError(answer, null);
      return answer.value;
    },

    'manager.createProduct': async ({ product }) => ({
      product: await change('product', (client, token) => client.createProduct(token, product)),
    }),

    'manager.changeProduct': async ({ productId, change: body }) => ({
      product: await change('change', (client, token) => client.changeProduct(token, productId, body)),
    }),

    'manager.retireProduct': async ({ productId }) => ({
      product: await change(null, (client, token) => client.retireProduct(token, productId)),
    }),

    'manager.createVenue': async ({ venue }) => ({
      venue: await change('venue', (client, token) => client.createVenue(token, venue)),
    }),

    'manager.changeVenue': async ({ venueId, change: body }) => ({
      venue: await change('change', (client, token) => client.changeVenue(token, venueId, body)),
    }),

    'manager.previewSlotGeneration': async ({ venueId, generation }) => {
      const answer = await ask((client, token) => client.previewSlotGeneration(token, venueId, generation));
      if (answer.kind === 'refused') throw refusalError(answer, 'generation');
      return answer.value;
    },

    'manager.generateSlots': async ({ venueId, generation }) => {
      const answer = await ask((client, token) => client.generateSlots(token, venueId, generation));
      if (answer.kind === 'refused') {
        if (answer.code === 'OVERLAP') return { outcome: 'overlap', overlaps: answer.detail.overlaps ?? [] };
        throw refusalError(answer, 'generation');
      }
      await pull();
      return {
        outcome: 'generated',
        created: answer.value.created.length,
        existing: answer.value.existing,
        skipped: answer.value.skipped,
      };
    },

    'manager.changeSlotsInBulk': async (body, ctx) => {
      const answer = await ask((client, token) => client.changeSlotsInBulk(token, body));
      if (answer.kind === 'done') {
        await pull();
        return {
          outcome: 'changed',
          changed: answer.value.changed.length,
          unchanged: answer.value.unchanged,
        };
      }
      if (answer.code !== 'CAPACITY_BELOW_BOOKED') throw refusalError(answer, null);
      // The hub counted bookings this desktop may not have yet: they arrive with the pull.
      const inTheWay = answer.detail.belowBooked ?? [];
      const bookingIds = inTheWay.flatMap((s) => s.bookingIds);
      const bookings = await bookingsNamed(bookingIds);
      const slots = slotSummaries(
        db,
        inTheWay.map((s) => s.slotId),
      );
      auditView(
        ctx.session.staffId,
        'slot.bookings-in-the-way.view',
        bookingIds.filter((id) => bookings.has(id)),
        inTheWay.map((s) => s.slotId),
      );
      const named = (id: string) =>
        bookings.get(id) ?? { ...unknownBooking(id), slotId: '', nameKanaKey: '' };
      const result: SlotInTheWay[] = inTheWay
        .map((s) => ({
          ...(slots.get(s.slotId) ?? unknownSlot(s.slotId)),
          seatsTaken: s.seatsTaken,
          held: s.held,
          bookings: s.bookingIds
            .map(named)
            .sort(
              (a, b) =>
                a.nameKanaKey.localeCompare(b.nameKanaKey) || a.bookingNumber.localeCompare(b.bookingNumber),
            )
            .map(publicPart),
        }))
        .sort((a, b) =>
          `${a.date} ${a.startTime} ${a.venueName}`.localeCompare(`${b.date} ${b.startTime} ${b.venueName}`),
        );
      return { outcome: 'below_booked', slots: result };
    },

    'manager.previewSessionCancellation': async (body, ctx) => {
      const answer = await ask((client, token) => client.previewSessionCancellation(token, body));
      if (answer.kind === 'refused') throw refusalError(answer, null);
      const { affected, targetSlots } = answer.value;
      const bookings = await bookingsNamed(affected.map((a) => a.bookingId));
      const slots = slotSummaries(db, [...body.slotIds, ...targetSlots.map((s) => s.id)]);
      const slotOf = (id: string) => slots.get(id) ?? unknownSlot(id);
      auditView(
        ctx.session.staffId,
        'session.residents.view',
        affected.map((a) => a.bookingId).filter((id) => bookings.has(id)),
        body.slotIds,
      );
      const residents = affected
        .map((a) => {
          const b = bookings.get(a.bookingId);
          const resident: SessionResident = {
            ...(b ? publicPart(b) : unknownBooking(a.bookingId, a.bookingNumber)),
            doseNumber: a.doseNumber,
            from: slotOf(a.fromSlotId),
            to: a.toSlotId === null ? null : slotOf(a.toSlotId),
          };
          return {
            resident,
            order: {
              slotId: a.fromSlotId,
              nameKanaKey: b?.nameKanaKey ?? '',
              bookingNumber: a.bookingNumber,
            },
          };
        })
        .sort((x, y) => bySlotThenReading(slots, x.order, y.order))
        .map((x) => x.resident);
      return { residents };
    },

    'manager.cancelSession': async (body, ctx) => {
      const answer = await ask((client, token) => client.cancelSession(token, body));
      if (answer.kind === 'refused') throw refusalError(answer, null);
      await pull();
      const { closedSlotIds, results } = answer.value;
      const bookings = await bookingsNamed(results.map((r) => r.bookingId));
      const slots = slotSummaries(db, [
        ...results.map((r) => r.fromSlotId),
        ...results.flatMap((r) => (r.outcome === 'moved' ? [r.toSlotId] : [])),
      ]);
      const slotOf = (id: string) => slots.get(id) ?? unknownSlot(id);
      auditView(
        ctx.session.staffId,
        'session.residents.view',
        results.map((r) => r.bookingId).filter((id) => bookings.has(id)),
        body.slotIds,
      );
      const outcomes = results
        .map((r) => {
          const b = bookings.get(r.bookingId);
          const base = { ...(b ? publicPart(b) : unknownBooking(r.bookingId)), from: slotOf(r.fromSlotId) };
          const result: SessionResidentResult =
            r.outcome === 'moved'
              ? { ...base, outcome: 'moved', to: slotOf(r.toSlotId) }
              : { ...base, outcome: 'callback', code: r.code };
          return {
            result,
            order: {
              slotId: r.fromSlotId,
              nameKanaKey: b?.nameKanaKey ?? '',
              bookingNumber: b?.bookingNumber ?? '',
            },
          };
        })
        .sort((x, y) => bySlotThenReading(slots, x.order, y.order))
        .map((x) => x.result);
      return { closedSlots: closedSlotIds.length, results: outcomes };
    },
  };
}
