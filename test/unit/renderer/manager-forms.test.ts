/**
 * The manager's forms (renderer/src/screens/manager): typed values to the hub's bodies with the
 * problems beside their fields, what an edit changes, the selection sent for capacity in bulk, and
 * the slot generation preview laid out as a calendar.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../domain/api/errors.ts';
import type {
  HubProductRecord,
  ManagerVenue,
  SlotGenerationPreview,
} from '../../../domain/api/methods/manager.ts';
import {
  bulkRange,
  bulkSelection,
  checkBulkChange,
} from '../../../renderer/src/screens/manager/bulk-form.ts';
import { hubFieldProblems } from '../../../renderer/src/screens/manager/field-problems.ts';
import {
  checkGenerationForm,
  defaultGenerationValues,
  generationCalendar,
  generationFieldOf,
} from '../../../renderer/src/screens/manager/generation-form.ts';
import {
  checkProductForm,
  productChangeOf,
  productFieldOf,
  productFormValues,
} from '../../../renderer/src/screens/manager/product-form.ts';
import {
  checkVenueForm,
  venueChangeOf,
  venueFormValues,
} from '../../../renderer/src/screens/manager/venue-form.ts';

const product: HubProductRecord = {
  id: 'p1',
  name: 'コミナティ',
  manufacturer: 'Pfizer',
  dosesInSeries: 2,
  intervalMinDays: 18,
  intervalMaxDays: 42,
  minAgeYears: 12,
  active: true,
  ageReferenceDate: null,
};

describe('the product form', () => {
  it('reads full-width digits and sends the age reference date only when chosen', () => {
    const values = {
      ...productFormValues(null),
      name: ' スパイクバックス ',
      manufacturer: 'Moderna',
      intervalMinDays: '２８',
    };
    expect(checkProductForm(values)).toEqual({
      ok: true,
      body: {
        name: 'スパイクバックス',
        manufacturer: 'Moderna',
        dosesInSeries: 2,
        intervalMinDays: 28,
        intervalMaxDays: 42,
        minAgeYears: 12,
        ageReferenceDate: null,
      },
    });
    const byDate = checkProductForm({
      ...values,
      ageCheck: 'reference_date',
      ageReferenceDate: '2026-04-01',
    });
    expect(byDate.ok && byDate.body.ageReferenceDate).toBe('2026-04-01');
  });

  it('puts each problem beside its field', () => {
    const check = checkProductForm({
      ...productFormValues(null),
      dosesInSeries: '6',
      intervalMinDays: '30',
      intervalMaxDays: '20',
      minAgeYears: '',
      ageCheck: 'reference_date',
    });
    expect(check).toEqual({
      ok: false,
      problems: {
        name: { kind: 'required' },
        manufacturer: { kind: 'required' },
        dosesInSeries: { kind: 'whole_number', min: 1, max: 5 },
        intervalMaxDays: { kind: 'interval_order' },
        minAgeYears: { kind: 'required' },
        ageReferenceDate: { kind: 'required' },
      },
    });
  });

  it('sends only what an edit changes, and nothing when nothing did', () => {
    const same = checkProductForm(productFormValues(product));
    expect(same.ok && productChangeOf(product, same.body)).toBeNull();
    const edited = checkProductForm({
      ...productFormValues(product),
      intervalMaxDays: '56',
      ageCheck: 'reference_date',
      ageReferenceDate: '2026-04-01',
    });
    expect(edited.ok && productChangeOf(product, edited.body)).toEqual({
      intervalMaxDays: 56,
      ageReferenceDate: '2026-04-01',
    });
  });

  it('places the hub’s VALIDATION fields on the form', () => {
    const error = new ApiError('VALIDATION', 'x', [
      { path: 'change.intervalMaxDays', message: 'at least the shortest interval' },
      { path: 'body', message: 'something else' },
    ]);
    expect(hubFieldProblems(error, 'change', productFieldOf)).toEqual({
      fields: { intervalMaxDays: { kind: 'refused' } },
      unplaced: true,
    });
    expect(hubFieldProblems(new ApiError('CONFLICT', 'x'), 'change', productFieldOf)).toBeNull();
  });
});

const venue: ManagerVenue = {
  id: 'v1',
  municipalityCode: '131016',
  name: '市民会館',
  nameKana: 'シミンカイカン',
  kind: 'community_center',
  area: '中央',
  address: '千代田区1-1',
  phone: '03-1111-2222',
  active: true,
  updatedAt: '2030-06-01T00:00:00.000Z',
  accessNotes: '',
  productIds: ['p1'],
  acceptedMunicipalityCodes: ['131016'],
  outOfAreaByException: false,
};

describe('the venue form', () => {
  it('needs a name and an address, and valid municipality codes', () => {
    const check = checkVenueForm(
      { ...venueFormValues(null, '131016'), acceptedMunicipalityCodes: ['131017'] },
      false,
    );
    expect(check).toEqual({
      ok: false,
      problems: {
        name: { kind: 'required' },
        address: { kind: 'required' },
        acceptedMunicipalityCodes: { kind: 'municipality_code' },
      },
    });
  });

  it('names its municipality on a hub session of every municipality', () => {
    const values = { ...venueFormValues(null, null), name: '県会場', address: '県庁前' };
    expect(checkVenueForm(values, true)).toMatchObject({
      ok: false,
      problems: { municipalityCode: { kind: 'required' } },
    });
    const named = checkVenueForm({ ...values, municipalityCode: '131016' }, true);
    expect(named.ok && named.body.municipalityCode).toBe('131016');
  });

  it('sends only what an edit changes; emptied municipalities mean the venue’s own', () => {
    const same = checkVenueForm(venueFormValues(venue, '131016'), false);
    expect(same.ok && venueChangeOf(venue, same.body)).toBeNull();
    const edited = checkVenueForm(
      {
        ...venueFormValues(venue, '131016'),
        accessNotes: '駐車場あり',
        acceptedMunicipalityCodes: ['131024', '131016'],
      },
      false,
    );
    expect(edited.ok && venueChangeOf(venue, edited.body)).toEqual({
      accessNotes: '駐車場あり',
      acceptedMunicipalityCodes: ['131016', '131024'],
    });
    const wider = { ...venue, acceptedMunicipalityCodes: ['131016', '131024'] };
    const emptied = checkVenueForm(
      { ...venueFormValues(wider, '131016'), acceptedMunicipalityCodes: [] },
      false,
    );
    expect(emptied.ok && venueChangeOf(wider, emptied.body)).toEqual({
      acceptedMunicipalityCodes: ['131016'],
    });
  });
});

describe('the slot generation form', () => {
  const today = '2030-06-10';
  const values = { ...defaultGenerationValues(today), venueId: 'v1', productId: 'p1' };

  it('defaults to next month, weekdays with a lunch break', () => {
    expect(defaultGenerationValues('2030-12-05')).toMatchObject({ from: '2031-01-01', to: '2031-01-31' });
    const check = checkGenerationForm(values, today);
    expect(check).toEqual({
      ok: true,
      venueId: 'v1',
      body: {
        productId: 'p1',
        from: '2030-07-01',
        to: '2030-07-31',
        patterns: [
          {
            daysOfWeek: [1, 2, 3, 4, 5],
            startTime: '09:00',
            endTime: '16:00',
            slotMinutes: 30,
            lunchBreak: { startTime: '12:00', endTime: '13:00' },
            capacity: 10,
            callCenterReserve: 2,
          },
        ],
        closureDays: [],
        openOnHolidays: false,
      },
    });
  });

  it('puts the domain rule’s problems beside the fields', () => {
    expect(
      checkGenerationForm(
        { ...values, from: '2030-06-01', endTime: '08:00', callCenterReserve: '11', daysOfWeek: [] },
        today,
      ),
    ).toEqual({ ok: false, problems: { daysOfWeek: { kind: 'pick_one' } } });
    expect(
      checkGenerationForm(
        { ...values, from: '2030-06-01', endTime: '08:00', callCenterReserve: '11' },
        today,
      ),
    ).toEqual({
      ok: false,
      problems: {
        from: { kind: 'not_before_today' },
        endTime: { kind: 'time_order' },
        callCenterReserve: { kind: 'reserve_above_capacity' },
      },
    });
    expect(checkGenerationForm({ ...values, lunchStart: '08:00' }, today)).toMatchObject({
      ok: false,
      problems: { lunchEnd: { kind: 'lunch_inside' } },
    });
    expect(checkGenerationForm({ ...values, slotMinutes: '4' }, today)).toMatchObject({
      ok: false,
      problems: { slotMinutes: { kind: 'whole_number', min: 5, max: 480 } },
    });
    expect(generationFieldOf('generation.patterns.0.endTime')).toBe('endTime');
  });

  it('lays the preview out as months of Sunday-first weeks', () => {
    const preview: SlotGenerationPreview = {
      slots: [
        {
          date: '2030-07-01',
          startTime: '09:00',
          endTime: '09:30',
          capacity: 10,
          callCenterReserve: 2,
          reserveReleaseDays: 3,
          reserveReleaseHours: null,
        },
        {
          date: '2030-07-01',
          startTime: '09:30',
          endTime: '10:00',
          capacity: 10,
          callCenterReserve: 2,
          reserveReleaseDays: 3,
          reserveReleaseHours: null,
        },
      ],
      existing: [{ date: '2030-07-08', startTime: '09:00', existingSlotId: 'x' }],
      skipped: [
        { date: '2030-07-15', reason: 'holiday', holidayName: '海の日' },
        { date: '2030-08-01', reason: 'closure' },
      ],
      overlaps: [
        {
          date: '2030-07-22',
          startTime: '09:00',
          endTime: '09:30',
          existingSlotId: 'a',
          existingStartTime: '08:45',
          existingEndTime: '09:15',
        },
        {
          date: '2030-07-22',
          startTime: '09:00',
          endTime: '09:30',
          existingSlotId: 'b',
          existingStartTime: '09:15',
          existingEndTime: '09:45',
        },
      ],
    };
    const months = generationCalendar(preview, '2030-07-01', '2030-08-10');
    expect(months.map((m) => [m.year, m.month, m.weeks.length])).toEqual([
      [2030, 7, 5],
      [2030, 8, 5],
    ]);
    const july = months[0]!;
    // 2030-07-01 is a Monday: Sunday's cell is blank.
    expect(july.weeks[0]![0]).toBeNull();
    expect(july.weeks[0]![1]).toMatchObject({ date: '2030-07-01', newSlots: 2, inRange: true });
    const day = (iso: string) => months.flatMap((m) => m.weeks.flat()).find((d) => d?.date === iso);
    expect(day('2030-07-08')).toMatchObject({ existing: 1, newSlots: 0 });
    expect(day('2030-07-15')?.skipped).toEqual({ reason: 'holiday', holidayName: '海の日' });
    expect(day('2030-07-22')?.overlaps).toBe(1);
    expect(day('2030-08-01')?.skipped).toEqual({ reason: 'closure' });
    expect(day('2030-08-11')).toMatchObject({ inRange: false });
  });
});

describe('capacity in bulk', () => {
  it('takes a day, the week of a day (Monday to Sunday) or a period', () => {
    const period = { from: '2030-07-01', to: '2030-07-20' };
    expect(bulkRange('day', '2030-07-10', period)).toEqual({ from: '2030-07-10', to: '2030-07-10' });
    expect(bulkRange('week', '2030-07-14', period)).toEqual({ from: '2030-07-08', to: '2030-07-14' });
    expect(bulkRange('range', '2030-07-14', period)).toEqual(period);
  });

  it('sends the period when every slot is ticked, else the slots ticked', () => {
    const range = { from: '2030-07-08', to: '2030-07-14' };
    expect(bulkSelection('v1', range, ['a', 'b'], new Set(['a', 'b']))).toEqual({ venueId: 'v1', ...range });
    expect(bulkSelection(null, range, ['a', 'b'], new Set(['a', 'b']))).toEqual(range);
    expect(bulkSelection('v1', range, ['a', 'b'], new Set(['b']))).toEqual({ slotIds: ['b'] });
    expect(bulkSelection('v1', range, ['a', 'b'], new Set())).toBeNull();
  });

  it('changes only what is filled in, and checks the reserve against the capacity', () => {
    expect(checkBulkChange({ capacity: '１５', callCenterReserve: '', status: 'keep' })).toEqual({
      ok: true,
      change: { capacity: 15 },
    });
    expect(checkBulkChange({ capacity: '', callCenterReserve: '', status: 'closed' })).toEqual({
      ok: true,
      change: { status: 'closed' },
    });
    expect(checkBulkChange({ capacity: '', callCenterReserve: '', status: 'keep' })).toEqual({
      ok: false,
      problems: {},
      nothing: true,
    });
    expect(checkBulkChange({ capacity: '4', callCenterReserve: '5', status: 'keep' })).toMatchObject({
      ok: false,
      problems: { callCenterReserve: { kind: 'reserve_above_capacity' } },
    });
  });
});
