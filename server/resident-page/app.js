// @ts-check
/**
 * The resident booking page: ticket number + date of birth → the resident's bookings (cancel) →
 * venue → day and time with the seats left → confirm (with the next dose proposed) → booking
 * number. It talks to the hub's public API only (/api/v1/public/…) and keeps what was typed in
 * memory only. Plain modern JavaScript, type-checked through JSDoc (tsconfig.json beside it), so
 * the hub serves it as it is.
 */

/**
 * @typedef {{ id: string, municipalityCode: string, name: string, nameKana: string, kind: string,
 *   area: string, address: string, phone: string }} Venue
 * @typedef {{ id: string, venueId: string, productId: string, productName: string, date: string,
 *   startTime: string, endTime: string, remaining: number }} Slot
 * @typedef {{ id: string, bookingNumber: string, bookingNumberReading: string, slotId: string,
 *   doseNumber: number, status: string, venueId: string, venueName: string, date: string,
 *   startTime: string, endTime: string, productName: string }} Booking
 * @typedef {{ doseNumber: number, dosesInSeries: number, followUp: null | { doseNumber: number,
 *   window: { from: string, to: string }, proposed: Slot | null, alternatives: Slot[] } }} BookingPlan
 * @typedef {{ code: string, message: string, fields?: { path: string, message: string }[],
 *   reasons?: { code: string, message: string }[] }} ApiErrorBody
 * @typedef {{ status: string, nextDose: number | null, window: { from: string, to: string } | null }} Eligibility
 * @typedef {{ bookings: Booking[], eligibility: Eligibility }} Lookup
 * @typedef {{ code: string, name: string | null, demo: boolean }} Municipality
 */

class ApiError extends Error {
  /**
   * @param {string} code
   * @param {ApiErrorBody | null} body
   * @param {number | null} retryAfterSeconds
   */
  constructor(code, body, retryAfterSeconds) {
    super(code);
    this.code = code;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 * @returns {Promise<any>}
 */
async function api(method, path, body, headers = {}) {
  /** @type {Response} */
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('NETWORK', null, null);
  }
  /** @type {any} */
  let json = null;
  try {
    json = await response.json();
  } catch {
    // an answer without a JSON body (a proxy's error page)
  }
  if (response.ok) return json;
  const error = json && typeof json === 'object' ? json.error : null;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiError(
    typeof error?.code === 'string' ? error.code : 'UNAVAILABLE',
    error ?? null,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

// ── wording ─────────────────────────────────────────────────────────────────────────────────

const reasonText = /** @type {Record<string, string>} */ ({
  COUPON_VOID: 'この接種券は無効になっています。市の窓口にお問い合わせください。',
  MOVED_OUT: '転出の届出があるため、この接種券はお使いいただけません。',
  OTHER_MUNICIPALITY:
    'この接種券の市区町村の方は、この会場では予約できません。接種券に書かれた市区町村の窓口にお問い合わせください。',
  SERIES_COMPLETE: '必要な回数の接種は、すべて終わっています。',
  TOO_YOUNG: '接種の日に、対象の年齢に達していません。',
  INTERVAL_TOO_SHORT: '前の回の接種からの間隔が短すぎます。もっと後の日にちをお選びください。',
  INTERVAL_TOO_LONG: '前の回の接種からの間隔が空きすぎています。もっと前の日にちをお選びください。',
  PREVIOUS_DOSE_MISSING: '前の回の接種（または予約）が確認できません。',
});

/**
 * The plain-Japanese message for an API error.
 * @param {ApiError} error
 * @returns {string[]} the message, then any reasons
 */
function errorMessages(error) {
  const minutes = error.retryAfterSeconds ? Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) : 30;
  switch (error.code) {
    case 'VALIDATION':
      return ['入力された内容を確認してください。'];
    case 'NOT_VERIFIED':
      return [
        '接種券番号と生年月日の組み合わせを確認できませんでした。',
        'お手元の接種券と、生年月日をもう一度お確かめください。',
      ];
    case 'LOCKED':
      return [
        '入力の誤りが続いたため、この接種券番号での受付を一時的に止めています。',
        `${minutes}分ほどたってから、もう一度お試しください。`,
      ];
    case 'SLOT_FULL':
      return ['申し訳ありません。この時間は満席になったか、受付を終了しました。別の日時をお選びください。'];
    case 'SLOT_STARTED':
      return ['この時間は、開始時刻を過ぎたため受付を終了しました。別の日時をお選びください。'];
    case 'ALREADY_BOOKED':
      return ['この回の接種は、すでに予約があります。「ご予約の状況」でご確認ください。'];
    case 'NOT_ELIGIBLE': {
      const reasons = (error.body?.reasons ?? []).map((r) => reasonText[r.code] ?? r.message);
      return ['この内容では予約できません。', ...reasons];
    }
    case 'NOT_CANCELLABLE':
      return [
        'この予約は、インターネットではキャンセルできません（当日以降の予約や、受付済みの予約など）。',
        '会場か予約センターにお電話ください。',
      ];
    case 'NOT_FOUND':
      return ['予約が見つかりませんでした。'];
    case 'RATE_LIMITED':
      return [
        `ただいま混み合っています。${error.retryAfterSeconds ?? 60}秒ほど待ってから、もう一度お試しください。`,
      ];
    case 'IDEMPOTENCY_CONFLICT':
      return ['予約の手続きが重なりました。「ご予約の状況」で予約ができているかご確認ください。'];
    case 'NETWORK':
      return ['通信できませんでした。電波の良い場所で、もう一度お試しください。'];
    default:
      return ['ただいま予約の受付ができません。しばらくたってから、もう一度お試しください。'];
  }
}

/**
 * What the resident can book, said right after the lookup: one sentence, the reason when nothing can
 * be booked (the hub's eligibility status, in its order of precedence).
 * @param {Eligibility} e
 */
function eligibilityText(e) {
  const city = state.municipalityName ? `（${state.municipalityName}）` : '';
  switch (e.status) {
    case 'bookable':
      return e.window
        ? `${e.nextDose}回目の接種を予約できます。${formatDate(e.window.from)}から${formatDate(e.window.to)}までの日をお選びください。`
        : `${e.nextDose ?? 1}回目の接種を予約できます。`;
    case 'coupon_void':
      return 'この接種券は無効になっているため、予約できません。市区町村の窓口にお問い合わせください。';
    case 'moved_out':
      return '転出の届出があるため、この接種券では予約できません。転入先の市区町村にお問い合わせください。';
    case 'other_municipality':
      return `この接種券は、このページで予約を受け付けている市区町村${city}のものではないため、ここでは予約できません。接種券に書かれた市区町村の窓口にお問い合わせください。`;
    case 'series_complete':
      return '必要な回数の接種は、すべて終わっています。新しく予約する必要はありません。';
    case 'all_booked':
      return 'すべての回の予約が済んでいます。日時を変えたいときは、予約をキャンセルしてから取り直してください。';
    case 'window_passed':
      return `次の回を接種できる期間${e.window ? `（${formatDate(e.window.to)}まで）` : ''}を過ぎているため、インターネットでは予約できません。予約センターにお電話ください。`;
    default:
      return 'インターネットでは予約できません。予約センターにお電話ください。';
  }
}

const fieldText = /** @type {Record<string, string>} */ ({
  ticketNumber: '接種券番号は、10桁の数字で入力してください。',
  birthDate: '生年月日を確認してください（例：昭和22年4月1日、1947-04-01）。',
  phone: '電話番号を確認してください（例：090-1234-5678）。',
});

const statusText = /** @type {Record<string, string>} */ ({
  confirmed: '予約済み',
  cancelled: 'キャンセル済み',
  checked_in: '受付済み',
  vaccinated: '接種済み',
  no_show: 'ご来場なし',
});

const weekdays = ['日', '月', '火', '水', '木', '金', '土'];

/** '2030-06-20' → '2030年6月20日（木）' @param {string} iso */
function formatDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const weekday = weekdays[new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay()];
  return `${y}年${m}月${d}日（${weekday}）`;
}

/** '2030-06-20' → '6月20日（木）', with the year only when it is not this year (for narrow lists). @param {string} iso */
function formatShortDate(iso) {
  const full = formatDate(iso);
  return iso.slice(0, 4) === todayInJapan().slice(0, 4) ? full.slice(full.indexOf('年') + 1) : full;
}

/** @param {{ startTime: string, endTime: string }} slot */
const formatTime = (slot) => `${slot.startTime}〜${slot.endTime}`;

/** 'K7XH3PRW' → 'K7XH-3PRW' @param {string} n */
const formatBookingNumber = (n) => (n.length === 8 ? `${n.slice(0, 4)}-${n.slice(4)}` : n);

/** Today in Japan as YYYY-MM-DD. */
function todayInJapan() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

// ── page ────────────────────────────────────────────────────────────────────────────────────

/** @template {HTMLElement} T @param {string} id @returns {T} */
function $(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return /** @type {T} */ (element);
}

/**
 * @param {string} tag
 * @param {{ className?: string, text?: string }} [options]
 * @param {(Node | string)[]} [children]
 */
function el(tag, options = {}, children = []) {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  element.append(...children);
  return element;
}

const state = {
  /** Whose page this is (the hub's municipalities), '' when the hub does not say. */
  municipalityName: '',
  ticket: '',
  birthDate: '',
  /** @type {Venue[]} */
  venues: [],
  /** @type {Venue | null} */
  venue: null,
  /** @type {Slot[]} */
  slots: [],
  /** @type {Slot | null} */
  slot: null,
  /** @type {BookingPlan | null} */
  plan: null,
  /** One key per booking attempt, reused when the same attempt is sent again. */
  idempotencyKey: '',
};

const municipalityCode = new URLSearchParams(location.search).get('municipalityCode');

/** @param {string} stepId */
function show(stepId) {
  for (const step of document.querySelectorAll('.step')) {
    /** @type {HTMLElement} */ (step).hidden = step.id !== stepId;
  }
  clearError();
  announce('');
  const heading = /** @type {HTMLElement | null} */ (document.querySelector(`#${stepId} h1`));
  heading?.focus();
  window.scrollTo(0, 0);
}

function clearError() {
  const box = $('error');
  box.hidden = true;
  box.replaceChildren();
  for (const field of document.querySelectorAll('[aria-invalid="true"]'))
    field.removeAttribute('aria-invalid');
  for (const message of document.querySelectorAll('.field-error')) {
    /** @type {HTMLElement} */ (message).hidden = true;
  }
}

/** @param {string} text */
function announce(text) {
  $('status').textContent = text;
}

/**
 * Shows an API error in plain Japanese; field errors go beside their fields, the first of which
 * gets the focus, otherwise the message box does.
 * @param {unknown} error
 * @param {Record<string, string>} [fieldInputs] API field path → input id
 */
function showError(error, fieldInputs = {}) {
  const apiError = error instanceof ApiError ? error : new ApiError('UNAVAILABLE', null, null);
  if (!(error instanceof ApiError)) console.error(error);
  const box = $('error');
  const [first, ...rest] = errorMessages(apiError);
  box.replaceChildren(el('p', { className: 'error-title', text: first ?? '' }));
  if (rest.length > 0)
    box.append(
      el(
        'ul',
        {},
        rest.map((text) => el('li', { text })),
      ),
    );
  box.hidden = false;
  /** @type {HTMLElement | null} */
  let focusTarget = null;
  for (const issue of apiError.body?.fields ?? []) {
    const inputId = fieldInputs[issue.path];
    if (!inputId) continue;
    const input = $(inputId);
    input.setAttribute('aria-invalid', 'true');
    const message = $(`${inputId}-error`);
    message.textContent = fieldText[issue.path] ?? issue.message;
    message.hidden = false;
    focusTarget ??= input;
  }
  (focusTarget ?? box).focus();
}

/**
 * Runs an action with its form marked busy, its buttons disabled, and errors shown.
 * @param {HTMLFormElement | HTMLElement} form
 * @param {() => Promise<void>} action
 * @param {Record<string, string>} [fieldInputs]
 */
async function busy(form, action, fieldInputs) {
  const buttons = /** @type {HTMLButtonElement[]} */ ([...form.querySelectorAll('button')]);
  if (form.getAttribute('aria-busy') === 'true') return;
  form.setAttribute('aria-busy', 'true');
  for (const b of buttons) b.disabled = true;
  try {
    await action();
  } catch (error) {
    showError(error, fieldInputs);
  } finally {
    form.removeAttribute('aria-busy');
    for (const b of buttons) b.disabled = false;
  }
}

const proof = () => ({ ticketNumber: state.ticket, birthDate: state.birthDate });

/** A fresh Idempotency-Key (crypto.getRandomValues works on plain http too, unlike randomUUID). */
function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `resident-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * After SLOT_FULL or SLOT_STARTED: the times shown are out of date (taken, or begun while the page was
 * open); load them again and go back to choosing. The hub's list never has a time that has begun.
 */
async function reloadSlots() {
  if (!state.venue) return;
  state.slots = (
    await api('GET', `/api/v1/public/slots?venueId=${encodeURIComponent(state.venue.id)}`)
  ).slots;
  state.slot = null;
  renderDates();
  show('step-slot');
}

/** The refusals that mean the time chosen is no longer on offer. @param {unknown} error */
const isOutOfDate = (error) =>
  error instanceof ApiError && (error.code === 'SLOT_FULL' || error.code === 'SLOT_STARTED');

// ── step 1: who ─────────────────────────────────────────────────────────────────────────────

/** @param {SubmitEvent} event */
async function onIdentify(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  clearError();
  const ticket = /** @type {HTMLInputElement} */ ($('ticket')).value;
  const birth = /** @type {HTMLInputElement} */ ($('birth')).value;
  await busy(
    form,
    async () => {
      const answer = await api('POST', '/api/v1/public/bookings/lookup', {
        ticketNumber: ticket,
        birthDate: birth,
      });
      state.ticket = ticket;
      state.birthDate = birth;
      renderLookup(answer);
      show('step-menu');
    },
    { ticketNumber: 'ticket', birthDate: 'birth' },
  );
}

// ── step 2: the resident's bookings, cancel ─────────────────────────────────────────────────

/**
 * The lookup's answer: what can be booked now (new booking offered only then), and the bookings.
 * @param {Lookup} answer
 */
function renderLookup(answer) {
  const bookable = answer.eligibility.status === 'bookable';
  const note = $('eligibility-note');
  note.textContent = eligibilityText(answer.eligibility);
  note.className = bookable ? 'eligibility-note' : 'eligibility-note stop';
  $('start-booking').hidden = !bookable;
  renderBookings(answer.bookings);
}

/** @param {Booking[]} bookings */
function renderBookings(bookings) {
  const list = $('booking-list');
  if (bookings.length === 0) {
    list.replaceChildren(el('p', { text: '現在、予約はありません。' }));
    return;
  }
  const today = todayInJapan();
  list.replaceChildren(
    el(
      'ul',
      { className: 'cards' },
      bookings.map((b) => {
        const card = el('li', { className: `card${b.status === 'confirmed' ? '' : ' card-inactive'}` }, [
          el('p', {
            className: 'card-title',
            text: `${b.doseNumber}回目　${statusText[b.status] ?? b.status}`,
          }),
          bookingDetails(b, { withNumber: true }),
        ]);
        if (b.status === 'confirmed' && b.date >= today) card.append(cancelControls(b));
        return card;
      }),
    ),
  );
}

/**
 * @param {Booking} b
 * @param {{ withNumber: boolean }} options
 */
function bookingDetails(b, { withNumber }) {
  return el('dl', { className: 'details' }, [
    el('dt', { text: '日時' }),
    el('dd', { text: `${formatDate(b.date)} ${formatTime(b)}` }),
    el('dt', { text: '会場' }),
    el('dd', { text: b.venueName }),
    el('dt', { text: 'ワクチン' }),
    el('dd', { text: b.productName }),
    ...(withNumber
      ? [
          el('dt', { text: '予約番号' }),
          el('dd', { className: 'booking-number-inline', text: formatBookingNumber(b.bookingNumber) }),
        ]
      : []),
  ]);
}

/** @param {Booking} booking */
function cancelControls(booking) {
  const area = el('div', { className: 'cancel-area' });
  const ask = /** @type {HTMLButtonElement} */ (
    el('button', { className: 'secondary', text: 'この予約をキャンセルする' })
  );
  ask.type = 'button';
  ask.setAttribute(
    'aria-label',
    `${booking.doseNumber}回目の予約（${formatDate(booking.date)}）をキャンセルする`,
  );
  ask.addEventListener('click', () => {
    const question = el('p', { className: 'confirm-question', text: '本当にキャンセルしますか？' });
    question.tabIndex = -1;
    const later =
      booking.doseNumber === 1
        ? el('p', { className: 'hint', text: 'この後の回の予約も、一緒にキャンセルされます。' })
        : '';
    const yes = /** @type {HTMLButtonElement} */ (
      el('button', { className: 'danger', text: 'キャンセルする' })
    );
    const no = /** @type {HTMLButtonElement} */ (el('button', { className: 'secondary', text: 'やめる' }));
    yes.type = 'button';
    no.type = 'button';
    no.addEventListener('click', () => {
      area.replaceChildren(ask);
      ask.focus();
    });
    yes.addEventListener('click', () =>
      busy(area, async () => {
        await api('POST', `/api/v1/public/bookings/${booking.bookingNumber}/cancel`, proof());
        renderLookup(await api('POST', '/api/v1/public/bookings/lookup', proof()));
        announce(`予約番号 ${formatBookingNumber(booking.bookingNumber)} の予約をキャンセルしました。`);
        $('menu-title').focus();
      }),
    );
    area.replaceChildren(question, later, el('div', { className: 'actions' }, [yes, no]));
    question.focus();
  });
  area.append(ask);
  return area;
}

async function startBooking() {
  await busy($('step-menu'), async () => {
    if (state.venues.length === 0) {
      const query =
        municipalityCode && /^[0-9]{6}$/.test(municipalityCode)
          ? `?municipalityCode=${municipalityCode}`
          : '';
      state.venues = (await api('GET', `/api/v1/public/venues${query}`)).venues;
    }
    renderVenues();
    show('step-venue');
  });
}

// ── step 3: venue ───────────────────────────────────────────────────────────────────────────

function renderVenues() {
  const list = $('venue-list');
  list.replaceChildren(
    ...state.venues.map((v) => {
      const input = /** @type {HTMLInputElement} */ (el('input'));
      input.type = 'radio';
      input.name = 'venue';
      input.value = v.id;
      input.id = `venue-${v.id}`;
      input.checked = state.venue?.id === v.id;
      const label = el('label', { className: 'choice' }, [
        input,
        el('span', { className: 'choice-text' }, [
          el('span', { className: 'choice-title', text: v.name }),
          el('span', { className: 'choice-sub', text: `${v.area}　${v.address}` }),
        ]),
      ]);
      label.setAttribute('for', input.id);
      return label;
    }),
  );
}

/** @param {SubmitEvent} event */
async function onVenue(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const chosen = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="venue"]:checked'));
  if (!chosen) {
    showMessage('会場を選んでください。', form.querySelector('input[name="venue"]'));
    return;
  }
  await busy(form, async () => {
    const venue = state.venues.find((v) => v.id === chosen.value) ?? null;
    state.venue = venue;
    state.slots = (
      await api('GET', `/api/v1/public/slots?venueId=${encodeURIComponent(chosen.value)}`)
    ).slots;
    renderDates();
    show('step-slot');
  });
}

/**
 * A message of the page itself (not from the API), with the focus on the control to fix.
 * @param {string} text
 * @param {Element | null} focus
 */
function showMessage(text, focus) {
  const box = $('error');
  box.replaceChildren(el('p', { className: 'error-title', text }));
  box.hidden = false;
  /** @type {HTMLElement | null} */ (focus)?.focus();
}

// ── step 4: day and time ────────────────────────────────────────────────────────────────────

function renderDates() {
  $('slot-venue').textContent = state.venue ? `会場：${state.venue.name}` : '';
  const select = /** @type {HTMLSelectElement} */ ($('date'));
  /** @type {Map<string, number>} */
  const seatsByDate = new Map();
  for (const s of state.slots) seatsByDate.set(s.date, (seatsByDate.get(s.date) ?? 0) + s.remaining);
  const options = [...seatsByDate].map(([date, seats]) => {
    const option = /** @type {HTMLOptionElement} */ (el('option'));
    option.value = date;
    option.textContent =
      seats > 0 ? `${formatShortDate(date)} 残り${seats}席` : `${formatShortDate(date)} 満席`;
    option.disabled = seats === 0;
    return option;
  });
  if (options.length === 0) {
    const none = /** @type {HTMLOptionElement} */ (el('option', { text: '予約できる日がありません' }));
    none.value = '';
    options.push(none);
  }
  select.replaceChildren(...options);
  const wanted = state.slot && seatsByDate.get(state.slot.date) ? state.slot.date : undefined;
  const firstFree = [...seatsByDate].find(([, seats]) => seats > 0)?.[0];
  select.value = wanted ?? firstFree ?? '';
  renderTimes();
}

function renderTimes() {
  const date = /** @type {HTMLSelectElement} */ ($('date')).value;
  const list = $('time-list');
  const slots = state.slots.filter((s) => s.date === date);
  if (slots.length === 0) {
    list.replaceChildren(el('p', { text: 'この日は予約できる時間がありません。' }));
    return;
  }
  list.replaceChildren(
    ...slots.map((s) => {
      const input = /** @type {HTMLInputElement} */ (el('input'));
      input.type = 'radio';
      input.name = 'slot';
      input.value = s.id;
      input.id = `slot-${s.id}`;
      input.disabled = s.remaining === 0;
      input.checked = state.slot?.id === s.id && s.remaining > 0;
      const label = el('label', { className: `choice${s.remaining === 0 ? ' choice-full' : ''}` }, [
        input,
        el('span', { className: 'choice-text' }, [
          el('span', { className: 'choice-title', text: formatTime(s) }),
          el('span', {
            className: 'choice-sub',
            text: s.remaining > 0 ? `（残り${s.remaining}席）` : '（満席）',
          }),
        ]),
      ]);
      label.setAttribute('for', input.id);
      return label;
    }),
  );
}

/** @param {SubmitEvent} event */
async function onSlot(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const chosen = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="slot"]:checked'));
  if (!chosen) {
    showMessage(
      '時間を選んでください。',
      form.querySelector('input[name="slot"]:not(:disabled)') ?? $('date'),
    );
    return;
  }
  const slot = state.slots.find((s) => s.id === chosen.value) ?? null;
  await busy(form, async () => {
    try {
      state.plan = await api('POST', '/api/v1/public/bookings/plan', { ...proof(), slotId: chosen.value });
    } catch (error) {
      if (isOutOfDate(error)) await reloadSlots();
      throw error;
    }
    state.slot = slot;
    state.idempotencyKey = newIdempotencyKey();
    renderConfirm();
    show('step-confirm');
  });
}

// ── step 5: confirm ─────────────────────────────────────────────────────────────────────────

/** @param {string} venueId */
const venueName = (venueId) => state.venues.find((v) => v.id === venueId)?.name ?? '';

function renderConfirm() {
  const { slot, plan } = state;
  if (!slot || !plan) return;
  $('confirm-details').replaceChildren(
    el('dt', { text: '接種' }),
    el('dd', { text: `${plan.doseNumber}回目` }),
    el('dt', { text: '日時' }),
    el('dd', { text: `${formatDate(slot.date)} ${formatTime(slot)}` }),
    el('dt', { text: '会場' }),
    el('dd', { text: venueName(slot.venueId) }),
    el('dt', { text: 'ワクチン' }),
    el('dd', { text: slot.productName }),
  );
  const box = /** @type {HTMLFieldSetElement} */ ($('follow-up'));
  const followUp = plan.followUp;
  box.hidden = followUp === null;
  if (!followUp) return;
  const dose = followUp.doseNumber;
  $('follow-up-legend').textContent = `${dose}回目の予約`;
  const choices = [followUp.proposed, ...followUp.alternatives].filter((s) => s !== null);
  const choice = $('follow-up-choice');
  choice.hidden = choices.length === 0;
  $('follow-up-text').textContent =
    choices.length === 0
      ? `${dose}回目は、${formatDate(followUp.window.from)}から${formatDate(followUp.window.to)}までに接種します。` +
        'いま予約できる枠がないため、後日あらためて予約してください。'
      : `${dose}回目は、${formatDate(followUp.window.from)}から${formatDate(followUp.window.to)}までに接種します。` +
        'おすすめの日時を選んであります。';
  $('follow-up-check-label').textContent = `${dose}回目も一緒に予約する`;
  $('follow-up-slot-label').textContent = `${dose}回目の日時`;
  const check = /** @type {HTMLInputElement} */ ($('follow-up-check'));
  check.checked = choices.length > 0;
  const select = /** @type {HTMLSelectElement} */ ($('follow-up-slot'));
  select.replaceChildren(
    ...choices.map((s) => {
      const option = /** @type {HTMLOptionElement} */ (el('option'));
      option.value = s.id;
      const where = s.venueId === slot.venueId ? '' : `　${venueName(s.venueId)}`;
      option.textContent = `${formatShortDate(s.date)} ${formatTime(s)}${where}`;
      return option;
    }),
  );
  select.disabled = !check.checked;
}

/** @param {SubmitEvent} event */
async function onConfirm(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const { slot, plan } = state;
  if (!slot || !plan) return;
  clearError();
  const check = /** @type {HTMLInputElement} */ ($('follow-up-check'));
  const followUpSlotId =
    plan.followUp && check.checked ? /** @type {HTMLSelectElement} */ ($('follow-up-slot')).value : '';
  const phone = /** @type {HTMLInputElement} */ ($('phone')).value.trim();
  await busy(
    form,
    async () => {
      try {
        const answer = await api(
          'POST',
          '/api/v1/public/bookings',
          {
            ...proof(),
            slotId: slot.id,
            ...(followUpSlotId ? { followUpSlotId } : {}),
            ...(phone ? { phone } : {}),
          },
          { 'idempotency-key': state.idempotencyKey },
        );
        renderDone(answer.bookings);
        show('step-done');
      } catch (error) {
        // A refused attempt is over: the next one is a new request (a network failure is retried as is).
        if (error instanceof ApiError && error.code !== 'NETWORK') state.idempotencyKey = newIdempotencyKey();
        if (isOutOfDate(error)) await reloadSlots();
        throw error;
      }
    },
    { phone: 'phone' },
  );
}

// ── step 6: done ────────────────────────────────────────────────────────────────────────────

/** @param {Booking[]} bookings */
function renderDone(bookings) {
  $('done-list').replaceChildren(
    ...bookings.map((b) =>
      el('div', { className: 'done-card' }, [
        el('p', { className: 'card-title', text: `${b.doseNumber}回目の予約` }),
        el('p', { className: 'booking-number-label', text: '予約番号' }),
        el('p', { className: 'booking-number', text: formatBookingNumber(b.bookingNumber) }),
        // Each spoken character kept on one line ('ダブリュー' never splits).
        el('p', { className: 'booking-reading' }, [
          '読み方：',
          ...b.bookingNumberReading
            .split(/(?<=[・、])/)
            .map((part) => el('span', { className: 'nowrap', text: part })),
        ]),
        bookingDetails(b, { withNumber: false }),
      ]),
    ),
  );
}

async function backToMenu() {
  await busy($('step-done'), async () => {
    renderLookup(await api('POST', '/api/v1/public/bookings/lookup', proof()));
    show('step-menu');
  });
}

function finish() {
  state.ticket = '';
  state.birthDate = '';
  state.slot = null;
  state.plan = null;
  state.venue = null;
  for (const id of ['ticket', 'birth', 'phone']) /** @type {HTMLInputElement} */ ($(id)).value = '';
  $('booking-list').replaceChildren();
  $('eligibility-note').textContent = '';
  show('step-identify');
  announce('ご利用ありがとうございました。');
}

// ── whose page ──────────────────────────────────────────────────────────────────────────────

/**
 * The heading names the municipality (the one asked for with ?municipalityCode=, else those the hub
 * serves, when it knows their names); the demo city's page is labelled デモ. Without an answer the
 * page keeps its plain heading.
 */
async function loadMunicipality() {
  /** @type {Municipality[]} */
  let served;
  try {
    served = (await api('GET', '/api/v1/public/municipalities')).municipalities;
  } catch {
    return;
  }
  const shown = served.filter((m) => !municipalityCode || m.code === municipalityCode);
  const demo = shown.some((m) => m.demo);
  state.municipalityName = shown
    .map((m) => m.name)
    .filter((name) => name !== null)
    .join('・');
  if (state.municipalityName) $('site-municipality').textContent = `${state.municipalityName} `;
  document.title = `${state.municipalityName ? `${state.municipalityName} ` : ''}ワクチン接種のご予約${demo ? '（デモ）' : ''}`;
  $('demo-badge').hidden = !demo;
  const notice = $('demo-notice');
  notice.hidden = !demo;
  notice.textContent = demo
    ? `デモ：これは架空の市「${state.municipalityName}」の予約ページです。実際の予約や接種には使えません。`
    : '';
}

// ── wiring ──────────────────────────────────────────────────────────────────────────────────

$('identify-form').addEventListener('submit', (e) => onIdentify(/** @type {SubmitEvent} */ (e)));
$('venue-form').addEventListener('submit', (e) => onVenue(/** @type {SubmitEvent} */ (e)));
$('slot-form').addEventListener('submit', (e) => onSlot(/** @type {SubmitEvent} */ (e)));
$('confirm-form').addEventListener('submit', (e) => onConfirm(/** @type {SubmitEvent} */ (e)));
$('date').addEventListener('change', renderTimes);
$('follow-up-check').addEventListener('change', () => {
  /** @type {HTMLSelectElement} */ ($('follow-up-slot')).disabled = !(
    /** @type {HTMLInputElement} */ ($('follow-up-check')).checked
  );
});
$('start-booking').addEventListener('click', startBooking);
$('finish').addEventListener('click', finish);
$('back-to-menu').addEventListener('click', backToMenu);
for (const button of document.querySelectorAll('[data-back]')) {
  button.addEventListener('click', () =>
    show(/** @type {HTMLElement} */ (button).dataset.back ?? 'step-identify'),
  );
}
void loadMunicipality();
