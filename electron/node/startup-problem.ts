/**
 * What a person starting the desk is told when it cannot start: Japanese first, then English, with
 * the next step to take. Used by both entry points (Electron's error box and browser mode's console).
 * Messages name causes and versions, never file contents or paths.
 */
import {
  DatabaseFromTheFutureError,
  DatabaseUnreadableError,
  EncryptionUnavailableError,
  MigrationForeignKeyError,
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
  if (error instanceof EncryptionUnavailableError) {
    return {
      ja: 'この版は暗号化に対応していないため、データを開きませんでした。システム担当者に連絡してください。',
      en: 'This build cannot encrypt, so the data was not opened. Call your system administrator.',
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
