/**
 * The park subgraph's events (src/domain/events.ts): every mutation, run once by the park's operator, adds
 * exactly one event to its outbox, the next seq of the log, of its kind and naming the unit and system it
 * concerns (a placement's unit as the real units subgraph says) and the data centre's operator as its
 * provider; a refused change adds none, except a placement refused by §4's destinations, which adds
 * exactly one RULE_REFUSED.
 */
import { type AskingTestSubgraph, execute, PARK_OPERATOR, startTestSubgraphAsking } from '@cq/kit/testing';
import { watchOutbox } from '@cq/kit/testing-outbox';
import { createUnitsSubgraph } from '@cq/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { events } from '../src/domain/events.ts';
import { createParkSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let park: AskingTestSubgraph<Context, 'units'>;
beforeAll(async () => {
  park = await startTestSubgraphAsking('park', createParkSubgraph, { units: createUnitsSubgraph });
});
afterAll(async () => park?.stop());

const { ran, told, refused } = watchOutbox(() => park);

const CREATE_DC = graphql(`mutation EventsCreateDataCenter($input: CreateDataCenterInput!) { createDataCenter(input: $input) { id } }`);
const UPDATE_DC = graphql(`mutation EventsUpdateDataCenter($input: UpdateDataCenterInput!) { updateDataCenter(input: $input) { id } }`);
const ADD_SERVICE = graphql(`mutation EventsAddParkService($input: AddParkServiceInput!) { addParkService(input: $input) { id } }`);
const PLACE = graphql(`mutation EventsPlaceSystem($input: PlaceSystemInput!) { placeSystem(input: $input) { id } }`);
const REMOVE = graphql(`mutation EventsRemovePlacement($systemId: ID!) { removePlacement(systemId: $systemId) { id } }`);

const CLOUD_PLATFORM = 'government-cloud-platform';
/** The platform's operator in the park seed: a provider reads the placements in the data centres it runs. */
const PLATFORM_OPERATOR = 'chongqing-cloud-investment';
const place = (systemId: string, dataCenterId: string) => () =>
  execute(
    park,
    PLACE,
    { input: { systemId, dataCenterId, racks: 1, powerKw: '2.0', monthlyFeeCny: '4200.00', since: '2016-05-01' } },
    PARK_OPERATOR,
  );

describe('every mutation of the park subgraph records its event, and only an allowed change or a §4 refusal does', () => {
  it('tells everyone of a data centre added and changed, and of a park service added', async () => {
    const input = {
      id: 'evt-dc',
      name: 'Events data centre',
      officialName: '事件数据中心',
      kind: 'PARK_DATA_CENTER' as const,
      operatorVendorId: 'sample-jialing-cloud',
      tier: 3,
      pue: '1.4',
      racksTotal: 10,
      racksInOtherUse: 0,
      powerCapacityKw: '100.0',
      powerInOtherUseKw: '0.0',
    };
    const added = await told('createDataCenter', () => execute(park, CREATE_DC, { input }, PARK_OPERATOR), {
      kind: 'DATA_CENTER_CHANGED',
      subjectId: 'evt-dc',
      vendorId: 'sample-jialing-cloud',
    });
    expect(added.roles).toContain('carrier');
    const changed = await told(
      'updateDataCenter',
      () => execute(park, UPDATE_DC, { input: { id: 'evt-dc', racksTotal: 12 } }, PARK_OPERATOR),
      {
        kind: 'DATA_CENTER_CHANGED',
        subjectId: 'evt-dc',
        vendorId: 'sample-jialing-cloud',
      },
    );
    expect(changed.data).toMatchObject({ racksTotal: 12 });
    await told(
      'addParkService',
      () =>
        execute(
          park,
          ADD_SERVICE,
          {
            input: {
              id: 'evt-power',
              kind: 'POWER_SUPPLY',
              name: 'Backup power',
              officialName: '备用电力',
              provider: 'State Grid Chongqing',
              description: 'A second feed.',
              unitOfSale: 'kW-month',
              monthlyPriceCny: '80.00',
            },
          },
          PARK_OPERATOR,
        ),
      { kind: 'PARK_SERVICE_ADDED', subjectId: 'evt-power' },
    );
  });

  it("tells of a system placed and its placement removed, to its unit and the data centre's operator", async () => {
    const expected = { unitId: 'wanzhou-district', systemId: 'wanzhou-district-system-1', vendorId: PLATFORM_OPERATOR };
    const placed = await told('placeSystem', place('wanzhou-district-system-1', CLOUD_PLATFORM), { kind: 'SYSTEM_PLACED', ...expected });
    expect(placed.data).toMatchObject({ dataCenterId: CLOUD_PLATFORM, since: '2016-05-01' });
    await told('removePlacement', () => execute(park, REMOVE, { systemId: 'wanzhou-district-system-1' }, PARK_OPERATOR), {
      kind: 'PLACEMENT_REMOVED',
      ...expected,
    });
  });

  it('adds no event for a placement refused otherwise, and exactly one RULE_REFUSED for one §4 refuses', async () => {
    expect(await refused(place('wanzhou-district-system-1', 'evt-no-such-dc'), 'UNKNOWN_REFERENCE')).toEqual([]);
    const [refusal, ...more] = await refused(
      place('sample-road-permits-centre-system-2', 'sample-yangtze-data-center'),
      'DESTINATION_NOT_ALLOWED',
    );
    expect(more).toEqual([]);
    expect(refusal).toMatchObject({
      kind: 'RULE_REFUSED',
      unitId: 'sample-road-permits-centre',
      systemId: 'sample-road-permits-centre-system-2',
      data: { code: 'DESTINATION_NOT_ALLOWED', operation: 'placeSystem' },
    });
  });

  it('ran every mutation the schema has', () => {
    expect([...ran].sort()).toEqual(Object.keys(events.changes).sort());
  });
});
