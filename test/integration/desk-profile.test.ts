import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreEmpty } from '../../db/demo-load.ts';
import { closeDatabase, openDatabase } from '../../db/open-database.ts';
import { databaseFileName } from '../../electron/node/data-dir.ts';
import { openDeskService } from '../../electron/node/desk-service.ts';

// The local store holds residents' personal data; these are the guarantees of a desk profile.
describe('desk profile', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'desk-profile-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the database, its WAL and the data folder readable by the owner only', async () => {
    const dataDir = join(root, 'profile');
    const service = await openDeskService({ dataDir, empty: true, appVersion: '0', transport: 'browser' });
    service.db.prepare("INSERT INTO meta (key, value) VALUES ('probe', '1')").run();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(service.databasePath).mode & 0o777).toBe(0o600);
    expect(statSync(`${service.databasePath}-wal`).mode & 0o777).toBe(0o600);
    service.close();
  });

  it('keeps an existing file as it is (the owner chose its permissions)', () => {
    const path = join(root, 'existing.sqlite');
    writeFileSync(path, '', { mode: 0o640 });
    closeDatabase(openDatabase(path));
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('remembers --empty: a later start without it does not load the demo city', async () => {
    const dataDir = join(root, 'real-data');
    const first = await openDeskService({ dataDir, empty: true, appVersion: '0', transport: 'browser' });
    expect(first.demoLoaded).toBe(false);
    first.close();

    const second = await openDeskService({ dataDir, appVersion: '0', transport: 'browser' });
    expect(second.demoLoaded).toBe(false);
    expect(isStoreEmpty(second.db)).toBe(true);
    second.close();
  });

  it('refuses data from a newer app version with a plain message in both languages, changing nothing', () => {
    const dataDir = join(root, 'future');
    mkdirSync(dataDir, { mode: 0o700 });
    const path = join(dataDir, databaseFileName);
    const db = openDatabase(path);
    db.pragma('user_version = 999');
    closeDatabase(db);
    const before = statSync(path).mtimeMs;

    const run = spawnSync(
      process.execPath,
      ['electron/node/browser-main.ts', '--data-dir', dataDir, '--no-demo-hub'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('新しい版のアプリ（データ形式 999）');
    expect(run.stderr).toContain('written by a newer version of the app (schema 999)');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(statSync(path).mtimeMs).toBe(before);
  });
});
