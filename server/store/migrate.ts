/**
 * Numbered SQL migrations (migrations/NNN-name.sql), applied in order in ONE transaction and
 * recorded in schema_migrations. An advisory lock keeps two hub processes starting at once from
 * racing; a database migrated by newer code (a version this code does not know) is refused.
 *
 * Numbers need not follow each other: work on separate branches reserves its own numbers, so a
 * number left free (say 005 while 009 is taken) may arrive later. Every migration the database has
 * not recorded is applied, in number order, even below the highest one recorded.
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
    if (m.version < 1 || (i > 0 && m.version === migrations[i - 1]!.version))
      throw new Error(
        `migration numbers must be distinct and from 001 on: found ${m.version} twice or below 1`,
      );
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
    super(
      `the database schema has migration ${found}, which this hub does not know (it knows up to ${known}); upgrade the hub`,
    );
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
    const recorded = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    const from = Math.max(0, ...recorded);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const unknown = [...recorded].filter((v) => !migrations.some((m) => m.version === v));
    if (unknown.length > 0) throw new SchemaTooNewError(Math.max(...unknown), known);
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !recorded.has(m.version))) {
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
