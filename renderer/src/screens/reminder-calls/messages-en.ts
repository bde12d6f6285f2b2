/** The reminder call list's English text (the `reminderCalls` block of renderer/src/i18n/en.ts). */
import type { ReminderCallsMessages } from './messages-ja.ts';

export const reminderCallsEn: ReminderCallsMessages = {
  intro: 'Residents who booked by phone (provisional or confirmed) get a call the day before to confirm.',
  date: 'Appointment date',
  tomorrow: 'Tomorrow',
  notTomorrow: 'Not tomorrow',
  backToTomorrow: 'Back to tomorrow',
  counts: {
    title: 'Calls so far',
    total: 'To call',
    reached: 'Reached',
    message: 'Voicemail',
    no_answer: 'No answer',
    notCalled: 'Not yet called',
    people: '{{n}}',
  },
  outcome: {
    reached: 'Reached',
    message: 'Voicemail',
    no_answer: 'No answer',
  },
  notCalled: 'Not yet called',
  outcomeFor: {
    reached: '{{name}}: reached',
    message: '{{name}}: voicemail left',
    no_answer: '{{name}}: no answer',
  },
  clear: 'Back to not yet called',
  pressAgain: 'Press again to set back to not yet called',
  recordedAt: 'recorded {{time}}',
  keys: {
    title: 'Keys',
    move: 'choose a row',
    hint: 'Choose a row and press a number to record the outcome; the next row is chosen for you.',
  },
  columns: {
    time: 'Time · venue',
    bookingNumber: 'Booking no.',
    name: 'Name · reading',
    age: 'Age',
    phone: 'Phone',
    dose: 'Dose',
    outcome: 'Outcome',
  },
  age: '{{n}}',
  dose: '{{n}}',
  tableLabel: 'Reminder call list for {{date}}',
  view: { calls: 'Calls', preview: 'Print preview' },
  empty: 'Nobody booked by phone for this day',
  emptyHint:
    'Reminder calls go to residents who booked by phone (provisional or confirmed). Choose another day or venue.',
  failed: 'The outcome could not be recorded',
};
