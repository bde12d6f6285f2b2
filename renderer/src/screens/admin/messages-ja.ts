/** The admin screen's Japanese text (the `admin` block of renderer/src/i18n/ja.ts). */
import type { ManagerRefusal } from '../../../../domain/api/methods/manager.ts';

export const adminJa = {
  intro:
    '職員のアカウントと監査ログを扱います。アカウントの変更はすべてハブで行われ、すべての端末に届きます。',
  hub: {
    offline:
      'ハブに接続できないため、いまは職員のアカウントを変更できません（端末に保存して後で送ることはしません）。監査ログはこの端末の記録なので見られます。',
    noHub:
      'この端末はハブに接続していません。職員のアカウントはハブにあるため、ここでは扱えません。監査ログはこの端末の記録なので見られます。',
  },
  tabs: { label: '管理の作業', staff: '職員', audit: '監査ログ' },
  refusal: {
    role: 'あなたの役割では職員のアカウントを管理できません（システム管理者のみ）。',
    auditRole: 'あなたの役割では監査ログを見られません（管理責任者・システム管理者のみ）。',
    hub_forbidden:
      'この端末のハブへのログインにはシステム管理者の権限がありません。同期の設定を確認してください。',
  } satisfies Partial<Record<ManagerRefusal | 'role' | 'auditRole', string>>,
  staff: {
    title: '職員',
    add: '職員を追加',
    tableLabel: '職員の一覧',
    empty: 'アカウントがありません。',
    columns: {
      name: '氏名',
      login: 'ログインID',
      role: '役割',
      venues: '担当会場',
      status: '状態',
      actions: '操作',
    },
    active: '有効',
    disabled: '停止中',
    passwordPending: '初回ログインでパスワード変更',
    allVenues: '—',
    edit: '編集',
    editOf: '{{name}}を編集',
    disable: '停止',
    disableOf: '{{name}}を停止',
    enable: '再開',
    enableOf: '{{name}}を再開',
    reset: 'パスワード再設定',
    resetOf: '{{name}}のパスワードを再設定',
    created: '{{name}}さんのアカウントを作成しました。初回ログイン時にパスワードの変更を求めます。',
    saved: '{{name}}さんのアカウントを変更しました。',
    unchanged: '変更はありませんでした。',
    disabledDone: '{{name}}さんのアカウントを停止しました。ログイン中の端末からも切断されます。',
    enabledDone: '{{name}}さんのアカウントを再開しました。',
    resetDone:
      '{{name}}さんのパスワードを再設定しました。次回ログイン時に本人が新しいパスワードを設定します。',
    disableConfirm: {
      title: 'アカウントを停止しますか',
      body: '{{name}}さん（{{login}}）はログインできなくなり、ログイン中の端末からもすぐに切断されます。あとで再開できます。',
      confirm: '停止する',
    },
    form: {
      createTitle: '職員を追加',
      editTitle: '職員のアカウントを編集',
      resetTitle: 'パスワードの再設定',
      login: 'ログインID',
      loginHint: '半角英数字・ピリオド・ハイフン・下線（3〜64文字）。あとから変更できません。',
      displayName: '氏名（画面に表示する名前）',
      role: '役割',
      venueIds: '担当会場',
      venueIdsHint: '会場スタッフのみ。担当する会場の一覧と受付だけを扱えます。',
      password: '仮パスワード',
      passwordHint: '{{min}}文字以上。本人に伝え、初回ログイン時に本人が変更します。',
      temporaryPassword: '新しい仮パスワード',
      resetBody:
        '{{name}}さん（{{login}}）のパスワードを仮パスワードに置き換えます。ログイン中の端末からは切断され、次回ログイン時に本人が新しいパスワードを設定します。',
      save: '追加する',
      saveEdit: '変更を保存',
      saveReset: '再設定する',
    },
  },
  audit: {
    title: '監査ログ',
    description:
      'この端末で記録された操作（閲覧・予約の変更・出力・印刷・設定の変更）です。各記録は前の記録のハッシュを持ち、改ざんを検出できます。この画面の表示と出力も記録されます。',
    filters: '絞り込み',
    person: '担当者',
    anyone: 'すべての担当者',
    action: '操作',
    anyAction: 'すべての操作',
    resident: '住民（券番号または記録ID）',
    residentHint: '券番号10桁、または接種券・予約のID',
    residentUnknown: 'この端末にはその券番号（ID）の住民の記録がありません。',
    from: '開始日',
    to: '終了日',
    toBeforeFrom: '開始日以降の日付にしてください。',
    apply: '絞り込む',
    clear: '条件をクリア',
    tableLabel: '監査ログの記録',
    total: '{{n}}件',
    empty: '条件に合う記録はありません。',
    columns: {
      seq: '番号',
      at: '日時',
      person: '担当者',
      action: '操作',
      entity: '対象',
      ids: '対象ID',
      detail: '詳細',
    },
    unknownPerson: '（名前不明）',
    nobody: '（なし）',
    page: 'ページ',
  },
};

export type AdminMessages = typeof adminJa;
