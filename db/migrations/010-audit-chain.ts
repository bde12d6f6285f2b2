import { auditGenesisHash, auditLinkText } from '../../domain/audit-chain.ts';
import { type AuditEventRow, chainRowColumns, sha256Hex, storedLinkOf } from '../queries/audit-chain.ts';
import type { Migration } from './migration.ts';

// 010: the audit log becomes a hash chain (domain/audit-chain.ts spells the encoding). Depends only on
// audit_events as migration 001 made it.
//
// Each entry gets its place (chain_seq 1, 2, 3 …), the hash of the entry before (prev_hash) and its own
// (entry_hash). The entries already there are chained in id order by this step. audit_chain_head is the
// last entry's place and hash: an insert must continue it (a trigger checks), and moves it; it only
// moves forward. audit_hub_copies: how much of the chain each hub acknowledged holding (the desk pushes
// its entries in the sync round), so that rows removed here later show against what a hub has.
const columns = `
ALTER TABLE audit_events ADD COLUMN chain_seq INTEGER;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN entry_hash TEXT;

CREATE TABLE audit_chain_head (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  chain_seq   INTEGER NOT NULL,
  entry_hash  TEXT NOT NULL
) STRICT;

CREATE TABLE audit_hub_copies (
  origin      TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  chain_seq   INTEGER NOT NULL,
  entry_hash  TEXT NOT NULL,
  PRIMARY KEY (origin, device_id)
) STRICT;

DROP TRIGGER audit_events_no_update;
`;

const guards = `
CREATE UNIQUE INDEX audit_events_by_chain ON audit_events (chain_seq);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

CREATE TRIGGER audit_events_continue_chain BEFORE INSERT ON audit_events
WHEN NEW.chain_seq IS NOT (SELECT chain_seq + 1 FROM audit_chain_head WHERE id = 1)
  OR NEW.prev_hash IS NOT (SELECT entry_hash FROM audit_chain_head WHERE id = 1)
  OR NEW.entry_hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit_events entries continue the chain at its head'); END;

CREATE TRIGGER audit_events_move_head AFTER INSERT ON audit_events
BEGIN UPDATE audit_chain_head SET chain_seq = NEW.chain_seq, entry_hash = NEW.entry_hash WHERE id = 1; END;

CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE ON audit_chain_head
WHEN NEW.chain_seq IS NOT OLD.chain_seq + 1 OR NEW.id IS NOT OLD.id
BEGIN SELECT RAISE(ABORT, 'audit_chain_head only moves to the next entry'); END;

CREATE TRIGGER audit_chain_head_kept BEFORE DELETE ON audit_chain_head
BEGIN SELECT RAISE(ABORT, 'audit_chain_head is kept'); END;
`;

export const auditChainSchema: Migration = {
  version: 10,
  name: 'audit-chain',
  up: (db) => {
    db.exec(columns);
    const seal = db.prepare(
      'UPDATE audit_events SET chain_seq = ?, prev_hash = ?, entry_hash = ? WHERE id = ?',
    );
    let seq = 0;
    let prev = auditGenesisHash;
    for (const row of db.prepare(`SELECT ${chainRowColumns} FROM audit_events ORDER BY id`).all()) {
      seq += 1;
      const link = { ...storedLinkOf(row as AuditEventRow), chainSeq: seq };
      const hash = sha256Hex(auditLinkText(prev, link));
      seal.run(seq, prev, hash, link.rowId);
      prev = hash;
    }
    db.prepare('INSERT INTO audit_chain_head (id, chain_seq, entry_hash) VALUES (1, ?, ?)').run(seq, prev);
    db.exec(guards);
  },
};
