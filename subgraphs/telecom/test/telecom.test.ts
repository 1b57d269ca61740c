import type { Viewer } from '@cq/kit/identity';
import { dataOf, execute, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createTelecomSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let telecom: TestSubgraph<Context>;
beforeAll(async () => {
  telecom = await startTestSubgraph('telecom', createTelecomSubgraph);
});
afterAll(async () => telecom?.stop());

/** The park's operator reads every circuit (carriers and tariffs are public: no viewer needed). */
const PARK: Viewer = { id: 'park-operator-desk', role: 'park-operator' };

describe('telecom subgraph', () => {
  it('holds the three carriers serving Chongqing', async () => {
    const data = dataOf(await execute(telecom, graphql(`query Carriers { carriers { officialName } }`)));
    expect(data.carriers.map((c) => c.officialName)).toEqual([
      '中国移动通信集团重庆有限公司',
      '中国电信股份有限公司重庆分公司',
      '中国联合网络通信有限公司重庆市分公司',
    ]);
  });

  it('filters preferential tariffs', async () => {
    const data = dataOf(
      await execute(
        telecom,
        graphql(
          `query PreferentialTariffs { preferential: tariffs(preferential: true) { preferentialMonthlyPriceCny } standard: tariffs(preferential: false) { preferentialMonthlyPriceCny } }`,
        ),
      ),
    );
    expect(data.preferential.length).toBeGreaterThan(0);
    expect(data.preferential.every((t) => t.preferentialMonthlyPriceCny !== null)).toBe(true);
    expect(data.standard.every((t) => t.preferentialMonthlyPriceCny === null)).toBe(true);
  });

  it('resolves Carrier, Tariff, Circuit, Unit and DataCenter references (_entities)', async () => {
    const data = dataOf(
      await execute(
        telecom,
        graphql(`query Entities($reps: [_Any!]!) { _entities(representations: $reps) {
         ... on Carrier { name } ... on Tariff { carrier { id } } ... on Circuit { unit { id } dataCenter { id } status }
         ... on Unit { circuits { tariff { id } } telecomMonthlyCostCny } ... on DataCenter { carriers { id } } } }`),
        {
          reps: [
            { __typename: 'Carrier', id: 'china-unicom-chongqing' },
            { __typename: 'Tariff', id: 'mobile-line-500' },
            { __typename: 'Circuit', id: 'circuit-yuzhong-district-telecom-line-100' },
            // The gateway sends the unit's kind and whether it migrates, as telecomMonthlyCostCny @requires them.
            { __typename: 'Unit', id: 'banan-district', kind: 'DISTRICT', isMigrating: true },
            { __typename: 'DataCenter', id: 'sample-jialing-data-center' },
          ],
        },
        PARK,
      ),
    );
    expect(data._entities).toEqual([
      { name: 'China Unicom Chongqing' },
      { carrier: { id: 'china-mobile-chongqing' } },
      { unit: { id: 'yuzhong-district' }, dataCenter: { id: 'government-cloud-platform' }, status: 'ACTIVE' },
      // The ACTIVE line at its preferential price; the PROVISIONING one is not billed yet.
      { circuits: [{ tariff: { id: 'telecom-line-100' } }, { tariff: { id: 'unicom-line-100' } }], telecomMonthlyCostCny: '4080.00' },
      { carriers: [{ id: 'china-telecom-chongqing' }, { id: 'china-unicom-chongqing' }] },
    ]);
  });
});
