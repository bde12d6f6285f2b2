/**
 * The PostgreSQL engine when the server ends a connection in the middle of a transaction (a restart,
 * an administrator's pg_terminate_backend): the transaction fails, the process goes on (a client that
 * loses its connection while checked out emits 'error', which would otherwise end it) and the next
 * transaction runs on a fresh connection. Only this test's own connection is terminated.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSql } from '../../server/store/hub-sql.ts';
import { openPgEngine } from '../../server/store/pg-engine.ts';

const adminUrl = process.env.HUB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe.skipIf(process.env.HUB_TEST_SKIP_PG === '1')('pg engine: a connection lost mid-transaction', () => {
  let sql: HubSql;
  let admin: pg.Client;

  beforeAll(async () => {
    sql = await openPgEngine(adminUrl, { maxConnections: 2 });
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await sql?.close();
  });

  const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);

  it('between two statements: the transaction fails, the next one runs', async () => {
    const failed = sql.transaction(async (tx) => {
      const [{ pid }] = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [
        { pid: number },
      ];
      await terminate(pid);
      // The server's goodbye reaches the client while no statement is running.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.query('SELECT 1');
    });
    await expect(failed).rejects.toThrow();
    expect(await sql.transaction((tx) => tx.query<{ n: number }>('SELECT 1 AS n'))).toEqual([{ n: 1 }]);
  });

  it('during a statement: the transaction fails, the next one runs', async () => {
    const failed = sql.transaction(async (tx) => {
      const [{ pid }] = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [
        { pid: number },
      ];
      const later = new Promise((resolve) => setTimeout(resolve, 100)).then(() => terminate(pid));
      await Promise.all([tx.query('SELECT pg_sleep(5)'), later]);
    });
    await expect(failed).rejects.toThrow();
    expect(await sql.transaction((tx) => tx.query<{ n: number }>('SELECT 1 AS n'))).toEqual([{ n: 1 }]);
  });

  it('the listening connection: its loss is told once, and the process goes on', async () => {
    const channel = `connection_loss_${process.pid}_${Date.now()}`;
    const lost: Error[] = [];
    await sql.listen(
      channel,
      () => {},
      (error) => lost.push(error),
    );
    const [listener] = (
      await admin.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1',
        [`LISTEN "${channel}"`],
      )
    ).rows;
    expect(listener).toBeDefined();
    await terminate(listener!.pid);
    await expect.poll(() => lost.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lost).toHaveLength(1);
    expect(await sql.query<{ n: number }>('SELECT 1 AS n')).toEqual([{ n: 1 }]);
  });
});
