import type { Migration } from './migration.ts';

// 007: reserved. Another branch of issue 9 adds the desktop's migration 007; its file replaces this
// one when the branches are merged (versions must run 1, 2, 3… for db/migrate.ts). It changes nothing.
export const reservedSchema: Migration = {
  version: 7,
  name: 'reserved',
  up: () => {},
};
