import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChangesPage, SnapshotPage } from '../../domain/hub-api/sync-api.ts';
import { runMaintenance } from '../../server/maintenance.ts';
import { changeLogHead } from '../../server/store/change-log.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { signInStaff } from './hub-staff-support.ts';
import { createFixture, describeHubBackends, fixtureMunicipality, fixtureNow } from './hub-support.ts';

const day = 86_400_000;
const daysAfter = (n: number) => new Date(fixtureNow.getTime() + n * day);

describeHubBackends('change log retention', (ctx) => {
  let hub: RunningHub;

  beforeAll(async () => {
    await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
  });
  afterAll(async () => {
    await hub?.close();
  });

  /** One logged change committed at that moment; returns its seq. */
  const changeAt = async (when: Date, id: string): Promise<number> => {
    const { lastSeq } = await runHubTransaction(ctx.sql, when, async (tx) => {
      tx.changes.upsert('staff', id, { id, displayName: '記録係' }, fixtureMunicipality.code);
    });
    return lastSeq!;
  };

  it('prunes the log older than N days, sets retained_from, and old cursors get 410 RESNAPSHOT', async () => {
    const old1 = await changeAt(daysAfter(1), 'retention-a');
    await changeAt(daysAfter(10), 'retention-b');
    const young = await changeAt(daysAfter(20), 'retention-c');
    const head = (await changeLogHead(ctx.sql)).lastSeq;

    const result = await runMaintenance(ctx.sql, daysAfter(40), { changeLogRetentionDays: 25 });
    expect(result.changesPruned).toBe(young - 1);
    expect(await changeLogHead(ctx.sql)).toEqual({ lastSeq: head, retainedFrom: young });
    const [oldest] = await ctx.sql.query<{ seq: number }>('SELECT min(seq)::int AS seq FROM change_log');
    expect(oldest!.seq).toBe(young);
    // A second run has nothing left to do.
    expect((await runMaintenance(ctx.sql, daysAfter(40), { changeLogRetentionDays: 25 })).changesPruned).toBe(
      0,
    );

    hub.now = daysAfter(40);
    const { headers } = await signInStaff(hub, ctx.sql, 'operator');
    for (const since of [0, old1, young - 2]) {
      const answer = await hub.request('GET', `/api/v1/sync/changes?since=${since}`, { headers });
      expect(answer.status).toBe(410);
      expect(answer.body.error?.code).toBe('RESNAPSHOT');
    }
    const kept = await hub.request<ChangesPage>('GET', `/api/v1/sync/changes?since=${young - 1}`, {
      headers,
    });
    expect(kept.status).toBe(200);
    // (The staff account signed in above is a change too: its name, for desktops.)
    expect(kept.body.changes!.filter((c) => c.id.startsWith('retention-')).map((c) => c.id)).toEqual([
      'retention-c',
    ]);

    // Starting over works: a snapshot, then a pull since its sequence.
    const snapshot = await hub.request<SnapshotPage>('GET', '/api/v1/sync/snapshot?limit=10000', { headers });
    expect(snapshot.body.next).toBeNull();
    const pull = await hub.request<ChangesPage>(
      'GET',
      `/api/v1/sync/changes?since=${snapshot.body.snapshotSeq}`,
      {
        headers,
      },
    );
    expect(pull.status).toBe(200);
  });

  it('keeps everything younger than N days and cuts at the first young row', async () => {
    const before = await changeLogHead(ctx.sql);
    const recent = await changeAt(daysAfter(50), 'retention-d');
    // Committed later but stamped earlier (a long transaction): kept, because a younger row precedes it.
    await changeAt(daysAfter(30), 'retention-e');
    const result = await runMaintenance(ctx.sql, daysAfter(60), { changeLogRetentionDays: 25 });
    expect(result.changesPruned).toBe(recent - before.retainedFrom);
    expect((await changeLogHead(ctx.sql)).retainedFrom).toBe(recent);
    const ids = await ctx.sql.query<{ entity_id: string }>('SELECT entity_id FROM change_log ORDER BY seq');
    expect(ids.map((r) => r.entity_id)).toEqual(['retention-d', 'retention-e']);
  });

  it('sends an unfinished snapshot back to the start once the log it needs is pruned', async () => {
    hub.now = daysAfter(70);
    const { headers } = await signInStaff(hub, ctx.sql, 'operator');
    const first = await hub.request<SnapshotPage>('GET', '/api/v1/sync/snapshot?limit=1', { headers });
    expect(first.body.next).toBeTruthy();
    await changeAt(daysAfter(71), 'retention-f');
    await changeAt(daysAfter(90), 'retention-g');
    await runMaintenance(ctx.sql, daysAfter(100), { changeLogRetentionDays: 20 });
    const rest = await hub.request('GET', `/api/v1/sync/snapshot?limit=1&cursor=${first.body.next}`, {
      headers,
    });
    expect(rest.status).toBe(410);
    expect(rest.body.error?.code).toBe('RESNAPSHOT');
  });
});
