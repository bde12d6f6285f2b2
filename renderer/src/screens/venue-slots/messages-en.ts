/** The venues and slots screen's English text (the `venueSlots` block of renderer/src/i18n/en.ts). */
import type { VenueSlotsMessages } from './messages-ja.ts';

export const venueSlotsEn: VenueSlotsMessages = {
  venue: 'Venue',
  allVenues: 'All venues',
  from: 'From',
  to: 'To',
  thisAndNextWeek: 'This week and next',
  range: '{{from}} – {{to}}',
  rangeBackwards: 'The end date must be on or after the start date.',
  rangeTooLong: 'At most {{days}} days can be shown at once.',
  tableLabel: 'Vaccination slots, {{range}}',
  slotCount: '{{n}} slots',
  keysHint: '↑ ↓ choose · Enter change · PageUp / PageDown 10 slots',
  keysHintReadOnly: '↑ ↓ choose · PageUp / PageDown 10 slots',
  loading: 'Loading slots…',
  dateShort: '{{weekday}} {{month}}/{{day}}',
  target: {
    hub: 'Changes go to the hub at once; the screen shows what the hub accepted.',
    local: 'This desktop is not attached to a hub: changes are made in this computer’s data directly.',
    offline:
      'The hub cannot be reached, so nothing can be changed now. Try again once the connection is back.',
  },
  readOnly: {
    title: 'View only',
    body: 'Only managers change capacity, the call-center reserve and booking status (your role: {{role}}).',
  },
  columns: {
    date: 'Date',
    time: 'Time',
    venue: 'Venue',
    product: 'Vaccine',
    capacity: 'Seats',
    reserve: 'Call-center reserve',
    reserveHead: 'Call-\ncenter\nreserve',
    held: 'Held',
    remaining: 'Left',
    status: 'Status',
  },
  bookedGroup: 'Booked',
  status: {
    open: 'Open',
    closed: 'Closed',
  },
  closedRemaining: 'closed',
  empty: {
    title: 'No vaccination slots in this period',
    description: 'Choose another venue or period.',
  },
  edit: {
    title: 'Change slot',
    taken: '{{booked}} booked, {{held}} held ({{taken}} seats taken)',
    capacity: 'Capacity',
    capacityHint: 'At least {{taken}}',
    reserve: 'Call-center reserve',
    reserveHint: 'Seats only phone bookings can use (up to the capacity)',
    status: 'Booking',
    save: 'Save (Enter)',
    cancel: 'Cancel (Esc)',
    sendsToHub: 'Saving sends the change to the hub.',
    savesLocally: 'Saving changes this computer’s data.',
  },
  field: {
    empty: 'Enter a number.',
    not_integer: 'Enter a whole number (e.g. 12).',
    negative: 'Enter 0 or more.',
    too_large: 'Enter {{max}} or less.',
    belowBooked: 'Cannot be less than the {{n}} seats already booked',
    reserveAboveCapacity: 'Cannot be more than the capacity ({{capacity}})',
  },
  refused: {
    capacity_below_booked: 'Cannot be less than the {{n}} seats already booked',
    reserve_above_capacity: 'Cannot be more than the capacity ({{capacity}})',
    hub_offline:
      'The hub cannot be reached, so the change was not made. Try again once the connection is back.',
    hub_forbidden:
      'The hub refused the change: the staff login this desktop uses on the hub is not a manager. Check the sync settings.',
    hub_refused: 'The hub refused the change ({{code}}). Please try again in a moment.',
    not_found: 'This slot was not found. Reload the list.',
  },
  saved: {
    hub: '{{slot}} changed (accepted by the hub)',
    local: '{{slot}} changed',
    unchanged: '{{slot}}: nothing to change',
  },
  failed: 'Not changed',
};
