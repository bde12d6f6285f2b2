import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidateScopes, queryKeys } from '../../../renderer/src/app/query-keys.ts';

function seeded(): QueryClient {
  const client = new QueryClient();
  const keys = [
    queryKeys.syncSettings(),
    queryKeys.venueChoices(),
    queryKeys.slotCapacity.range('v1', '2026-12-01', '2026-12-07'),
    queryKeys.bookings.page({}, [], 0),
    queryKeys.dayOverview.day('2026-12-03'),
    queryKeys.phoneDesk.callbackTasks(),
  ];
  for (const key of keys) client.setQueryData(key, { seeded: true });
  return client;
}

const stale = (client: QueryClient) =>
  client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => String(q.queryKey[0]))
    .sort();

describe('a data-changed event marks stale only the queries that read its scopes', () => {
  it('slots: capacity, overview, grid and phone desk; not the settings or the venue list', async () => {
    const client = seeded();
    await invalidateScopes(client, ['slots']);
    expect(stale(client)).toEqual(['bookings', 'dayOverview', 'phoneDesk', 'slotCapacity']);
  });

  it('venues: the venue list too; coupons: not the slot capacity', async () => {
    const venues = seeded();
    await invalidateScopes(venues, ['venues']);
    expect(stale(venues)).toEqual(['bookings', 'dayOverview', 'phoneDesk', 'venueChoices']);
    const coupons = seeded();
    await invalidateScopes(coupons, ['coupons']);
    expect(stale(coupons)).toEqual(['bookings', 'phoneDesk']);
  });

  it('a key made outside the factory is refreshed on any change rather than left stale', async () => {
    const client = seeded();
    client.setQueryData(['somethingNew'], 1);
    await invalidateScopes(client, ['coupons']);
    expect(stale(client)).toContain('somethingNew');
  });
});

describe('screens take their keys from the factory', () => {
  it('no literal query key array in renderer/src outside query-keys.ts', () => {
    const root = path.resolve(import.meta.dirname, '../../../renderer/src');
    const offenders = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && e.name !== 'query-keys.ts')
      .map((e) => path.join(e.parentPath, e.name))
      .filter((file) => /queryKey:\s*\[/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});
