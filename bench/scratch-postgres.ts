/**
 * A scratch PostgreSQL database for a bench, on the server at HUB_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test): created, handed to `fn`, dropped. Null, with a note,
 * when the server does not answer.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const benchPostgresUrl = process.env.HUB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function withScratchPostgres<T>(
  prefix: string,
  fn: (url: string) => Promise<T>,
): Promise<T | null> {
  const admin = new pg.Client({ connectionString: benchPostgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    console.info(`postgres  skipped: no server at ${benchPostgresUrl}`);
    return null;
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(benchPostgresUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}
