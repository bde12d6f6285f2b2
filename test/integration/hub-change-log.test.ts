import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BookingsResponse } from '../../domain/hub-api/public-api.ts';
import {
  appendChanges,
  type ChangeEntry,
  type ChangeLogRow,
  changeLogHead,
  readChanges,
} from '../../server/store/change-log.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { loadMigrations, migrate, SchemaTooNewError } from '../../server/store/migrate.ts';
import { changesSince } from '../../server/sync/changes.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends, type Fixture, fixtureNow } from './hub-support.ts';

describeHubBackends('change log', (ctx) => {
  let hub: RunningHub;
  let fx: Fixture;

  beforeAll(async () => {
    fx = await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
  });
  afterAll(async () => {
    await hub?.close();
  });

  const seqs = async () =>
    (await ctx.sql.query<{ seq: number }>('SELECT seq FROM change_log ORDER BY seq')).map((r) => r.seq);

  it('numbers every change 1, 2, 3… with no gap, the head pointing at the last', async () => {
    const all = await seqs();
    expect(all.length).toBeGreaterThan(0);
    expect(all).toEqual(all.map((_, i) => i + 1));
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(all.length);
  });

  it('appends the booking and its slot in the transaction of the booking', async () => {
    const slotId = await fx.slot({ date: '2030-06-20' });
    const coupon = await fx.coupon();
    const { lastSeq: before } = await changeLogHead(ctx.sql);
    const answer = await hub.request<BookingsResponse>('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
      headers: { 'idempotency-key': 'change-log-key-1' },
    });
    const booking = answer.body.bookings![0]!;
    const rows = await readChanges(ctx.sql, { since: before, limit: 100 });
    expect(rows.map((r) => [r.seq, r.entity, r.entityId, r.op])).toEqual([
      [before + 1, 'slot', slotId, 'upsert'],
      [before + 2, 'booking', booking.id, 'upsert'],
    ]);
    expect(rows[0]!.payload).toMatchObject({ id: slotId, bookedOnline: 1, capacity: 20 });
    expect(rows[1]!.payload).toMatchObject({
      id: booking.id,
      bookingNumber: booking.bookingNumber,
      couponId: coupon.id,
      channel: 'online',
      status: 'confirmed',
    });
    expect(rows.every((r) => r.municipalityCode === '131016')).toBe(true);
  });

  it('leaves no row when the transaction fails; a number it took is passed over, never served', async () => {
    const slotId = await fx.slot({ date: '2030-06-21', capacity: 0 });
    const coupon = await fx.coupon();
    const { lastSeq: before } = await changeLogHead(ctx.sql);
    const full = await hub.request('POST', '/api/v1/public/bookings', {
      body: { ticketNumber: coupon.ticketNumber, birthDate: coupon.birthDate, slotId },
      headers: { 'idempotency-key': 'change-log-key-2' },
    });
    expect(full.status).toBe(409);
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(before);
    await expect(
      runHubTransaction(ctx.sql, fixtureNow, async (tx) => {
        tx.changes.upsert('staff', 'ghost', { id: 'ghost', displayName: '記録係' }, null);
        await appendChanges(tx, tx.changes.entries, tx.now);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // The number it took is settled as a gap: the horizon passes it.
    expect((await changeLogHead(ctx.sql)).lastSeq).toBe(before + 1);
    const next = await runHubTransaction(ctx.sql, fixtureNow, async (tx) => {
      tx.changes.delete('staff', 'ghost', null);
    });
    expect(next.lastSeq).toBe(before + 2);
    const rows = await readChanges(ctx.sql, { since: before, limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: before + 2, op: 'delete', payload: null, entityId: 'ghost' });
    const [gap] = await ctx.sql.query<{ op: string }>('SELECT op FROM change_log WHERE seq = $1', [
      before + 1,
    ]);
    expect(gap?.op).toBe('gap');
  });

  /** Pulls like a desktop from `since` until a short page: the rows served and the final cursor. */
  const pullAll = async (since: number) => {
    const served: ChangeLogRow[] = [];
    let cursor = since;
    for (;;) {
      const page = await changesSince(ctx.sql, { since: cursor, limit: 50, municipalityCode: null });
      served.push(...page.changes.map((c) => ({ seq: c.seq, entityId: c.id }) as ChangeLogRow));
      cursor = page.cursor;
      if (!page.hasMore) return { served, cursor };
    }
  };
  /** Every change committed after `since`, straight from the table (gap rows left out). */
  const committedAfter = async (since: number) =>
    (
      await ctx.sql.query<{ seq: number }>(
        "SELECT seq FROM change_log WHERE seq > $1 AND op <> 'gap' ORDER BY seq",
        [since],
      )
    ).map((r) => r.seq);

  it('never makes a reader that follows its cursor skip a row, under concurrent writers', async () => {
    const slotIds = await Promise.all(
      Array.from({ length: 4 }, (_, i) => fx.slot({ date: `2030-06-1${i}` })),
    );
    const coupons = await fx.coupons(60);
    let writing = true;
    const { lastSeq: start } = await changeLogHead(ctx.sql);
    const served: number[] = [];
    const reader = (async () => {
      let cursor = start;
      while (writing) {
        const pulled = await pullAll(cursor);
        served.push(...pulled.served.map((r) => r.seq));
        cursor = pulled.cursor;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      served.push(...(await pullAll(cursor)).served.map((r) => r.seq));
    })();
    await Promise.all(
      coupons.map((c, i) =>
        hub.request('POST', '/api/v1/public/bookings', {
          body: { ticketNumber: c.ticketNumber, birthDate: c.birthDate, slotId: slotIds[i % slotIds.length] },
          headers: { 'idempotency-key': `change-log-burst-${i}` },
        }),
      ),
    );
    writing = false;
    await reader;
    // Every committed row reached the reader, once, in order, whatever the order of the commits.
    expect(served).toEqual(await committedAfter(start));
    const all = await seqs();
    expect(all).toEqual(all.map((_, i) => i + 1));
    const bookingRows = await readChanges(ctx.sql, { since: start, limit: 1000 });
    expect(bookingRows.filter((r) => r.entity === 'booking')).toHaveLength(60);
  });

  // PGlite runs one transaction at a time, so there a later number can never commit first.
  it.skipIf(ctx.backend === 'pglite')(
    'a reader stops below a number still being committed, though a higher one committed before it',
    async () => {
      const { lastSeq: start } = await changeLogHead(ctx.sql);
      let letFirstCommit!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => {
        letFirstCommit = resolve;
      });
      let firstAppended!: (seq: number) => void;
      const firstSeq = new Promise<number>((resolve) => {
        firstAppended = resolve;
      });
      const first = runHubTransaction(ctx.sql, fixtureNow, async (tx) => {
        const entry = {
          entity: 'venue',
          entityId: 'slow-writer',
          op: 'upsert',
          payload: {},
          municipalityCode: null,
        };
        firstAppended((await appendChanges(tx, [entry as ChangeEntry], tx.now))!);
        // Holds its number, uncommitted, until the test lets it go.
        await firstMayCommit;
      });
      const lower = await firstSeq;
      // A second writer takes a higher number and commits while the first is still open.
      const second = await runHubTransaction(ctx.sql, fixtureNow, async (tx) => {
        tx.changes.upsert('staff', 'fast-writer', { id: 'fast-writer', displayName: '記録係' }, null);
      });
      expect(second.lastSeq!).toBeGreaterThan(lower);
      expect(await committedAfter(start)).toContain(second.lastSeq);

      const early = await pullAll(start);
      expect(early.served.map((r) => r.seq)).not.toContain(second.lastSeq);
      expect(early.cursor).toBeLessThan(lower);
      expect((await changeLogHead(ctx.sql)).lastSeq).toBeLessThan(lower);

      letFirstCommit();
      await first;
      const late = await pullAll(early.cursor);
      const seqsServed = late.served.map((r) => r.seq);
      expect(seqsServed).toContain(lower);
      expect(seqsServed).toContain(second.lastSeq);
      expect(seqsServed).toEqual([...seqsServed].sort((a, b) => a - b));
      expect([...early.served, ...late.served].map((r) => r.seq)).toEqual(await committedAfter(start));
    },
  );

  it('filters by municipality, keeping rows meant for every municipality', async () => {
    const rows = await readChanges(ctx.sql, { since: 0, limit: 1000, municipalityCode: '999999' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.municipalityCode === null)).toBe(true);
    expect(rows.map((r) => r.entity)).toContain('vaccine_product');
  });

  it('migrates once and refuses a database newer than the code', async () => {
    const migrations = loadMigrations();
    const latest = migrations[migrations.length - 1]!.version;
    expect(await migrate(ctx.sql)).toMatchObject({ from: latest, to: latest, applied: [] });
    await expect(migrate(ctx.sql, migrations.slice(0, 0))).rejects.toBeInstanceOf(SchemaTooNewError);
  });

  it('applies a migration numbered below the highest one recorded, and refuses one it does not know', async () => {
    const migrations = loadMigrations();
    const later = { version: 951, name: 'later', sql: 'CREATE TABLE test_migration_later (id integer)' };
    const reserved = {
      version: 950,
      name: 'reserved',
      sql: 'CREATE TABLE test_migration_reserved (id integer)',
    };
    try {
      expect(await migrate(ctx.sql, [...migrations, later])).toMatchObject({
        applied: ['951-later'],
        to: 951,
      });
      // 950 was reserved on another branch and arrives after 951 was applied: it is applied, 951 not again.
      expect(await migrate(ctx.sql, [...migrations, reserved, later])).toMatchObject({
        from: 951,
        to: 951,
        applied: ['950-reserved'],
      });
      await ctx.sql.query('SELECT count(*) FROM test_migration_reserved');
      // Code without 950 must not run on a database that has it, though 951 is known.
      await expect(migrate(ctx.sql, [...migrations, later])).rejects.toThrow(
        'the database schema has migration 950, which this hub does not know (it knows up to 951)',
      );
    } finally {
      await ctx.sql.exec(`DELETE FROM schema_migrations WHERE version >= 950;
        DROP TABLE IF EXISTS test_migration_later; DROP TABLE IF EXISTS test_migration_reserved;`);
    }
  });

  it('reads migration files with numbers left free, and refuses a number used twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-migrations-'));
    try {
      writeFileSync(join(dir, '001-first.sql'), 'SELECT 1');
      writeFileSync(join(dir, '009-ninth.sql'), 'SELECT 9');
      expect(loadMigrations(dir).map((m) => [m.version, m.name])).toEqual([
        [1, 'first'],
        [9, 'ninth'],
      ]);
      writeFileSync(join(dir, '009-another.sql'), 'SELECT 9');
      expect(() => loadMigrations(dir)).toThrow('migration numbers must be distinct');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
