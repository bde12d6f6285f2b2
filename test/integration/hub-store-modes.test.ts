/**
 * The embedded hub store (PGlite on a data directory) holds residents' names in its files: its folder
 * is 0700 and every file in it owner-only, when it is made and at every start, even after someone
 * loosened them.
 */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/store/migrate.ts';
import { openPgliteEngine } from '../../server/store/pglite-engine.ts';

const parent = mkdtempSync(join(tmpdir(), 'hub-store-modes-'));
const dataDir = join(parent, 'hub');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** Every path under the store with permissions anyone but the owner has. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0)
      found.push(`${path.slice(dataDir.length) || '/'} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

function loosen(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chmodSync(path, stat.isDirectory() ? 0o777 : 0o666);
  if (stat.isDirectory()) for (const name of readdirSync(path)) loosen(join(path, name));
}

describe('embedded hub store file modes', () => {
  it('makes the folder 0700 and its files owner-only when it creates the store', async () => {
    const sql = await openPgliteEngine(dataDir);
    try {
      await migrate(sql);
      expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
      expect(openToOthers(dataDir)).toEqual([]);
      expect(readdirSync(dataDir).length).toBeGreaterThan(5);
    } finally {
      await sql.close();
    }
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('tightens them again at the next start after they were loosened', async () => {
    loosen(dataDir);
    expect(openToOthers(dataDir).length).toBeGreaterThan(100);
    const sql = await openPgliteEngine(dataDir);
    try {
      expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
      expect(openToOthers(dataDir)).toEqual([]);
      const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(row!.n).toBeGreaterThan(0);
    } finally {
      await sql.close();
    }
  });
});
