/** The manager's dashboard's English text (the `dashboard` block of renderer/src/i18n/en.ts). */
import type { dashboardJa } from './messages-ja.ts';

export const dashboardEn: typeof dashboardJa = {
  title: 'Dashboard',
  intro: "Counted from this desktop's data (kept up to date by sync). As of {{time}}",
  loading: 'Counting…',
  notManager: 'Only managers see the dashboard.',
  fill: {
    heading: 'Fill rate by venue and day',
    caption:
      'The next {{days}} days from today: seats booked out of the seats of the open slots. "Closed": every slot of the day is closed; blank: no slots.',
    venue: 'Venue',
    cell: '{{venue}} {{date}}: {{percent}}% ({{occupied}} of {{capacity}} seats)',
    closedCell: '{{venue}} {{date}}: every slot closed',
    closed: 'Closed',
    legend: 'Legend',
    band: { low: 'below 50%', mid: '50–79%', high: '80–99%', full: '100% or more' },
    noVenues: 'No venues.',
  },
  bookings: {
    heading: 'Bookings per day by channel',
    caption: 'By the day the booking was made (the last {{days}} days), cancelled ones included.',
    total: 'In {{days}} days: phone {{phone}}, online {{online}}, walk-in {{walk_in}}',
    tableLabel: 'Bookings per day, as a table',
  },
  remaining: {
    heading: 'Free seats ahead',
    span: 'Next {{days}} days',
    seats: '{{n}} seats',
    detail: '{{capacity}} seats in {{slots}} slots (to {{through}})',
    rate: '{{percent}}% free',
  },
  shortfall: {
    heading: 'Too few seats for the next dose',
    caption:
      'Days whose booked residents find too few free seats at the same venue in their next-dose window. Open slots or add seats.',
    none: 'No shortfall.',
    date: 'Dose date',
    venue: 'Venue',
    product: 'Vaccine',
    window: 'Next-dose window',
    offered: 'Free in the window',
    offeredSeats: '{{seats}} seats ({{slots}} slots)',
    noSlots: 'no slots made yet',
    needing: 'Booked',
    short: 'Short',
    windowRange: '{{from}} – {{to}}',
    more: '{{n}} more (all of them are in the export)',
  },
  dateShort: '{{month}}/{{day}}',
  weekday: ' ({{weekday}})',
};
