/**
 * The park operator's rules (src/domain/rules.ts), one test per rule, through the park subgraph's own
 * mutations in-process, signed for the park's operator: each refusal names its code and says why, and
 * changes nothing. The real units subgraph, served over HTTP on its own seed, says whose systems are
 * placed: the systems placed here are its seed's (`<unit>-system-<n>`), ones the park's seed has not
 * placed, each test its own.
 */
import { ANONYMOUS, type Viewer } from '@cq/kit/identity';
import {
  type AskingTestSubgraph,
  at,
  dataOf,
  errorOf,
  execute,
  PARK_OPERATOR,
  present,
  type Served,
  serveTestSubgraph,
  startTestSubgraph,
  startTestSubgraphAsking,
  type TestSubgraph,
} from '@cq/kit/testing';
import { createUnitsSubgraph } from '@cq/units';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createParkSubgraph } from '../src/server.ts';
import {
  type AddParkServiceInput,
  type CreateDataCenterInput,
  graphql,
  type PlaceSystemInput,
  type UpdateDataCenterInput,
} from './generated/graphql.ts';

let park: AskingTestSubgraph<Context, 'units'>;
/** The real units subgraph, on its own seeded database and served over HTTP, answers what park asks. */
let units: Served;
beforeAll(async () => {
  park = await startTestSubgraphAsking('park', createParkSubgraph, { units: createUnitsSubgraph });
  units = park.peers.units;
});
afterAll(() => park?.stop());

const operator = PARK_OPERATOR;

/** A refused change: its code, its message, and the first error's extensions (e.g. `field`). */
function refused(result: { errors?: readonly GraphQLFormattedError[] }, code: string, message: RegExp) {
  const error = errorOf(result);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return at(result.errors, 0).extensions ?? {};
}

/** Everything the park's commands can change, read back whole to show that a refusal changed nothing. */
const state = async (subgraph: TestSubgraph<Context> = park) =>
  dataOf(
    await execute(
      subgraph,
      graphql(`query CommandParkState {
        dataCenters { id kind status racksTotal racksUsed racksFree powerCapacityKw powerUsedKw powerFreeKw
          placements { id system { id } racks powerKw monthlyFeeCny since } }
        parkServices { id kind name provider unitOfSale monthlyPriceCny } }`),
      {},
      operator,
    ),
  );

const dataCenter = async (id: string) =>
  dataOf(
    await execute(
      park,
      graphql(`query CommandDataCenter($id: ID!) { dataCenter(id: $id) {
        id kind status racksTotal racksUsed racksFree powerCapacityKw powerUsedKw powerFreeKw placements { system { id } racks powerKw } } }`),
      { id },
      operator,
    ),
  ).dataCenter;

const createDataCenter = (id: string, changes: Partial<CreateDataCenterInput> = {}) =>
  execute(
    park,
    graphql(`mutation CommandCreateDataCenter($input: CreateDataCenterInput!) { createDataCenter(input: $input) {
      id name officialName kind status tier pue racksTotal racksUsed racksFree powerCapacityKw powerUsedKw powerFreeKw isSample
      placements { id } } }`),
    {
      input: {
        id,
        name: `Command test data centre ${id}`,
        officialName: '命令测试数据中心',
        kind: 'PARK_DATA_CENTER',
        tier: 3,
        pue: '1.40',
        racksTotal: 10,
        racksInOtherUse: 4,
        powerCapacityKw: '100.0',
        powerInOtherUseKw: '40.0',
        ...changes,
      },
    },
    operator,
  );

/** A data centre of 10 racks and 100.0 kW, 4 racks and 40.0 kW in other use: 6 racks and 60.0 kW free. */
const newDataCenter = async (id: string, changes: Partial<CreateDataCenterInput> = {}) =>
  dataOf(await createDataCenter(id, changes)).createDataCenter;

const updateDataCenter = (input: UpdateDataCenterInput) =>
  execute(
    park,
    graphql(`mutation CommandUpdateDataCenter($input: UpdateDataCenterInput!) { updateDataCenter(input: $input) {
      id status racksTotal racksFree powerCapacityKw powerFreeKw } }`),
    { input },
    operator,
  );

const place = (
  input: Pick<PlaceSystemInput, 'systemId' | 'dataCenterId'> & Partial<PlaceSystemInput>,
  viewer: Viewer = operator,
  subgraph: TestSubgraph<Context> = park,
) =>
  execute(
    subgraph,
    graphql(`mutation CommandPlaceSystem($input: PlaceSystemInput!) { placeSystem(input: $input) {
      id system { id } dataCenter { id } racks powerKw monthlyFeeCny since } }`),
    { input: { racks: 2, powerKw: '12.5', monthlyFeeCny: '8400.00', since: '2016-05-01', ...input } },
    viewer,
  );

const removePlacement = (systemId: string) =>
  execute(
    park,
    graphql(`mutation CommandRemovePlacement($systemId: ID!) { removePlacement(systemId: $systemId) {
      id system { id } dataCenter { id } racks powerKw } }`),
    { systemId },
    operator,
  );

const addParkService = (id: string, changes: Partial<AddParkServiceInput> = {}) =>
  execute(
    park,
    graphql(`mutation CommandAddParkService($input: AddParkServiceInput!) { addParkService(input: $input) {
      id kind name officialName provider unitOfSale monthlyPriceCny isSample } }`),
    {
      input: {
        id,
        kind: 'COMPREHENSIVE_SERVICES',
        name: 'Command test service',
        officialName: '命令测试服务',
        provider: 'Command test provider',
        description: 'A service added by the command tests.',
        unitOfSale: 'rack-month',
        monthlyPriceCny: '250.00',
        ...changes,
      },
    },
    operator,
  );

describe('placeSystem', () => {
  it('CAPACITY_EXCEEDED: a placement never exceeds the racks a data centre has free (capacityOf)', async () => {
    const dc = await newDataCenter('cmd-racks-dc');
    expect(dc.racksFree).toBe(6);
    const before = await state();
    const extensions = refused(
      await place({ systemId: 'beibei-district-system-1', dataCenterId: dc.id, racks: 7, powerKw: '1.0' }),
      'CAPACITY_EXCEEDED',
      /^cmd-racks-dc has 6 racks free; 7 were asked for\.$/,
    );
    expect(extensions.racksFree).toBe(6);
    expect(await state()).toEqual(before);
    expect(present(await dataCenter(dc.id), 'the data centre')).toMatchObject({ racksFree: 6, powerFreeKw: '60.0', placements: [] });
  });

  it('CAPACITY_EXCEEDED: a placement never exceeds the power a data centre has free (capacityOf)', async () => {
    const dc = await newDataCenter('cmd-power-dc');
    expect(dc.powerFreeKw).toBe('60.0');
    const before = await state();
    const extensions = refused(
      await place({ systemId: 'bishan-district-system-1', dataCenterId: dc.id, racks: 1, powerKw: '60.1' }),
      'CAPACITY_EXCEEDED',
      /^cmd-power-dc has 60\.0 kW free; 60\.1 kW were asked for\.$/,
    );
    expect(extensions.powerFreeKw).toBe('60.0');
    expect(await state()).toEqual(before);
    expect(present(await dataCenter(dc.id), 'the data centre')).toMatchObject({ racksFree: 6, powerFreeKw: '60.0', placements: [] });
  });

  it('UNKNOWN_REFERENCE: a placement names a data centre that exists', async () => {
    const before = await state();
    const extensions = refused(
      await place({ systemId: 'changshou-district-system-1', dataCenterId: 'cmd-no-such-dc' }),
      'UNKNOWN_REFERENCE',
      /^There is no data centre cmd-no-such-dc\.$/,
    );
    expect(extensions.field).toBe('dataCenterId');
    expect(await state()).toEqual(before);
    expect(await dataCenter('cmd-no-such-dc')).toBeNull();
  });

  it('DATA_CENTER_NOT_OPERATIONAL: only an operational data centre takes placements (takesPlacements)', async () => {
    const planned = await newDataCenter('cmd-planned-dc', { status: 'PLANNED' });
    expect(planned.status).toBe('PLANNED');
    await newDataCenter('cmd-closed-dc');
    expect(dataOf(await updateDataCenter({ id: 'cmd-closed-dc', status: 'CLOSED' })).updateDataCenter.status).toBe('CLOSED');
    const before = await state();
    refused(
      await place({ systemId: 'dadukou-district-system-1', dataCenterId: 'cmd-planned-dc' }),
      'DATA_CENTER_NOT_OPERATIONAL',
      /^cmd-planned-dc is PLANNED and takes no placements\.$/,
    );
    refused(
      await place({ systemId: 'dadukou-district-system-1', dataCenterId: 'cmd-closed-dc' }),
      'DATA_CENTER_NOT_OPERATIONAL',
      /^cmd-closed-dc is CLOSED and takes no placements\.$/,
    );
    expect(await state()).toEqual(before);
    for (const id of ['cmd-planned-dc', 'cmd-closed-dc']) {
      expect(present(await dataCenter(id), id)).toMatchObject({ racksFree: 6, powerFreeKw: '60.0', placements: [] });
    }
  });

  it('ALREADY_PLACED: a system is placed in one data centre at a time', async () => {
    await newDataCenter('cmd-first-home-dc');
    await newDataCenter('cmd-second-home-dc');
    dataOf(await place({ systemId: 'dazu-district-system-1', dataCenterId: 'cmd-first-home-dc' }));
    const before = await state();
    refused(
      await place({ systemId: 'dazu-district-system-1', dataCenterId: 'cmd-second-home-dc' }),
      'ALREADY_PLACED',
      /^dazu-district-system-1 is already placed in cmd-first-home-dc; remove that placement first\.$/,
    );
    // Not even again in the same data centre.
    refused(await place({ systemId: 'dazu-district-system-1', dataCenterId: 'cmd-first-home-dc' }), 'ALREADY_PLACED', /already placed/);
    expect(await state()).toEqual(before);
    expect(present(await dataCenter('cmd-first-home-dc'), 'the first').placements).toEqual([
      { system: { id: 'dazu-district-system-1' }, racks: 2, powerKw: '12.5' },
    ]);
    expect(present(await dataCenter('cmd-second-home-dc'), 'the second')).toMatchObject({ racksFree: 6, placements: [] });
  });

  it('NEGATIVE_PRICE: prices are never negative (the monthly fee)', async () => {
    await newDataCenter('cmd-fee-dc');
    const before = await state();
    const extensions = refused(
      await place({ systemId: 'fuling-district-system-1', dataCenterId: 'cmd-fee-dc', monthlyFeeCny: '-0.01' }),
      'NEGATIVE_PRICE',
      /^monthlyFeeCny must not be negative; got -0\.01\.$/,
    );
    expect(extensions.field).toBe('monthlyFeeCny');
    expect(await state()).toEqual(before);
    expect(present(await dataCenter('cmd-fee-dc'), 'the data centre')).toMatchObject({ racksFree: 6, placements: [] });
  });

  it('BAD_USER_INPUT: a placement takes more than zero racks', async () => {
    await newDataCenter('cmd-zero-dc');
    const before = await state();
    const extensions = refused(
      await place({ systemId: 'hechuan-district-system-1', dataCenterId: 'cmd-zero-dc', racks: 0 }),
      'BAD_USER_INPUT',
      /^racks must be a whole number more than zero\.$/,
    );
    expect(extensions.field).toBe('racks');
    expect(await state()).toEqual(before);
    expect(present(await dataCenter('cmd-zero-dc'), 'the data centre')).toMatchObject({ racksFree: 6, placements: [] });
  });

  it('UNAUTHENTICATED: a placement needs a signed-in caller', async () => {
    await newDataCenter('cmd-anonymous-dc');
    const before = await state();
    refused(
      await place({ systemId: 'jiangbei-district-system-1', dataCenterId: 'cmd-anonymous-dc' }, ANONYMOUS),
      'UNAUTHENTICATED',
      /^Mutation\.placeSystem needs a signed-in caller: send a bearer token\.$/,
    );
    expect(await state()).toEqual(before);
  });

  it('UNKNOWN_REFERENCE: a placement is of a system the units subgraph knows (SYSTEM_OWNER)', async () => {
    await newDataCenter('cmd-unknown-system-dc');
    const before = await state();
    const asked = units.listening.requests.count;
    const extensions = refused(
      await place({ systemId: 'no-such-system', dataCenterId: 'cmd-unknown-system-dc' }),
      'UNKNOWN_REFERENCE',
      /^There is no information system no-such-system\.$/,
    );
    expect(extensions.field).toBe('systemId');
    // Units was asked whose system it is, once, and knew none.
    expect(units.listening.requests.count - asked).toBe(1);
    expect(await state()).toEqual(before);
  });

  it('places nothing unchecked when the units subgraph cannot say whose system it is', async () => {
    // A park whose units subgraph has stopped: asking it finds no connection, and nothing is placed.
    const gone = await serveTestSubgraph('units', createUnitsSubgraph);
    await gone.stop();
    const stranded = await startTestSubgraph('park', (options) => createParkSubgraph({ ...options, peers: { units: gone.listening.url } }));
    try {
      const before = await state(stranded);
      refused(
        await place({ systemId: 'jiangjin-district-system-1', dataCenterId: 'sample-jialing-data-center' }, operator, stranded),
        'SUBGRAPH_UNAVAILABLE',
        /^The units subgraph could not be asked \(no connection\)/,
      );
      expect(await state(stranded)).toEqual(before);
    } finally {
      await stranded.stop();
    }
  });

  it('takes exactly the racks and power asked for, up to the last free rack and kilowatt', async () => {
    await newDataCenter('cmd-full-dc');
    const placed = dataOf(
      await place({ systemId: 'jiulongpo-district-system-1', dataCenterId: 'cmd-full-dc', racks: 4, powerKw: '35.5' }),
    ).placeSystem;
    expect(placed).toEqual({
      id: 'placement-jiulongpo-district-system-1',
      system: { id: 'jiulongpo-district-system-1' },
      dataCenter: { id: 'cmd-full-dc' },
      racks: 4,
      powerKw: '35.5',
      monthlyFeeCny: '8400.00',
      since: '2016-05-01',
    });
    expect(present(await dataCenter('cmd-full-dc'), 'the data centre')).toMatchObject({
      racksUsed: 8,
      racksFree: 2,
      powerUsedKw: '75.5',
      powerFreeKw: '24.5',
    });
    // What is left can be taken to the last rack and kilowatt, and then nothing more.
    dataOf(await place({ systemId: 'jiulongpo-district-system-2', dataCenterId: 'cmd-full-dc', racks: 2, powerKw: '24.5' }));
    expect(present(await dataCenter('cmd-full-dc'), 'the data centre')).toMatchObject({ racksFree: 0, powerFreeKw: '0.0' });
    refused(
      await place({ systemId: 'nanchuan-district-system-1', dataCenterId: 'cmd-full-dc', racks: 1, powerKw: '0.1' }),
      'CAPACITY_EXCEEDED',
      /^cmd-full-dc has 0 racks free; 1 were asked for\.$/,
    );
  });
});

describe('removePlacement', () => {
  it('frees the racks and power of the placement it removes', async () => {
    await newDataCenter('cmd-remove-dc');
    const before = await state();
    dataOf(await place({ systemId: 'qijiang-district-system-1', dataCenterId: 'cmd-remove-dc', racks: 3, powerKw: '20.0' }));
    expect(present(await dataCenter('cmd-remove-dc'), 'the data centre')).toMatchObject({ racksFree: 3, powerFreeKw: '40.0' });
    expect(dataOf(await removePlacement('qijiang-district-system-1')).removePlacement).toEqual({
      id: 'placement-qijiang-district-system-1',
      system: { id: 'qijiang-district-system-1' },
      dataCenter: { id: 'cmd-remove-dc' },
      racks: 3,
      powerKw: '20.0',
    });
    expect(await state()).toEqual(before);
    // Removed, the system can be placed again.
    expect(dataOf(await place({ systemId: 'qijiang-district-system-1', dataCenterId: 'cmd-remove-dc' })).placeSystem.racks).toBe(2);
  });

  it('NOT_FOUND: a system with no placement has none to remove', async () => {
    const before = await state();
    const extensions = refused(
      await removePlacement('rongchang-district-system-1'),
      'NOT_FOUND',
      /^Placement of system rongchang-district-system-1 does not exist\.$/,
    );
    expect(extensions.id).toBe('rongchang-district-system-1');
    expect(await state()).toEqual(before);
  });
});

describe('updateDataCenter', () => {
  it('NOT_FOUND: the data centre to change exists', async () => {
    const before = await state();
    const extensions = refused(
      await updateDataCenter({ id: 'cmd-missing-dc', racksTotal: 50 }),
      'NOT_FOUND',
      /^Data centre cmd-missing-dc does not exist\.$/,
    );
    expect(extensions.id).toBe('cmd-missing-dc');
    expect(await state()).toEqual(before);
    expect(await dataCenter('cmd-missing-dc')).toBeNull();
  });

  it('CAPACITY_EXCEEDED: a data centre never shrinks below what is in use (capacityOf)', async () => {
    await newDataCenter('cmd-shrink-dc');
    // 4 racks and 40.0 kW of other tenants, and 3 racks and 30.0 kW placed: 7 racks and 70.0 kW in use.
    dataOf(await place({ systemId: 'shapingba-district-system-1', dataCenterId: 'cmd-shrink-dc', racks: 3, powerKw: '30.0' }));
    const before = await state();
    refused(
      await updateDataCenter({ id: 'cmd-shrink-dc', racksTotal: 6 }),
      'CAPACITY_EXCEEDED',
      /^cmd-shrink-dc has 7 racks in use; it cannot shrink to 6\.$/,
    );
    refused(
      await updateDataCenter({ id: 'cmd-shrink-dc', powerCapacityKw: '69.9' }),
      'CAPACITY_EXCEEDED',
      /^cmd-shrink-dc draws 70\.0 kW; its capacity cannot fall to 69\.9 kW\.$/,
    );
    // A change refused for power keeps its status and racks unchanged too.
    refused(
      await updateDataCenter({ id: 'cmd-shrink-dc', status: 'CLOSED', racksTotal: 8, powerCapacityKw: '50.0' }),
      'CAPACITY_EXCEEDED',
      /draws 70\.0 kW/,
    );
    expect(await state()).toEqual(before);
    expect(present(await dataCenter('cmd-shrink-dc'), 'the data centre')).toMatchObject({
      status: 'OPERATIONAL',
      racksTotal: 10,
      racksFree: 3,
      powerCapacityKw: '100.0',
      powerFreeKw: '30.0',
    });
    // Down to exactly what is in use is allowed.
    expect(dataOf(await updateDataCenter({ id: 'cmd-shrink-dc', racksTotal: 7, powerCapacityKw: '70.0' })).updateDataCenter).toEqual({
      id: 'cmd-shrink-dc',
      status: 'OPERATIONAL',
      racksTotal: 7,
      racksFree: 0,
      powerCapacityKw: '70.0',
      powerFreeKw: '0.0',
    });
  });
});

describe('createDataCenter', () => {
  it('ONE_OF_EACH_KIND: the park holds one transitional government data centre and one Government Cloud Platform (GOVERNMENT_KINDS)', async () => {
    const before = await state();
    refused(
      await createDataCenter('cmd-second-transitional-dc', { kind: 'TRANSITIONAL_GOVERNMENT_DATA_CENTER' }),
      'ONE_OF_EACH_KIND',
      /^§4 names one transitional government data centre and one Government Cloud Platform.*not a TRANSITIONAL_GOVERNMENT_DATA_CENTER\.$/,
    );
    refused(
      await createDataCenter('cmd-second-cloud-platform', { kind: 'GOVERNMENT_CLOUD_PLATFORM' }),
      'ONE_OF_EACH_KIND',
      /a new data centre is a PARK_DATA_CENTER, not a GOVERNMENT_CLOUD_PLATFORM\.$/,
    );
    expect(await state()).toEqual(before);
    expect(await dataCenter('cmd-second-transitional-dc')).toBeNull();
    expect(await dataCenter('cmd-second-cloud-platform')).toBeNull();
    expect(before.dataCenters.filter((dc) => dc.kind !== 'PARK_DATA_CENTER').map((dc) => dc.id)).toEqual([
      'government-cloud-platform',
      'transitional-government-data-center',
    ]);
  });

  it('CAPACITY_EXCEEDED: what other tenants use cannot exceed the capacity', async () => {
    const before = await state();
    refused(
      await createDataCenter('cmd-crowded-racks-dc', { racksTotal: 10, racksInOtherUse: 11 }),
      'CAPACITY_EXCEEDED',
      /^What other tenants use cannot exceed the capacity\.$/,
    );
    refused(
      await createDataCenter('cmd-crowded-power-dc', { powerCapacityKw: '100.0', powerInOtherUseKw: '100.1' }),
      'CAPACITY_EXCEEDED',
      /^What other tenants use cannot exceed the capacity\.$/,
    );
    expect(await state()).toEqual(before);
    expect(await dataCenter('cmd-crowded-racks-dc')).toBeNull();
    expect(await dataCenter('cmd-crowded-power-dc')).toBeNull();
  });

  it('BAD_USER_INPUT: a tier is 1 to 4 and a PUE is at least 1.0', async () => {
    const before = await state();
    const tier = refused(await createDataCenter('cmd-tier-five-dc', { tier: 5 }), 'BAD_USER_INPUT', /^tier must be 1, 2, 3 or 4\.$/);
    expect(tier.field).toBe('tier');
    const pue = refused(await createDataCenter('cmd-low-pue-dc', { pue: '0.99' }), 'BAD_USER_INPUT', /^pue cannot be below 1\.0\.$/);
    expect(pue.field).toBe('pue');
    expect(await state()).toEqual(before);
    expect(await dataCenter('cmd-tier-five-dc')).toBeNull();
    expect(await dataCenter('cmd-low-pue-dc')).toBeNull();
  });

  it('ALREADY_EXISTS: an id is taken once (the database unique constraint)', async () => {
    await newDataCenter('cmd-taken-dc');
    const before = await state();
    refused(
      await createDataCenter('cmd-taken-dc', { name: 'Another', racksTotal: 99 }),
      'ALREADY_EXISTS',
      /^That record already exists: \(id\)=\(cmd-taken-dc\)\.$/,
    );
    refused(
      await createDataCenter('sample-jialing-data-center', { racksTotal: 1, racksInOtherUse: 0 }),
      'ALREADY_EXISTS',
      /\(id\)=\(sample-jialing-data-center\)/,
    );
    expect(await state()).toEqual(before);
    expect(present(await dataCenter('cmd-taken-dc'), 'the first one').racksTotal).toBe(10);
    expect(present(await dataCenter('sample-jialing-data-center'), 'the seeded one').racksTotal).toBe(600);
  });

  it('registers an operational park data centre with what other tenants use already taken', async () => {
    const created = await newDataCenter('cmd-new-dc', {
      racksTotal: 40,
      racksInOtherUse: 15,
      powerCapacityKw: '320.0',
      powerInOtherUseKw: '120.5',
    });
    expect(created).toEqual({
      id: 'cmd-new-dc',
      name: 'Command test data centre cmd-new-dc',
      officialName: '命令测试数据中心',
      kind: 'PARK_DATA_CENTER',
      status: 'OPERATIONAL',
      tier: 3,
      pue: '1.40',
      racksTotal: 40,
      racksUsed: 15,
      racksFree: 25,
      powerCapacityKw: '320.0',
      powerUsedKw: '120.5',
      powerFreeKw: '199.5',
      isSample: false,
      placements: [],
    });
    expect(await dataCenter('cmd-new-dc')).toMatchObject({ id: 'cmd-new-dc', racksFree: 25, powerFreeKw: '199.5' });
  });
});

describe('addParkService', () => {
  it('NEGATIVE_PRICE: prices are never negative (a service’s monthly price)', async () => {
    const before = await state();
    const extensions = refused(
      await addParkService('cmd-negative-service', { monthlyPriceCny: '-5.00' }),
      'NEGATIVE_PRICE',
      /^monthlyPriceCny must not be negative; got -5\.00\.$/,
    );
    expect(extensions.field).toBe('monthlyPriceCny');
    expect(await state()).toEqual(before);
  });

  it('ALREADY_EXISTS: a service id is taken once (the database unique constraint)', async () => {
    const added = dataOf(await addParkService('cmd-service')).addParkService;
    expect(added).toEqual({
      id: 'cmd-service',
      kind: 'COMPREHENSIVE_SERVICES',
      name: 'Command test service',
      officialName: '命令测试服务',
      provider: 'Command test provider',
      unitOfSale: 'rack-month',
      monthlyPriceCny: '250.00',
      isSample: false,
    });
    const before = await state();
    refused(
      await addParkService('cmd-service', { monthlyPriceCny: '1.00' }),
      'ALREADY_EXISTS',
      /^That record already exists: \(id\)=\(cmd-service\)\.$/,
    );
    refused(await addParkService('park-dual-power', { monthlyPriceCny: '1.00' }), 'ALREADY_EXISTS', /\(id\)=\(park-dual-power\)/);
    expect(await state()).toEqual(before);
    expect(before.parkServices.find((s) => s.id === 'park-dual-power')?.monthlyPriceCny).toBe('620.00');
  });
});

describe('destinationCompliant (§4)', () => {
  it('a unit with administrative-approval functions is placed only in a government data centre (destinationCompliant)', async () => {
    await newDataCenter('cmd-commercial-dc');
    dataOf(await place({ systemId: 'sample-road-permits-centre-system-1', dataCenterId: 'cmd-commercial-dc', racks: 1, powerKw: '5.0' }));
    dataOf(
      await place({
        systemId: 'sample-road-permits-centre-system-2',
        dataCenterId: 'transitional-government-data-center',
        racks: 1,
        powerKw: '5.0',
      }),
    );
    dataOf(
      await place({
        systemId: 'sample-yuzhong-approval-centre-system-2',
        dataCenterId: 'government-cloud-platform',
        racks: 1,
        powerKw: '5.0',
      }),
    );
    const compliance = async (reps: { id: string; hasAdministrativeApproval: boolean }[]) =>
      dataOf(
        await execute(
          park,
          graphql(`query CommandCompliance($reps: [_Any!]!) { _entities(representations: $reps) {
            ... on InformationSystem { id dataCenter { kind } destinationCompliant } } }`),
          {
            reps: reps.map(({ id, hasAdministrativeApproval }) => ({
              __typename: 'InformationSystem',
              id,
              unit: { hasAdministrativeApproval },
            })),
          },
          operator,
        ),
      )._entities;
    expect(
      await compliance([
        { id: 'sample-road-permits-centre-system-1', hasAdministrativeApproval: true },
        { id: 'sample-road-permits-centre-system-2', hasAdministrativeApproval: true },
        { id: 'sample-yuzhong-approval-centre-system-2', hasAdministrativeApproval: true },
        // Any other unit may choose a park data centre (the unit's flag comes with the reference, as units
        // says it); an unplaced system has no destination to judge.
        { id: 'sample-road-permits-centre-system-1', hasAdministrativeApproval: false },
        { id: 'tongliang-district-system-1', hasAdministrativeApproval: true },
      ]),
    ).toEqual([
      { id: 'sample-road-permits-centre-system-1', dataCenter: { kind: 'PARK_DATA_CENTER' }, destinationCompliant: false },
      {
        id: 'sample-road-permits-centre-system-2',
        dataCenter: { kind: 'TRANSITIONAL_GOVERNMENT_DATA_CENTER' },
        destinationCompliant: true,
      },
      { id: 'sample-yuzhong-approval-centre-system-2', dataCenter: { kind: 'GOVERNMENT_CLOUD_PLATFORM' }, destinationCompliant: true },
      { id: 'sample-road-permits-centre-system-1', dataCenter: { kind: 'PARK_DATA_CENTER' }, destinationCompliant: true },
      { id: 'tongliang-district-system-1', dataCenter: null, destinationCompliant: null },
    ]);
    // Moved into a government data centre, the same system keeps §4.
    dataOf(await removePlacement('sample-road-permits-centre-system-1'));
    dataOf(
      await place({ systemId: 'sample-road-permits-centre-system-1', dataCenterId: 'government-cloud-platform', racks: 1, powerKw: '5.0' }),
    );
    expect(await compliance([{ id: 'sample-road-permits-centre-system-1', hasAdministrativeApproval: true }])).toEqual([
      { id: 'sample-road-permits-centre-system-1', dataCenter: { kind: 'GOVERNMENT_CLOUD_PLATFORM' }, destinationCompliant: true },
    ]);
  });
});
