import { initialSchema } from './001-initial.ts';
import type { Migration } from './migration.ts';

/** Every migration, in order. Add new ones at the end; the last one's version is the code's schema version. */
export const migrations: readonly Migration[] = [initialSchema];

export const latestSchemaVersion: number = migrations.at(-1)?.version ?? 0;
