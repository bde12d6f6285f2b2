/**
 * Numbered SQL migrations (migrations/NNN-name.sql), applied in order in ONE transaction and
 * recorded in schema_migrations. An advisory lock keeps two hub processes starting at once from
 * racing; a database migrated by newer code (a version this code does not know) is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HubSql } from './hub-sql.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant: the key of the advisory lock that serializes migration runs.
const migrationLockKey = 48_151_623;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir: string = migrationsDir): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => /^\d{3}-[a-z0-9-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -'.sql'.length),
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration numbers must run 1, 2, 3…: found ${m.version} at ${i + 1}`);
  });
  return migrations;
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(`the database schema is version ${found}, newer than this hub knows (${known}); upgrade the hub`);
    this.name = 'SchemaTooNewError';
  }
}

export async function migrate(
  sql: HubSql,
  migrations: Migration[] = loadMigrations(),
): Promise<MigrationResult> {
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     integer PRIMARY KEY,
      name        text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    const from = rows[0]?.version ?? 0;
    const known = migrations.length;
    if (from > known) throw new SchemaTooNewError(from, known);
    const applied: string[] = [];
    for (const migration of migrations.slice(from)) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(`${String(migration.version).padStart(3, '0')}-${migration.name}`);
    }
    return { from, to: Math.max(from, known), applied };
  });
}
