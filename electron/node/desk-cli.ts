/**
 * The desk's command line: `npm run desk -- audit-verify [--data-dir DIR]`.
 *
 * audit-verify opens the local store as the desk does (its key file beside it, the file decrypted with
 * it; read-only, nothing is written), recomputes the audit chain (db/queries/audit-chain.ts) and prints
 * the first broken link: exit 0 intact, 1 broken, 2 the store could not be checked. A key sealed by
 * the OS keychain (the Electron app's) cannot be opened from here: the message says so.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase } from '../../db/open-database.ts';
import { verifyDeskAuditChain } from '../../db/queries/audit-chain.ts';
import { databaseFileName, defaultDataDir } from './data-dir.ts';
import { describeStartupProblem } from './startup-problem.ts';
import { readStoreKey, storeKeyPath } from './store-key.ts';
import { localDbSecretBox } from './sync/secret-box.ts';

const usage = `usage: npm run desk -- <command> [options]
  audit-verify [--data-dir DIR]   checks this desktop's audit chain; exit 1 at the first broken link
--data-dir defaults to the per-user data folder of the desk.`;

export function runDeskCommand(args: readonly string[]): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.info(usage);
    return 0;
  }
  if (positionals[0] !== 'audit-verify' || positionals.length !== 1) {
    console.error(usage);
    return 2;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const databasePath = join(dataDir, databaseFileName);
  if (!existsSync(databasePath)) {
    console.error(`監査ログを確認できません: データがありません / Cannot check: no desk data in that folder`);
    return 2;
  }
  let db: ReturnType<typeof openDatabase>;
  try {
    const keyPath = storeKeyPath(dataDir);
    const key = existsSync(keyPath) ? readStoreKey(keyPath, localDbSecretBox) : undefined;
    db = openDatabase(databasePath, { readonly: true, ...(key ? { key } : {}) });
  } catch (error) {
    const problem = describeStartupProblem(error);
    console.error(`監査ログを確認できません: ${problem.ja}`);
    console.error(`Cannot check the audit log: ${problem.en}`);
    return 2;
  }
  try {
    const report = verifyDeskAuditChain(db);
    if (report.broken) {
      const { position, entryId, problem } = report.broken;
      console.error(
        `audit chain broken at position ${position}${entryId === null ? '' : ` (audit entry ${entryId})`}: ${problem}; ` +
          `${Math.min(report.entries, position - 1)} entries before it verified`,
      );
      return 1;
    }
    console.info(`audit chain intact: ${report.entries} entries, head ${report.headSeq} ${report.headHash}`);
    return 0;
  } finally {
    closeDatabase(db);
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
}

if (import.meta.main) process.exit(runDeskCommand(process.argv.slice(2)));
