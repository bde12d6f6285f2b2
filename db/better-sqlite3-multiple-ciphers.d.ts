/**
 * better-sqlite3-multiple-ciphers ships its typings (index.d.ts), but its package.json "exports" map
 * hides them from TypeScript's module resolution. Its API is better-sqlite3's (the same maintainers
 * keep both), so the DefinitelyTyped typings of better-sqlite3 describe it; the key and rekey come in
 * as pragmas (db/sqlite-driver.ts).
 */
declare module 'better-sqlite3-multiple-ciphers' {
  import BetterSqlite3 = require('better-sqlite3');
  export = BetterSqlite3;
}
