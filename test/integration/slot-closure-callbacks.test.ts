/**
 * Closing a slot that has bookings, with two desktops and the hub (PGlite and PostgreSQL): a manager
 * at desktop A reads who the closure strands (booking numbers and names, audited), closes the slot
 * through the hub, and an operator's desktop B — which only mirrors the hub — lists every resident
 * as a callback task with the reason and the closure's time, while both daily lists mark the bookings
 * 要連絡・枠停止 instead of 予約 (the bookings stay). Recording the call on B marks the list 連絡済 there;
 * reopening the slot clears tasks and marks on both desktops, and a second closure is a new task.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallbackTask, DailyList, SlotResidents } from '../../domain/api/contract.ts';
import type { ApiResult } from '../../domain/api/errors.ts';
import { dailyListStatusLabel } from '../../domain/daily-list-layout.ts';
import { readingKey } from '../../domain/kana.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends, type Fixture } from './hub-support.ts';
import { attachDesk, deskCredentials, openTestDesk, type TestDesk, waitFor } from './sync-support.ts';

const residents = [
  { name: '佐藤 花子', nameKana: 'サトウ ハナコ' },
  { name: '鈴木 一郎', nameKana: 'スズキ イチロウ' },
  { name: '高橋 和子', nameKana: 'タカハシ カズコ' },
];

describeHubBackends('a closed slot strands its residents', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;
  let managerDesk: TestDesk;
  let operatorDesk: TestDesk;
  let slotId: string;
  let otherSlotId: string;
  const booked: Array<{ id: string; bookingNumber: string; name: string }> = [];

  const call = async <T>(desk: TestDesk, method: string, input: unknown): Promise<T> => {
    const answer = (await desk.service.call(method, input)) as ApiResult<T>;
    if (!answer.ok) throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`);
    return answer.value;
  };
  const tasks = (desk: TestDesk) =>
    call<{ tasks: CallbackTask[] }>(desk, 'listCallbackTasks', {}).then((r) => r.tasks);
  const closureTasks = async (desk: TestDesk) =>
    (await tasks(desk)).filter((task) => task.kind === 'slot_closed');
  const dailyLabels = async (desk: TestDesk) => {
    const list = await call<DailyList>(desk, 'getDailyList', { date: '2030-06-20', venueId: fx.venueId });
    return Object.fromEntries(
      list.venues.flatMap((v) => v.rows).map((row) => [row.bookingNumber, dailyListStatusLabel(row)]),
    );
  };
  const slotStatusOn = (desk: TestDesk, id: string) =>
    desk.service.db.prepare('SELECT status FROM slots WHERE id = ?').pluck().get(id) as string | undefined;
  const changeSlot = (status: 'open' | 'closed') =>
    call<{ slot: { status: string } }>(managerDesk, 'changeSlotCapacity', { slotId, status });

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    slotId = await fx.slot({ date: '2030-06-20', startTime: '10:00', endTime: '10:30', capacity: 10 });
    otherSlotId = await fx.slot({ date: '2030-06-20', startTime: '11:00', endTime: '11:30', capacity: 10 });
    hub = await startHub(ctx.sql);
    for (const resident of residents) {
      const coupon = await fx.coupon({ ...resident, nameKanaKey: readingKey(resident.nameKana) });
      const answer = await hub.request<{ bookings: Array<{ id: string; bookingNumber: string }> }>(
        'POST',
        '/api/v1/public/bookings',
        {
          body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
          headers: { 'idempotency-key': randomUUID() },
        },
      );
      expect(answer.status).toBe(201);
      booked.push({ ...answer.body.bookings![0]!, name: resident.name });
    }
    // Someone in the slot next door: a closure of the 10:00 slot is not theirs.
    const neighbour = await fx.coupon();
    const next = await hub.request('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: neighbour.ticketNumber, birthDate: neighbour.birthDate, slotId: otherSlotId },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(next.status).toBe(201);

    managerDesk = await openTestDesk();
    operatorDesk = await openTestDesk();
    await attachDesk(managerDesk, hub.baseUrl, await deskCredentials(ctx.sql, { role: 'manager' }));
    await attachDesk(operatorDesk, hub.baseUrl, await deskCredentials(ctx.sql, { role: 'operator' }));
    for (const desk of [managerDesk, operatorDesk]) {
      await waitFor('the bookings on the desktop', () => {
        const n = desk.service.db.prepare('SELECT count(*) FROM bookings').pluck().get() as number;
        return n === residents.length + 1;
      });
    }
  });

  afterAll(async () => {
    managerDesk?.remove();
    operatorDesk?.remove();
    await hub?.close();
  });

  it('names the residents a closure would strand, audited as a view', async () => {
    const found = await call<SlotResidents>(managerDesk, 'listSlotResidents', { slotId });
    expect(found).toMatchObject({ slotId, startTime: '10:00', endTime: '10:30' });
    expect(found.residents.map((r) => [r.bookingNumber, r.name, r.channel, r.doseNumber])).toEqual(
      booked.map((b) => [b.bookingNumber, b.name, 'online', 1]),
    );
    const audit = managerDesk.service.db
      .prepare("SELECT entity_ids, detail FROM audit_events WHERE action = 'slot.residents.view'")
      .all() as Array<{ entity_ids: string; detail: string }>;
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.entity_ids).sort()).toEqual(booked.map((b) => b.id).sort());
    // Ids and a count, never names.
    expect(audit[0]!.detail).not.toContain('佐藤');
    // Before any closure nobody is a task and the list says 予約.
    expect(await closureTasks(operatorDesk)).toEqual([]);
    expect(Object.values(await dailyLabels(operatorDesk))).toEqual(['予約', '予約', '予約', '予約']);
  });

  it('closing on the manager’s desktop makes every resident a callback task on the operator’s', async () => {
    hub.now = new Date('2030-06-01T00:05:00Z');
    expect(await changeSlot('closed')).toMatchObject({ slot: { status: 'closed' } });
    await waitFor('the closure on desktop B', () => slotStatusOn(operatorDesk, slotId) === 'closed');

    for (const desk of [operatorDesk, managerDesk]) {
      const list = await closureTasks(desk);
      expect(list.map((task) => task.booking.bookingNumber).sort()).toEqual(
        booked.map((b) => b.bookingNumber).sort(),
      );
      expect(list.map((task) => task.name).sort()).toEqual(residents.map((r) => r.name).sort());
      for (const task of list) {
        expect(task.booking.rejection).toEqual({ code: 'SLOT_CLOSED', reasons: [] });
        expect(task.rejectedAt).toBe('2030-06-01T00:05:00.000Z');
        expect(task.phone).toBe('090-1234-5678');
        // The booking itself stays.
        expect(task.booking.status).toBe('confirmed');
      }
      const labels = await dailyLabels(desk);
      for (const b of booked) expect(labels[b.bookingNumber]).toBe('要連絡・枠停止');
      // The neighbouring slot's resident is untouched.
      expect(Object.values(labels).filter((label) => label === '予約')).toHaveLength(1);
    }
    const statuses = operatorDesk.service.db
      .prepare("SELECT DISTINCT status FROM bookings WHERE slot_id = ? AND channel = 'online'")
      .pluck()
      .all(slotId);
    expect(statuses).toEqual(['confirmed']);
  });

  it('a recorded call closes the task on that desktop and the list says the resident was told', async () => {
    const first = booked[0]!;
    const recorded = await call<{ recorded: boolean }>(operatorDesk, 'recordCallbackOutcome', {
      bookingId: first.id,
      outcome: 'informed',
      rebookedBookingId: null,
    });
    expect(recorded).toEqual({ recorded: true });
    expect((await closureTasks(operatorDesk)).map((t) => t.booking.bookingNumber)).not.toContain(
      first.bookingNumber,
    );
    expect((await closureTasks(operatorDesk)).length).toBe(residents.length - 1);
    expect((await dailyLabels(operatorDesk))[first.bookingNumber]).toBe('枠停止・連絡済');
  });

  it('reopening clears the tasks and the marks everywhere; closing again is a new task', async () => {
    hub.now = new Date('2030-06-01T00:10:00Z');
    expect(await changeSlot('open')).toMatchObject({ slot: { status: 'open' } });
    await waitFor('the reopening on desktop B', () => slotStatusOn(operatorDesk, slotId) === 'open');
    for (const desk of [operatorDesk, managerDesk]) {
      expect(await closureTasks(desk)).toEqual([]);
      expect(Object.values(await dailyLabels(desk))).toEqual(['予約', '予約', '予約', '予約']);
    }

    hub.now = new Date('2030-06-01T00:20:00Z');
    await changeSlot('closed');
    await waitFor('the second closure on desktop B', () => slotStatusOn(operatorDesk, slotId) === 'closed');
    const again = await closureTasks(operatorDesk);
    // The resident told about the first closure has to hear about this one too.
    expect(again).toHaveLength(residents.length);
    expect(new Set(again.map((task) => task.rejectedAt))).toEqual(new Set(['2030-06-01T00:20:00.000Z']));
  });
});
