/** The venues and slots screen's Japanese text (the `venueSlots` block of renderer/src/i18n/ja.ts). */
import type { SlotChangeRefusal } from '../../../../domain/api/methods/venue-slots.ts';
import type { SeatCountError } from '../../../../domain/booking-rules/slot-change.ts';

export const venueSlotsJa = {
  venue: '会場',
  allVenues: 'すべての会場',
  from: '開始日',
  to: '終了日',
  thisAndNextWeek: '今週と来週',
  range: '{{from}}〜{{to}}',
  rangeBackwards: '終了日は開始日と同じか後の日にしてください。',
  rangeTooLong: '一度に表示できるのは{{days}}日までです。',
  tableLabel: '{{range}}の接種枠',
  slotCount: '{{n}}枠',
  keysHint: '↑↓で選択・Enterで変更・PageUp／PageDownで10枠ずつ',
  keysHintReadOnly: '↑↓で選択・PageUp／PageDownで10枠ずつ',
  loading: '枠を読み込んでいます…',
  dateShort: '{{month}}/{{day}}（{{weekday}}）',
  target: {
    hub: '変更はすぐにハブへ送られ、ハブが受け付けた値で表示されます。',
    local: 'ハブに接続していないため、変更はこのパソコンのデータに直接反映されます。',
    offline: 'ハブに接続できないため、いまは変更できません。接続が戻ってから操作してください。',
  },
  readOnly: {
    title: '閲覧のみ',
    body: '定員・コールセンター枠・受付の変更は管理責任者だけが行えます（ログイン中の役割: {{role}}）。',
  },
  columns: {
    date: '日付',
    time: '時間',
    venue: '会場',
    product: 'ワクチン',
    capacity: '定員',
    reserve: 'コールセンター枠',
    /** The column heading, in two lines. */
    reserveHead: 'コール\nセンター\n枠',
    held: '仮押さえ',
    remaining: '残り',
    status: '受付',
  },
  bookedGroup: '予約',
  status: {
    open: '受付中',
    closed: '停止',
  },
  closedRemaining: '停止中',
  empty: {
    title: 'この期間の接種枠はありません',
    description: '会場や期間を変えてください。',
  },
  edit: {
    title: '枠の変更',
    taken: '予約済み {{booked}}名・仮押さえ {{held}}名（計{{taken}}名）',
    capacity: '定員',
    capacityHint: '{{taken}}名以上',
    reserve: 'コールセンター枠',
    reserveHint: '電話予約だけが使える席（定員まで）',
    status: '受付',
    save: '保存（Enter）',
    cancel: 'キャンセル（Esc）',
    sendsToHub: '保存するとハブへ送ります。',
    savesLocally: '保存するとこのパソコンのデータを変更します。',
  },
  field: {
    empty: '数を入力してください。',
    not_integer: '整数で入力してください（例: 12）。',
    negative: '0以上の数を入力してください。',
    too_large: '{{max}}以下の数を入力してください。',
    belowBooked: '予約済み（{{n}}名）より少なくできません',
    reserveAboveCapacity: '定員（{{capacity}}名）より多くできません',
  } satisfies Record<SeatCountError, string> & Record<string, string>,
  refused: {
    capacity_below_booked: '予約済み（{{n}}名）より少なくできません',
    reserve_above_capacity: '定員（{{capacity}}名）より多くできません',
    hub_offline: 'ハブに接続できないため変更できません。接続が戻ってから操作してください。',
    hub_forbidden:
      'ハブが変更を受け付けませんでした。この端末がハブにログインしている担当者に管理責任者の権限がありません。同期の設定を確認してください。',
    hub_refused: 'ハブが変更を受け付けませんでした（{{code}}）。時間をおいてもう一度お試しください。',
    not_found: 'この枠は見つかりませんでした。一覧を読み込み直してください。',
  } satisfies Record<SlotChangeRefusal, string>,
  saved: {
    hub: '{{slot}}を変更しました（ハブに反映済み）',
    local: '{{slot}}を変更しました',
    unchanged: '{{slot}}は変更ありません',
  },
  failed: '変更できませんでした',
};

export type VenueSlotsMessages = typeof venueSlotsJa;
