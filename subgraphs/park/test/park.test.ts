import type { Viewer } from '@cq/kit/identity';
import { at, dataOf, execute, OFFICE, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createParkSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

/** The park subgraph with no units subgraph to ask, as in-process tests run it. */
let park: TestSubgraph<Context>;
beforeAll(async () => {
  park = await startTestSubgraph('park', createParkSubgraph);
});
afterAll(async () => park?.stop());

/** The joint-conference office sees every placement (data centres and park services are public: no viewer needed). */

describe('park subgraph', () => {
  it('holds the transitional government data centre and the Government Cloud Platform', async () => {
    const data = dataOf(
      await execute(
        park,
        graphql(
          `query TransitionalDataCenter { dataCenters(kind: TRANSITIONAL_GOVERNMENT_DATA_CENTER) { officialName isSample racksTotal racksUsed rackUtilisation } }`,
        ),
      ),
    );
    const dc = at(data.dataCenters, 0);
    expect(dc.officialName).toBe('过渡性政务数据中心');
    expect(dc.isSample).toBe(false);
    // 60 racks of other tenants plus the pilots' placements.
    expect(dc.racksUsed).toBeGreaterThan(60);
    expect(dc.rackUtilisation).toBeCloseTo(dc.racksUsed / dc.racksTotal);
    const platform = dataOf(await execute(park, graphql(`query Platform { dataCenter(id: "government-cloud-platform") { kind } }`)));
    expect(platform.dataCenter?.kind).toBe('GOVERNMENT_CLOUD_PLATFORM');
  });

  it("answers each data centre's opening day: the Government Cloud Platform's a sample date, null for those open already (§4)", async () => {
    const data = dataOf(await execute(park, graphql(`query DataCenterOpening { dataCenters { id kind opensOn } }`)));
    expect(data.dataCenters.map(({ id, opensOn }) => [id, opensOn])).toEqual([
      ['government-cloud-platform', '2016-01-01'],
      ['sample-jialing-data-center', null],
      ['sample-yangtze-data-center', null],
      ['transitional-government-data-center', null],
    ]);
    const platform = dataOf(
      await execute(park, graphql(`query PlatformOpening { dataCenters(kind: GOVERNMENT_CLOUD_PLATFORM) { id opensOn } }`)),
    );
    expect(platform.dataCenters).toEqual([{ id: 'government-cloud-platform', opensOn: '2016-01-01' }]);
  });

  it('resolves DataCenter, Placement, Vendor and InformationSystem references (_entities)', async () => {
    const data = dataOf(
      await execute(
        park,
        graphql(`query Entities($reps: [_Any!]!) { _entities(representations: $reps) {
         ... on DataCenter { name } ... on Placement { system { id } racks }
         ... on Vendor { dataCenters { id } } ... on InformationSystem { dataCenter { id } placement { monthlyFeeCny } destinationCompliant }
         ... on Unit { parkMonthlyCostCny placements { id } } } }`),
        {
          reps: [
            { __typename: 'DataCenter', id: 'sample-jialing-data-center' },
            { __typename: 'Placement', id: 'placement-tourism-bureau-system-1' },
            { __typename: 'Vendor', id: 'chongqing-cloud-investment' },
            // The gateway sends the unit's flag along, as destinationCompliant @requires it.
            { __typename: 'InformationSystem', id: 'tourism-bureau-system-1', unit: { hasAdministrativeApproval: false } },
            // Kai County's first system is still moving: not placed yet.
            { __typename: 'InformationSystem', id: 'kai-county-system-1', unit: { hasAdministrativeApproval: false } },
            { __typename: 'InformationSystem', id: 'sample-yuzhong-approval-centre-system-1', unit: { hasAdministrativeApproval: true } },
            // Placed in a park data centre, the bank's system would break §4 were its unit's flag to say it has
            // administrative-approval functions (the seed holds no such placement).
            { __typename: 'InformationSystem', id: 'rural-commercial-bank-system-1', unit: { hasAdministrativeApproval: true } },
            {
              __typename: 'Unit',
              id: 'tourism-bureau',
              systems: [{ id: 'tourism-bureau-system-1' }, { id: 'tourism-bureau-system-4' }, { id: 'tourism-bureau-system-2' }],
            },
          ],
        },
        OFFICE,
      ),
    );
    expect(data._entities).toEqual([
      { name: 'Jialing Cloud Data Centre (sample)' },
      { system: { id: 'tourism-bureau-system-1' }, racks: 2 },
      { dataCenters: [{ id: 'government-cloud-platform' }, { id: 'transitional-government-data-center' }] },
      // Two racks at 4,500.00 a rack in the transitional centre; one at 4,000.00 in the platform; two at 4,200.00 at Jialing.
      { dataCenter: { id: 'transitional-government-data-center' }, placement: { monthlyFeeCny: '9000.00' }, destinationCompliant: true },
      { dataCenter: null, placement: null, destinationCompliant: null },
      { dataCenter: { id: 'government-cloud-platform' }, placement: { monthlyFeeCny: '4000.00' }, destinationCompliant: true },
      { dataCenter: { id: 'sample-jialing-data-center' }, placement: { monthlyFeeCny: '8400.00' }, destinationCompliant: false },
      {
        parkMonthlyCostCny: '13500.00',
        placements: [{ id: 'placement-tourism-bureau-system-1' }, { id: 'placement-tourism-bureau-system-2' }],
      },
    ]);
  });

  it('refuses, never answering unchecked, what needs the units subgraph when it cannot be asked', async () => {
    // A coordinating unit's subtree comes from units: without it, its placements are refused.
    const coordinator: Viewer = { id: 'nanan-coordinator', role: 'coordinator', unitId: 'nanan-district' };
    const read = await execute(
      park,
      graphql(`query ParkUnansweredCoordinator { dataCenter(id: "transitional-government-data-center") { id placements { id } } }`),
      {},
      coordinator,
    );
    expect(read.data?.dataCenter).toEqual({ id: 'transitional-government-data-center', placements: null });
    expect(read.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['dataCenter.placements', 'SUBGRAPH_UNAVAILABLE']]);
    // Whose system is placed comes from units: without it, nothing is placed.
    const place = await execute(
      park,
      graphql(`mutation ParkUnansweredPlacement($input: PlaceSystemInput!) { placeSystem(input: $input) { id } }`),
      {
        input: {
          systemId: 'kai-county-system-1',
          dataCenterId: 'government-cloud-platform',
          racks: 1,
          powerKw: '1.0',
          monthlyFeeCny: '1.00',
          since: '2016-05-01',
        },
      },
      { id: 'park-operator', role: 'park-operator' },
    );
    expect(place.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    const after = dataOf(
      await execute(
        park,
        graphql(
          `query ParkUnansweredPlacementAfter($reps: [_Any!]!) { _entities(representations: $reps) { ... on InformationSystem { placement { id } } } }`,
        ),
        { reps: [{ __typename: 'InformationSystem', id: 'kai-county-system-1' }] },
        OFFICE,
      ),
    );
    expect(after._entities).toEqual([{ placement: null }]);
  });
});
