/**
 * The hash-chained audit log (server/audit/audit-chain.ts): entries sealed in order, and every kind
 * of rewriting by a table owner who disables the append-only triggers (an edit, a deletion, an
 * insertion with a correctly computed hash, two entries swapped, the last entries removed) found at
 * its first broken link. Each case undoes its tampering, and the chain verifies again.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import {
  auditEntryHash,
  genesisHash,
  sealAuditChain,
  verifyAuditChain,
} from '../../server/audit/audit-chain.ts';
import { appendAudit } from '../../server/audit/audit-log.ts';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { describeHubBackends, fixtureNow } from './hub-support.ts';

const actor = { staffId: randomUUID(), deviceId: randomUUID() };

async function appendEntries(sql: HubSql, n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      runHubTransaction(sql, new Date(fixtureNow.getTime() + i), (tx) =>
        appendAudit(tx, actor, {
          action: 'slot.change',
          entity: 'slot',
          entityId: `slot-${i}`,
          municipalityCode: '131016',
          before: { capacity: i },
          after: { capacity: i + 1 },
        }),
      ),
    ),
  );
}

interface Row {
  id: number;
  chain_seq: number;
  prev_hash: string;
  entry_hash: string;
}

describeHubBackends('audit chain', (ctx) => {
  /** As the table owner with the append-only triggers off: what an insider could do. */
  const asOwner = async (statements: (sql: HubSql) => Promise<unknown>) => {
    await ctx.sql.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
    try {
      await statements(ctx.sql);
    } finally {
      await ctx.sql.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
    }
  };
  const rowAt = async (position: number): Promise<Row> =>
    (
      await ctx.sql.query<Row>(
        'SELECT id, chain_seq, prev_hash, entry_hash FROM audit_log WHERE chain_seq = $1',
        [position],
      )
    )[0]!;

  beforeAll(async () => {
    await appendEntries(ctx.sql, 12);
  });

  it('seals every entry in order, each carrying the hash of the one before', async () => {
    const other = await ctx.openAnother();
    try {
      // Two sealers at once (another hub process): each entry gets one place.
      await Promise.all([sealAuditChain(ctx.sql), sealAuditChain(other), appendEntries(other, 8)]);
    } finally {
      await other.close();
    }
    await sealAuditChain(ctx.sql);
    const rows = await ctx.sql.query<Row>(
      'SELECT id, chain_seq, prev_hash, entry_hash FROM audit_log ORDER BY chain_seq',
    );
    expect(rows).toHaveLength(20);
    expect(rows.map((r) => r.chain_seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe(genesisHash);
    expect(rows.slice(1).map((r) => r.prev_hash)).toEqual(rows.slice(0, -1).map((r) => r.entry_hash));
    const report = await verifyAuditChain(ctx.sql);
    expect(report).toMatchObject({ entries: 20, headSeq: 20, headHash: rows[19]!.entry_hash, broken: null });
  });

  it('refuses, with the triggers on, to edit, delete, insert sealed or unseal an entry', async () => {
    await expect(ctx.sql.query("UPDATE audit_log SET action = 'x' WHERE chain_seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(
      ctx.sql.query('UPDATE audit_log SET chain_seq = NULL, prev_hash = NULL, entry_hash = NULL'),
    ).rejects.toThrow(/append-only/);
    await expect(ctx.sql.query('DELETE FROM audit_log WHERE chain_seq = 3')).rejects.toThrow(/append-only/);
    await expect(
      ctx.sql.query(
        `INSERT INTO audit_log (at, action, entity, entity_id, detail, chain_seq, prev_hash, entry_hash)
         VALUES (now(), 'x', 'x', 'x', '{}', 99, 'a', 'b')`,
      ),
    ).rejects.toThrow(/sealed by the hub/);
    await expect(ctx.sql.query('UPDATE audit_chain_head SET chain_seq = 1')).rejects.toThrow(/forward/);
    expect((await verifyAuditChain(ctx.sql)).broken).toBeNull();
  });

  it('finds an edited entry', async () => {
    const target = await rowAt(7);
    const [saved] = await ctx.sql.query<{ detail: unknown }>('SELECT detail FROM audit_log WHERE id = $1', [
      target.id,
    ]);
    await asOwner((sql) =>
      sql.query(`UPDATE audit_log SET detail = '{"before":{},"after":{"capacity":99}}' WHERE id = $1`, [
        target.id,
      ]),
    );
    const report = await verifyAuditChain(ctx.sql);
    expect(report.broken).toMatchObject({
      position: 7,
      auditId: target.id,
      problem: expect.stringMatching(/edited/),
    });
    expect(report.entries).toBe(6);
    await asOwner((sql) =>
      sql.query('UPDATE audit_log SET detail = $2 WHERE id = $1', [target.id, JSON.stringify(saved!.detail)]),
    );
    expect((await verifyAuditChain(ctx.sql)).broken).toBeNull();
  });

  it('finds a deleted entry', async () => {
    const [saved] = await ctx.sql.query<Record<string, unknown>>(
      'SELECT * FROM audit_log WHERE chain_seq = 5',
    );
    await asOwner((sql) => sql.query('DELETE FROM audit_log WHERE chain_seq = 5'));
    const report = await verifyAuditChain(ctx.sql);
    expect(report.broken).toMatchObject({
      position: 5,
      auditId: null,
      problem: expect.stringMatching(/deleted/),
    });
    await asOwner((sql) => restore(sql, saved!));
    expect((await verifyAuditChain(ctx.sql)).broken).toBeNull();
  });

  it('finds an entry inserted with a correctly computed hash, at the entry after it', async () => {
    const before = await rowAt(9);
    const forgedId = 1_000_000;
    await asOwner(async (sql) => {
      await sql.query('UPDATE audit_log SET chain_seq = -chain_seq WHERE chain_seq >= 10');
      await sql.query('UPDATE audit_log SET chain_seq = 1 - chain_seq WHERE chain_seq < 0');
      const forged = {
        id: forgedId,
        at_text: '2030-06-01T00:00:00.500000Z',
        staff_id: actor.staffId,
        device_id: actor.deviceId,
        action: 'slot.change',
        entity: 'slot',
        entity_id: 'slot-forged',
        municipality_code: '131016',
        detail: { after: {}, before: {} },
        chain_seq: 10,
        prev_hash: before.entry_hash,
        entry_hash: null,
      };
      await sql.query(
        `INSERT INTO audit_log (id, at, staff_id, device_id, action, entity, entity_id, municipality_code, detail,
                                chain_seq, prev_hash, entry_hash)
         OVERRIDING SYSTEM VALUE
         VALUES ($1, $2, $3, $4, 'slot.change', 'slot', 'slot-forged', '131016', '{"before":{},"after":{}}', 10, $5, $6)`,
        [
          forgedId,
          forged.at_text,
          actor.staffId,
          actor.deviceId,
          before.entry_hash,
          auditEntryHash(before.entry_hash, 10, forged),
        ],
      );
    });
    const report = await verifyAuditChain(ctx.sql);
    expect(report.broken).toMatchObject({ position: 11, problem: expect.stringMatching(/does not follow/) });
    await asOwner(async (sql) => {
      await sql.query('DELETE FROM audit_log WHERE id = $1', [forgedId]);
      await sql.query('UPDATE audit_log SET chain_seq = -chain_seq WHERE chain_seq >= 11');
      await sql.query('UPDATE audit_log SET chain_seq = -chain_seq - 1 WHERE chain_seq < 0');
    });
    expect((await verifyAuditChain(ctx.sql)).broken).toBeNull();
  });

  it('finds two entries swapped', async () => {
    const [a, b] = [await rowAt(3), await rowAt(4)];
    const swap = (sql: HubSql) =>
      sql
        .query('UPDATE audit_log SET chain_seq = -chain_seq WHERE id = ANY($1::bigint[])', [[a.id, b.id]])
        .then(() =>
          sql.query(
            'UPDATE audit_log SET chain_seq = CASE WHEN chain_seq = -3 THEN 4 ELSE 3 END WHERE chain_seq < 0',
          ),
        );
    await asOwner(swap);
    const report = await verifyAuditChain(ctx.sql);
    expect(report.broken).toMatchObject({ position: 3, auditId: b.id });
    await asOwner(swap);
    expect((await verifyAuditChain(ctx.sql)).broken).toBeNull();
  });

  it('finds the last entries removed', async () => {
    const [saved] = await ctx.sql.query<Record<string, unknown>>(
      'SELECT * FROM audit_log WHERE chain_seq = (SELECT max(chain_seq) FROM audit_log)',
    );
    await asOwner((sql) => sql.query('DELETE FROM audit_log WHERE id = $1', [saved!.id]));
    const report = await verifyAuditChain(ctx.sql);
    expect(report.broken).toMatchObject({
      position: 20,
      problem: expect.stringMatching(/removed at the end/),
    });
    await asOwner((sql) => restore(sql, saved!));
    expect((await verifyAuditChain(ctx.sql)).broken).toBeNull();
  });
});

/** Puts a deleted row back exactly as it was (its id included). */
async function restore(sql: HubSql, row: Record<string, unknown>): Promise<void> {
  await sql.query(
    `INSERT INTO audit_log (id, at, staff_id, device_id, action, entity, entity_id, municipality_code, detail,
                            chain_seq, prev_hash, entry_hash)
     OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      row.id,
      row.at,
      row.staff_id,
      row.device_id,
      row.action,
      row.entity,
      row.entity_id,
      row.municipality_code,
      JSON.stringify(row.detail),
      row.chain_seq,
      row.prev_hash,
      row.entry_hash,
    ],
  );
}
