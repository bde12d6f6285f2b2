/**
 * What a person starting the desk is told when it cannot start: Japanese first, then English, with
 * the next step to take. Used by both entry points (Electron's error box and browser mode's console).
 * Messages name causes and versions, never file contents or paths.
 */
import {
  DatabaseFromTheFutureError,
  DatabaseKeyRejectedError,
  DatabaseUnreadableError,
  MigrationForeignKeyError,
  StoreKeyUnavailableError,
} from '../../db/store-errors.ts';

export interface StartupProblem {
  ja: string;
  en: string;
}

function systemCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

export function describeStartupProblem(error: unknown, context: { port?: number } = {}): StartupProblem {
  if (error instanceof DatabaseFromTheFutureError) {
    return {
      ja:
        `このPCのデータは新しい版のアプリ（データ形式 ${error.fileVersion}）で作られています。` +
        `この版は形式 ${error.codeVersion} までしか開けません。新しい版をインストールしてください。データは変更していません。`,
      en:
        `The local data was written by a newer version of the app (schema ${error.fileVersion}); this version ` +
        `opens up to ${error.codeVersion}. Install the newer version. Nothing was changed.`,
    };
  }
  if (error instanceof DatabaseUnreadableError) {
    return {
      ja: `ローカルのデータファイルが壊れているか、データベースではありません（${error.sqliteCode}）。ファイルは変更していません。バックアップから戻すか、システム担当者に連絡してください。`,
      en: `The local data file is damaged or is not a database (${error.sqliteCode}). It was left unchanged; restore it from a backup or call your system administrator.`,
    };
  }
  if (error instanceof DatabaseKeyRejectedError) {
    return error.reason === 'wrong-key'
      ? {
          ja: 'ローカルのデータを、この鍵ファイルの鍵で復号できません（鍵が違うか、データが壊れています）。データは変更していません。鍵ファイルとデータを同じバックアップから戻すか、システム担当者に連絡してください。',
          en: 'The local data cannot be decrypted with the key in its key file (a different key, or damaged data). Nothing was changed. Restore the key file and the data from the same backup, or call your system administrator.',
        }
      : {
          ja: 'ローカルのデータはまだ暗号化されていません。一度通常どおり起動して暗号化してください。データは変更していません。',
          en: 'The local data is not encrypted yet. Start the desk normally once so that it is encrypted. Nothing was changed.',
        };
  }
  if (error instanceof StoreKeyUnavailableError) {
    const ja = {
      missing: '暗号化されたデータはありますが、その鍵ファイルがありません。',
      'sealed-by-os':
        'このデータの鍵はOSの鍵管理（キーチェーン）で保護されており、ブラウザモードでは開けません。デスクアプリで開いてください。',
      unsealable:
        'OSの鍵管理（キーチェーン）が鍵ファイルを開けませんでした（別のユーザー・別のPC、または鍵管理のリセット）。',
      damaged: '鍵ファイルが壊れています。',
    }[error.reason];
    const en = {
      missing: 'The local data is encrypted, but its key file is missing.',
      'sealed-by-os':
        "This data's key is protected by the OS keychain, which browser mode cannot use. Open it in the desktop app.",
      unsealable: 'The OS keychain could not open the key file (another user or PC, or a reset keychain).',
      damaged: 'The key file is damaged.',
    }[error.reason];
    return {
      ja: `${ja}新しい空のデータは作らず、何も変更していません。鍵ファイルをバックアップから戻すか、システム担当者に連絡してください。`,
      en: `${en} No new empty data was created and nothing was changed. Restore the key file from a backup, or call your system administrator.`,
    };
  }
  if (error instanceof MigrationForeignKeyError) {
    return {
      ja: `データ形式の更新（${error.version}）に失敗したため、元に戻しました。システム担当者に連絡してください。`,
      en: `Updating the data to schema ${error.version} failed and was rolled back. Call your system administrator.`,
    };
  }
  switch (systemCode(error)) {
    case 'EADDRINUSE':
      return {
        ja: `ポート ${context.port ?? ''} は別のプログラムが使っています。--port で別の番号を指定するか、指定せずに起動してください。`,
        en: `Port ${context.port ?? ''} is in use by another program. Pick another with --port, or leave it out to use a free one.`,
      };
    case 'EACCES':
    case 'EPERM':
      return {
        ja: 'データフォルダに書き込む権限がありません。--data-dir で別のフォルダを指定するか、システム担当者に連絡してください。',
        en: 'No permission to write the data folder. Choose another with --data-dir, or call your system administrator.',
      };
    case 'ENOSPC':
    case 'SQLITE_FULL':
      return {
        ja: 'ディスクの空きがありません。空きを作ってから起動してください。',
        en: 'The disk is full. Free some space, then start again.',
      };
    default: {
      const name = error instanceof Error ? error.name : typeof error;
      return {
        ja: `起動できませんでした（${name}）。もう一度起動し、続く場合はシステム担当者に連絡してください。`,
        en: `The desk could not start (${name}). Start it again; if this keeps happening, call your system administrator.`,
      };
    }
  }
}
