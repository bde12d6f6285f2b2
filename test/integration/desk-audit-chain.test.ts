/**
 * The desk's hash-chained audit log (desk migration 010) on real encrypted store files, checked by
 * `npm run desk -- audit-verify`, which opens the store as the desk does (the key file beside it).
 * With the triggers in place every rewrite is refused; with them dropped (what someone holding the key
 * could do) an edited, deleted, inserted or reordered entry, or entries cut off at the end, are each
 * found at their first broken link, and the command exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../db/migrate.ts';
import { closeDatabase, type Database, openDatabase } from '../../db/open-database.ts';
import { appendAudit } from '../../db/queries/audit.ts';
import { sha256Hex, verifyDeskAuditChain } from '../../db/queries/audit-chain.ts';
import { openConnection } from '../../db/sqlite-driver.ts';
import { auditGenesisHash, auditLinkText } from '../../domain/audit-chain.ts';
import { databaseFileName } from '../../electron/node/data-dir.ts';
import { runDeskCommand } from '../../electron/node/desk-cli.ts';
import { loadOrCreateStoreKey, storeKeyFileName } from '../../electron/node/store-key.ts';
import { localDbSecretBox } from '../../electron/node/sync/secret-box.ts';
import { openDeskStore } from './desk-store.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
let root: string;
let template: string;
let copies = 0;
const entries = 8;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'desk-audit-chain-'));
  template = join(root, 'template');
  mkdirSync(template);
  const key = loadOrCreateStoreKey(template, join(template, databaseFileName), localDbSecretBox);
  const db = openDatabase(join(template, databaseFileName), { key });
  for (let i = 1; i <= entries; i++) {
    appendAudit(
      db,
      {
        staffId: `staff-${i % 3}`,
        action: i % 2 ? 'coupon.view' : 'booking.create',
        entity: i % 2 ? 'coupon' : 'booking',
        entityIds: [`record-${i}`],
        detail: { screen: 'desk', rowCount: i },
      },
      new Date(Date.UTC(2030, 5, 1, 9, 0, i)),
    );
  }
  closeDatabase(db);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A fresh copy of the eight-entry store (and its key). */
function freshStore(): string {
  const dir = join(root, `copy-${++copies}`);
  mkdirSync(dir);
  copyFileSync(join(template, databaseFileName), join(dir, databaseFileName));
  copyFileSync(join(template, storeKeyFileName), join(dir, storeKeyFileName));
  return dir;
}

/** Opens the store as its owner would to tamper with it: the key, and the chain's triggers dropped. */
function tamper(dir: string, change: (db: Database) => void): void {
  const db = openDeskStore(dir);
  try {
    for (const trigger of [
      'audit_events_no_update',
      'audit_events_no_delete',
      'audit_events_continue_chain',
      'audit_events_move_head',
      'audit_chain_head_forward',
      'audit_chain_head_kept',
    ]) {
      db.exec(`DROP TRIGGER ${trigger}`);
    }
    db.exec('DROP INDEX audit_events_by_chain');
    change(db);
  } finally {
    closeDatabase(db);
  }
}

/** Runs the command in this process; answers its exit code and what it printed. */
function verify(dir: string): { code: number; out: string } {
  const lines: string[] = [];
  const info = vi.spyOn(console, 'info').mockImplementation((line: string) => void lines.push(line));
  const error = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
  try {
    return { code: runDeskCommand(['audit-verify', '--data-dir', dir]), out: lines.join('\n') };
  } finally {
    info.mockRestore();
    error.mockRestore();
  }
}

interface Row {
  id: number;
  chain_seq: number;
  at: string;
  staff_id: string;
  action: string;
  entity: string;
  entity_ids: string;
  detail: string;
  prev_hash: string;
  entry_hash: string;
}
const rowAt = (db: Database, position: number) =>
  db.prepare('SELECT * FROM audit_events WHERE chain_seq = ?').get(position) as Row;

describe('the desk audit chain', () => {
  it('links every entry to the one before, and the command finds it intact', () => {
    const dir = freshStore();
    const db = openDeskStore(dir, { readonly: true });
    const rows = db.prepare('SELECT * FROM audit_events ORDER BY chain_seq').all() as Row[];
    closeDatabase(db);
    expect(rows.map((r) => r.chain_seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rows[0]!.prev_hash).toBe(auditGenesisHash);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.entry_hash);
    const first = rows[0]!;
    expect(first.entry_hash).toBe(
      sha256Hex(
        auditLinkText(auditGenesisHash, {
          chainSeq: 1,
          at: first.at,
          staffId: first.staff_id,
          action: first.action,
          entity: first.entity,
          entityIds: JSON.parse(first.entity_ids),
          detail: JSON.parse(first.detail),
        }),
      ),
    );
    const { code, out } = verify(dir);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`audit chain intact: ${entries} entries, head ${entries} [0-9a-f]{64}`));
  });

  it('refuses rewrites while its triggers are in place, and an insert that does not continue the head', () => {
    const db = openDeskStore(freshStore());
    try {
      expect(() => db.exec("UPDATE audit_events SET action = 'x' WHERE chain_seq = 2")).toThrow(
        /append-only/,
      );
      expect(() => db.exec('DELETE FROM audit_events WHERE chain_seq = 8')).toThrow(/append-only/);
      expect(() =>
        db.exec(
          `INSERT INTO audit_events (at, staff_id, action, entity, entity_ids, detail, chain_seq, prev_hash, entry_hash)
           VALUES ('2030-06-02T00:00:00.000Z', 'x', 'coupon.view', 'coupon', '[]', '{}', 3, 'aa', 'bb')`,
        ),
      ).toThrow(/continue the chain/);
      expect(() => db.exec('UPDATE audit_chain_head SET chain_seq = 2')).toThrow(/only moves/);
      expect(() => db.exec('DELETE FROM audit_chain_head')).toThrow(/kept/);
    } finally {
      closeDatabase(db);
    }
  });

  it('finds an edited entry (triggers dropped)', () => {
    const dir = freshStore();
    tamper(dir, (db) => db.exec(`UPDATE audit_events SET staff_id = 'someone-else' WHERE chain_seq = 4`));
    const { code, out } = verify(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/broken at position 4 \(audit entry \d+\): its contents do not match its hash/);
  });

  it('finds an edited entry whose hash was recomputed: the next entry no longer follows it', () => {
    const dir = freshStore();
    tamper(dir, (db) => {
      const row = rowAt(db, 5);
      const detail = { ...JSON.parse(row.detail), rowCount: 0 };
      const hash = sha256Hex(
        auditLinkText(row.prev_hash, {
          chainSeq: 5,
          at: row.at,
          staffId: row.staff_id,
          action: row.action,
          entity: row.entity,
          entityIds: JSON.parse(row.entity_ids),
          detail,
        }),
      );
      db.prepare('UPDATE audit_events SET detail = ?, entry_hash = ? WHERE chain_seq = 5').run(
        JSON.stringify(detail),
        hash,
      );
    });
    expect(verify(dir).out).toMatch(/broken at position 6 .*does not follow the entry before it/);
  });

  it('finds a deleted entry', () => {
    const dir = freshStore();
    tamper(dir, (db) => db.exec('DELETE FROM audit_events WHERE chain_seq = 3'));
    const { code, out } = verify(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/broken at position 3: no entry at position 3 \(the next is at 4\): deleted/);
  });

  it('finds an inserted entry, with or without a place in the chain', () => {
    const placed = freshStore();
    tamper(placed, (db) => {
      const row = rowAt(db, 6);
      db.prepare(
        `INSERT INTO audit_events (at, staff_id, action, entity, entity_ids, detail, chain_seq, prev_hash, entry_hash)
         VALUES (?, ?, 'coupon.view', 'coupon', '["forged"]', '{}', 6, ?, ?)`,
      ).run(row.at, row.staff_id, row.prev_hash, row.entry_hash);
    });
    expect(verify(placed)).toMatchObject({ code: 1 });
    expect(verify(placed).out).toMatch(/broken at position 6 .*(inserted|do not match)/);

    const unplaced = freshStore();
    tamper(unplaced, (db) =>
      db.exec(
        `INSERT INTO audit_events (at, staff_id, action, entity, entity_ids, detail)
         VALUES ('2030-06-01T09:00:30.000Z', 'staff-1', 'coupon.view', 'coupon', '["forged"]', '{}')`,
      ),
    );
    const { code, out } = verify(unplaced);
    expect(code).toBe(1);
    expect(out).toMatch(
      /broken at position 9 \(audit entry 9\): an entry without a place in the chain: inserted/,
    );
  });

  it('finds two entries swapped', () => {
    const dir = freshStore();
    tamper(dir, (db) => {
      db.exec('UPDATE audit_events SET chain_seq = -1 WHERE chain_seq = 2');
      db.exec('UPDATE audit_events SET chain_seq = 2 WHERE chain_seq = 3');
      db.exec('UPDATE audit_events SET chain_seq = 3 WHERE chain_seq = -1');
    });
    const { code, out } = verify(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/broken at position 2 .*does not follow the entry before it/);
  });

  it('finds entries removed at the end against its head, and against the copy a hub acknowledged', () => {
    const cut = freshStore();
    tamper(cut, (db) => db.exec('DELETE FROM audit_events WHERE chain_seq > 6'));
    expect(verify(cut).out).toMatch(
      /broken at position 7: the chain ends at position 6 but its head names position 8: entries removed at the end/,
    );

    // With the head moved back too, only what a hub holds shows it.
    const rewound = freshStore();
    tamper(rewound, (db) => {
      const sixth = rowAt(db, 6);
      db.prepare(
        "INSERT INTO audit_hub_copies (origin, device_id, chain_seq, entry_hash) VALUES ('hub', 'device', 8, ?)",
      ).run(rowAt(db, 8).entry_hash);
      db.exec('DELETE FROM audit_events WHERE chain_seq > 6');
      db.prepare('UPDATE audit_chain_head SET chain_seq = 6, entry_hash = ?').run(sixth.entry_hash);
    });
    const { code, out } = verify(rewound);
    expect(code).toBe(1);
    expect(out).toMatch(/broken at position 7: the hub holds 8 entries of this chain; only 6 are here/);
  });

  it('runs as `npm run desk -- audit-verify` and cannot be fooled into opening another key', () => {
    const dir = freshStore();
    tamper(dir, (db) => db.exec("UPDATE audit_events SET action = 'coupon.print' WHERE chain_seq = 1"));
    const run = spawnSync('npm', ['run', '--silent', 'desk', '--', 'audit-verify', '--data-dir', dir], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/broken at position 1 \(audit entry 1\): its contents do not match/);

    const wrongKey = freshStore();
    copyFileSync(join(freshStore(), storeKeyFileName), join(wrongKey, storeKeyFileName));
    const other = join(root, 'other-key');
    mkdirSync(other);
    loadOrCreateStoreKey(other, join(other, databaseFileName), localDbSecretBox);
    copyFileSync(join(other, storeKeyFileName), join(wrongKey, storeKeyFileName));
    const refused = verify(wrongKey);
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/Cannot check the audit log: The local data cannot be decrypted/);
  });
});

describe('migration 010', () => {
  it('chains the entries written before it, in id order, and the chain goes on from there', () => {
    const dir = join(root, 'before-010');
    mkdirSync(dir);
    const path = join(dir, databaseFileName);
    const db = openConnection(path, { readonly: false });
    try {
      migrate(db, { target: 9 });
      const insert = db.prepare(
        "INSERT INTO audit_events (at, staff_id, action, entity, entity_ids, detail) VALUES (?, 'op', 'coupon.view', 'coupon', ?, '{}')",
      );
      for (let i = 1; i <= 3; i++) insert.run(`2030-06-01T00:00:0${i}.000Z`, JSON.stringify([`c${i}`]));
      migrate(db);
      appendAudit(db, { staffId: 'op', action: 'booking.create', entity: 'booking', entityIds: ['b1'] });
      expect(db.prepare('SELECT chain_seq FROM audit_events ORDER BY id').pluck().all()).toEqual([
        1, 2, 3, 4,
      ]);
      expect(verifyDeskAuditChain(db)).toMatchObject({ entries: 4, headSeq: 4, broken: null });
    } finally {
      db.close();
    }
  });
});
