/**
 * GET /api/v1/public/municipalities on both hub backends: whose residents the active venues take,
 * named when the hub knows the name, the demo city marked demo (the resident page's heading and
 * デモ label come from it).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoMunicipality } from '../../domain/demo-city/municipality.ts';
import type { MunicipalityView } from '../../domain/hub-api/public-api.ts';
import {
  ensureMunicipalities,
  upsertMunicipalities,
  upsertVenues,
} from '../../server/catalog/catalog-writes.ts';
import { runHubTransaction } from '../../server/store/hub-transaction.ts';
import { type RunningHub, startHub } from './hub-http-support.ts';
import { createFixture, describeHubBackends, fixtureMunicipality, fixtureNow } from './hub-support.ts';

describeHubBackends('the municipalities a hub serves', (ctx) => {
  let hub: RunningHub;

  beforeAll(async () => {
    await createFixture(ctx.sql);
    hub = await startHub(ctx.sql);
  });
  afterAll(async () => {
    await hub?.close();
  });

  const venue = (id: string, municipalityCode: string, active = true) => ({
    id,
    municipalityCode,
    name: `会場 ${id}`,
    nameKana: 'カイジョウ',
    kind: 'clinic' as const,
    area: '',
    address: '住所',
    phone: '',
    active,
    updatedAt: fixtureNow.toISOString(),
  });
  const listed = async () => {
    const answer = await hub.request<{ municipalities: MunicipalityView[] }>(
      'GET',
      '/api/v1/public/municipalities',
    );
    expect(answer.status).toBe(200);
    return answer.body.municipalities;
  };

  it('lists only municipalities an active venue takes, named when the name is known, the demo city as demo', async () => {
    expect(await listed()).toEqual([{ code: fixtureMunicipality.code, name: 'テスト区', demo: false }]);
    await runHubTransaction(ctx.sql, fixtureNow, async (tx) => {
      // Known by its code only (as a coupon import registers it), with a venue.
      await ensureMunicipalities(tx, ['141101']);
      // The demo city with a venue; a third municipality whose only venue is closed.
      await upsertMunicipalities(tx, [
        { code: demoMunicipality.code, name: demoMunicipality.name },
        { code: '192015', name: '甲府市' },
      ]);
      await upsertVenues(tx, [
        venue('v-tsurumi', '141101'),
        venue('v-demo', demoMunicipality.code),
        venue('v-kofu', '192015', false),
      ]);
    });
    expect(await listed()).toEqual([
      { code: demoMunicipality.code, name: '青葉台市', demo: true },
      { code: fixtureMunicipality.code, name: 'テスト区', demo: false },
      { code: '141101', name: null, demo: false },
    ]);
  });
});
