/** Japanese (default) UI text. en.ts must have exactly the same keys: it is typed as this shape. */
import type { BookingChannel, VenueKind } from '../../../domain/api/contract.ts';
import type { StaffRole } from '../../../domain/staff-roles.ts';
import type { ClientErrorCode } from '../api/client-error.ts';

export const ja = {
  app: {
    name: '接種予約デスク',
    demo: 'デモ',
    demoTitle: 'デモ用の架空データで動いています',
    skipToContent: 'メインコンテンツへ移動',
    openMenu: 'メニューを開く',
    mainMenu: 'メインメニュー',
    municipalityUnset: '自治体: 未設定',
    signedIn: 'ログイン中: {{name}}（{{role}}）',
  },
  language: {
    label: '表示言語',
    ja: '日本語',
    en: 'English',
  },
  role: {
    operator: 'コールセンター',
    venue_staff: '会場スタッフ',
    manager: '管理責任者',
    admin: 'システム管理者',
  } satisfies Record<StaffRole, string>,
  sync: {
    unconfigured: '同期: 未設定',
    idle: '同期: 最新',
    syncing: '同期中…',
    offline: '同期: オフライン',
  },
  nav: {
    overview: '今日の概要',
    phoneBooking: '電話予約',
    bookings: '予約一覧',
    dailyLists: '接種予定者リスト',
    venues: '会場・枠',
    sync: '同期',
    admin: '管理',
  },
  comingSoon: {
    badge: '準備中',
    title: '「{{area}}」は準備中です',
    description:
      'この画面は今後のリリースで追加されます。いまは「今日の概要」で会場ごとの予約状況を確認できます。',
    back: '今日の概要を開く',
  },
  date: {
    full: '{{year}}年{{month}}月{{day}}日（{{weekday}}）',
    weekday: { sun: '日', mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土' },
  },
  overview: {
    loading: '読み込み中…',
    dayNavigation: '表示する日',
    previousDay: '前の日',
    nextDay: '次の日',
    today: '今日',
    isToday: '今日',
    tableCaption: '{{date}}の会場別の枠と予約数',
    venue: '会場',
    slots: '枠',
    slotsHint: '受付中／全体',
    capacity: '定員',
    booked: '予約',
    remaining: '残り',
    hours: '時間',
    fill: '内訳',
    total: '合計',
    capacityDetail: '{{venues}}会場・{{slots}}枠',
    fillRate: '予約率 {{rate}}%',
    bookedTotal: '予約済み',
    hoursRange: '{{start}}〜{{end}}',
    noHours: '枠なし',
    kind: {
      clinic: '医療機関',
      community_center: '公民館・地区会場',
      mass_site: '大規模接種会場',
    } satisfies Record<VenueKind, string>,
    channel: {
      phone: '電話',
      online: 'オンライン',
      walk_in: '窓口',
    } satisfies Record<BookingChannel, string>,
    cellLabel: {
      slots: '枠 受付中{{open}}／全体{{total}}',
      capacity: '定員 {{n}}人',
      booked: '{{channel}}の予約 {{n}}件',
      remaining: '残り {{n}}人',
    },
    empty: {
      title: 'この日は接種枠がありません',
      description: 'この日には接種枠が設定されていません。前後の日を選んでください。',
      sunday: '日曜日は会場が開いていません。前後の日を選んでください。',
      holiday: '{{name}}（祝日）は会場が開いていません。前後の日を選んでください。',
    },
    noVenues: {
      title: '会場が登録されていません',
      description: '会場と接種枠を登録すると、ここに予約状況が表示されます。',
    },
  },
  errors: {
    title: '読み込めませんでした',
    retry: '再試行',
    code: {
      VALIDATION: '入力内容に誤りがあります。',
      UNKNOWN_METHOD: 'この操作はこのバージョンのアプリでは使えません。アプリを更新してください。',
      FORBIDDEN: 'この操作を行う権限がありません。',
      UNAUTHORIZED: '接続を確認できませんでした。起動時に表示されたアドレスから開き直してください。',
      NOT_FOUND: '対象のデータが見つかりません。',
      CONFLICT: 'ほかの操作と重なりました。もう一度お試しください。',
      INTERNAL: 'アプリ内部でエラーが発生しました。しばらくしてからもう一度お試しください。',
      UNAVAILABLE: 'デスクアプリに接続できません。アプリが起動しているか確認してください。',
    } satisfies Record<ClientErrorCode, string>,
  },
};

export type Messages = typeof ja;
