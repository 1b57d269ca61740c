/**
 * The park operator's rules (src/domain/rules.ts), one test per rule, through the park subgraph's own
 * mutations in-process, signed for the park's operator: each refusal names its code and says why, and
 * changes nothing. The real units subgraph, served over HTTP on its own seed, says whose systems are
 * placed, whether they are classified, whether their unit has administrative-approval functions, and
 * where their approved migration plans send them: the systems placed here are its seed's
 * (`<unit>-system-<n>`), ones still moving in the programme's story (`@cq/story`: their plans approved,
 * not yet centralised, so the park's seed has not placed them), each placed in the data centre its
 * approved plan (in the units seed) names. Systems the story centralised are placed by the park's seed.
 */
import { ANONYMOUS, type Viewer } from '@cq/kit/identity';
import {
  type AskingTestSubgraph,
  at,
  dataOf,
  errorOf,
  execute,
  officerOf,
  PARK_OPERATOR,
  present,
  type Served,
  serveTestSubgraph,
  startTestSubgraph,
  startTestSubgraphAsking,
  type TestSubgraph,
} from '@cq/kit/testing';
import { dateOf } from '@cq/kit/time';
import { createUnitsSubgraph } from '@cq/units';
import { type GraphQLFormattedError, parse } from 'graphql';
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

/** The park's seeded data centres, the ones the units seed's approved plans name. */
const TRANSITIONAL = 'transitional-government-data-center';
const CLOUD_PLATFORM = 'government-cloud-platform';
const JIALING = 'sample-jialing-data-center';
const YANGTZE = 'sample-yangtze-data-center';

/** Kilowatts (a decimal string with one place) plus a difference, as the park writes them. */
const kwPlus = (kw: string, delta: number) => (Number(kw) + delta).toFixed(1);

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
        dataCenters { id kind status opensOn racksTotal racksUsed racksFree powerCapacityKw powerUsedKw powerFreeKw
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
      id name officialName kind status opensOn tier pue racksTotal racksUsed racksFree powerCapacityKw powerUsedKw powerFreeKw isSample
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
      id status opensOn racksTotal racksFree powerCapacityKw powerFreeKw } }`),
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
    const { racksFree } = present(await dataCenter(CLOUD_PLATFORM), 'the data centre');
    const before = await state();
    // dadukou-district-system-2's approved plan names the Government Cloud Platform, and it is not placed
    // yet: only its racks are too many.
    const extensions = refused(
      await place({ systemId: 'dadukou-district-system-2', dataCenterId: CLOUD_PLATFORM, racks: racksFree + 1, powerKw: '1.0' }),
      'CAPACITY_EXCEEDED',
      new RegExp(`^${CLOUD_PLATFORM} has ${racksFree} racks free; ${racksFree + 1} were asked for\\.$`),
    );
    expect(extensions.racksFree).toBe(racksFree);
    expect(await state()).toEqual(before);
  });

  it('CAPACITY_EXCEEDED: a placement never exceeds the power a data centre has free (capacityOf)', async () => {
    const { powerFreeKw } = present(await dataCenter(CLOUD_PLATFORM), 'the data centre');
    const before = await state();
    const asked = kwPlus(powerFreeKw, 0.1);
    const extensions = refused(
      await place({ systemId: 'dadukou-district-system-2', dataCenterId: CLOUD_PLATFORM, racks: 1, powerKw: asked }),
      'CAPACITY_EXCEEDED',
      new RegExp(`^${CLOUD_PLATFORM} has ${powerFreeKw.replace('.', '\\.')} kW free; ${asked.replace('.', '\\.')} kW were asked for\\.$`),
    );
    expect(extensions.powerFreeKw).toBe(powerFreeKw);
    expect(await state()).toEqual(before);
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
    // The data centre's own state is judged before the system's plan: these take no system at all.
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
    dataOf(await place({ systemId: 'wanzhou-district-system-1', dataCenterId: CLOUD_PLATFORM }));
    const before = await state();
    refused(
      await place({ systemId: 'wanzhou-district-system-1', dataCenterId: CLOUD_PLATFORM }),
      'ALREADY_PLACED',
      new RegExp(`^wanzhou-district-system-1 is already placed in ${CLOUD_PLATFORM}; remove that placement first\\.$`),
    );
    expect(await state()).toEqual(before);
    const placed = present(await dataCenter(CLOUD_PLATFORM), 'the data centre').placements;
    expect(placed?.filter((p) => p.system.id === 'wanzhou-district-system-1')).toEqual([
      { system: { id: 'wanzhou-district-system-1' }, racks: 2, powerKw: '12.5' },
    ]);
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

  it('UNKNOWN_REFERENCE: a placement is of a system the units subgraph knows (PLACEMENT_FACTS)', async () => {
    await newDataCenter('cmd-unknown-system-dc');
    const before = await state();
    const asked = units.listening.requests.count;
    const extensions = refused(
      await place({ systemId: 'no-such-system', dataCenterId: 'cmd-unknown-system-dc' }),
      'UNKNOWN_REFERENCE',
      /^There is no information system no-such-system\.$/,
    );
    expect(extensions.field).toBe('systemId');
    // Units was asked about the system, once, and knew none.
    expect(units.listening.requests.count - asked).toBe(1);
    expect(await state()).toEqual(before);
  });

  it('CLASSIFIED_SYSTEM_EXEMPT: a classified system is never placed (§1, isExempt)', async () => {
    const before = await state();
    const asked = units.listening.requests.count;
    // The tourism bureau's fourth system is its confidential document exchange: classified in the units seed.
    for (const dataCenterId of [TRANSITIONAL, CLOUD_PLATFORM, JIALING]) {
      refused(
        await place({ systemId: 'tourism-bureau-system-4', dataCenterId }),
        'CLASSIFIED_SYSTEM_EXEMPT',
        /^§1: tourism-bureau-system-4 is classified, so it is exempt from the migration and never placed in the park\.$/,
      );
    }
    // One question to units per placement asked for.
    expect(units.listening.requests.count - asked).toBe(3);
    expect(await state()).toEqual(before);
  });

  it('DESTINATION_NOT_ALLOWED: a unit with administrative-approval functions is placed only in a government data centre (§4, destinationCompliant)', async () => {
    const before = await state();
    // The sample road-permits centre has administrative-approval functions (units says so); Yangtze and
    // Jialing are park data centres any other unit may choose.
    for (const dataCenterId of [YANGTZE, JIALING]) {
      refused(
        await place({ systemId: 'sample-road-permits-centre-system-2', dataCenterId }),
        'DESTINATION_NOT_ALLOWED',
        new RegExp(
          `^§4: unit sample-road-permits-centre has administrative-approval functions, so sample-road-permits-centre-system-2 may only be placed in the transitional government data centre or the Government Cloud Platform; ${dataCenterId} is a PARK_DATA_CENTER\\.$`,
        ),
      );
    }
    expect(await state()).toEqual(before);
    // In the Government Cloud Platform, which its approved plan names, it is placed.
    const asked = units.listening.requests.count;
    expect(
      dataOf(await place({ systemId: 'sample-road-permits-centre-system-2', dataCenterId: CLOUD_PLATFORM, racks: 1, powerKw: '5.0' }))
        .placeSystem,
    ).toMatchObject({ id: 'placement-sample-road-permits-centre-system-2', dataCenter: { id: CLOUD_PLATFORM }, racks: 1 });
    expect(units.listening.requests.count - asked).toBe(1);
  });

  it('PLACEMENT_NOT_AS_PLANNED: a system is placed only in the data centre its approved plan names (§2.2, §3.3, placedAsPlanned)', async () => {
    const before = await state();
    // sasac-system-1's approved plan names the transitional government data centre: not the other
    // government data centre, nor a park data centre.
    for (const dataCenterId of [CLOUD_PLATFORM, JIALING]) {
      const extensions = refused(
        await place({ systemId: 'sasac-system-1', dataCenterId }),
        'PLACEMENT_NOT_AS_PLANNED',
        new RegExp(
          `^§3\\.3: the approved migration plan of sasac-system-1 names ${TRANSITIONAL}; the system is placed there, not in ${dataCenterId}\\.$`,
        ),
      );
      expect(extensions.plannedDataCenterId).toBe(TRANSITIONAL);
    }
    // A state-owned group's plan names a park data centre: a government data centre is not it either.
    refused(
      await place({ systemId: 'sample-energy-group-gas-system-1', dataCenterId: TRANSITIONAL }),
      'PLACEMENT_NOT_AS_PLANNED',
      /names sample-jialing-data-center; the system is placed there, not in transitional-government-data-center\.$/,
    );
    expect(await state()).toEqual(before);
    // Where the plans say, both were placed by the park's seed; and a system still moving, whose plan names
    // the Yangtze data centre, is placed there.
    const placedIn = async (id: string) => present(await dataCenter(id), id).placements?.map((p) => p.system.id);
    expect(await placedIn(TRANSITIONAL)).toContain('sasac-system-1');
    expect(await placedIn(JIALING)).toContain('sample-energy-group-gas-system-1');
    dataOf(await place({ systemId: 'sample-nanan-water-company-system-2', dataCenterId: YANGTZE }));
    expect(await placedIn(YANGTZE)).toContain('sample-nanan-water-company-system-2');
  });

  it('PLACEMENT_NOT_AS_PLANNED: a system without an approved plan is placed nowhere (§3.3, placedAsPlanned)', async () => {
    // A system the SASAC's officer registers in units today: inventoried, with no plan yet.
    const created = await execute(
      units,
      parse(`mutation CommandRegisterSystem($input: CreateSystemInput!) { createSystem(input: $input) { id stage migrationPlan { at } } }`),
      {
        input: {
          id: 'cmd-unplanned-system',
          unitId: 'sasac',
          name: 'Unplanned registry',
          officialName: '未制订方案的系统',
          classification: 'NON_CLASSIFIED',
          businessType: 'DATA_AND_REGISTRY',
          hosting: 'OWN_MACHINE_ROOM',
        },
      },
      officerOf('sasac'),
    );
    expect(dataOf(created)).toEqual({ createSystem: { id: 'cmd-unplanned-system', stage: 'INVENTORIED', migrationPlan: null } });
    const before = await state();
    for (const dataCenterId of [TRANSITIONAL, CLOUD_PLATFORM, JIALING]) {
      const extensions = refused(
        await place({ systemId: 'cmd-unplanned-system', dataCenterId }),
        'PLACEMENT_NOT_AS_PLANNED',
        /^§3\.3: cmd-unplanned-system has no approved migration plan; a system is placed only in the data centre its approved plan names\.$/,
      );
      expect(extensions.plannedDataCenterId).toBeNull();
    }
    expect(await state()).toEqual(before);
  });

  it('places nothing unchecked when the units subgraph is not configured or has stopped (SUBGRAPH_UNAVAILABLE)', async () => {
    // What each rule would judge: a classified system (§1), an approval-function unit outside the
    // government data centres (§4), a system away from its plan's data centre (§3.3), and one its plan
    // sends there (the owner alone is needed). Without units, none of them is placed.
    const placements = [
      { systemId: 'tourism-bureau-system-4', dataCenterId: TRANSITIONAL },
      { systemId: 'sample-road-permits-centre-system-1', dataCenterId: YANGTZE },
      { systemId: 'sasac-system-2', dataCenterId: CLOUD_PLATFORM },
      { systemId: 'jiangjin-district-system-1', dataCenterId: CLOUD_PLATFORM },
    ];
    // A park with no units subgraph to ask, and one whose units subgraph has stopped.
    const alone = await startTestSubgraph('park', createParkSubgraph);
    const gone = await serveTestSubgraph('units', createUnitsSubgraph);
    await gone.stop();
    const stranded = await startTestSubgraph('park', (options) => createParkSubgraph({ ...options, peers: { units: gone.listening.url } }));
    try {
      for (const [subgraph, why] of [
        [alone, /^The units subgraph could not be asked \(UNITS_URL is not configured\)/],
        [stranded, /^The units subgraph could not be asked \(no connection\)/],
      ] as const) {
        const before = await state(subgraph);
        for (const input of placements) refused(await place(input, operator, subgraph), 'SUBGRAPH_UNAVAILABLE', why);
        expect(await state(subgraph)).toEqual(before);
      }
    } finally {
      await Promise.all([alone.stop(), stranded.stop()]);
    }
  });

  it('takes exactly the racks and power asked for, up to the last free rack and kilowatt', async () => {
    const before = await state();
    const platform = present(await dataCenter(CLOUD_PLATFORM), 'the data centre');
    // Kai County's two systems are still moving, their approved plans naming the Government Cloud Platform.
    const placed = dataOf(
      await place({ systemId: 'kai-county-system-1', dataCenterId: CLOUD_PLATFORM, racks: 4, powerKw: '35.5' }),
    ).placeSystem;
    expect(placed).toEqual({
      id: 'placement-kai-county-system-1',
      system: { id: 'kai-county-system-1' },
      dataCenter: { id: CLOUD_PLATFORM },
      racks: 4,
      powerKw: '35.5',
      monthlyFeeCny: '8400.00',
      since: '2016-05-01',
    });
    const after = present(await dataCenter(CLOUD_PLATFORM), 'the data centre');
    expect(after).toMatchObject({
      racksUsed: platform.racksUsed + 4,
      racksFree: platform.racksFree - 4,
      powerUsedKw: kwPlus(platform.powerUsedKw, 35.5),
      powerFreeKw: kwPlus(platform.powerFreeKw, -35.5),
    });
    // What is left can be taken to the last rack and kilowatt, and then nothing more.
    dataOf(
      await place({
        systemId: 'kai-county-system-2',
        dataCenterId: CLOUD_PLATFORM,
        racks: after.racksFree,
        powerKw: after.powerFreeKw,
      }),
    );
    expect(present(await dataCenter(CLOUD_PLATFORM), 'the data centre')).toMatchObject({ racksFree: 0, powerFreeKw: '0.0' });
    refused(
      await place({ systemId: 'sample-central-statistics-survey-system-2', dataCenterId: CLOUD_PLATFORM, racks: 1, powerKw: '0.1' }),
      'CAPACITY_EXCEEDED',
      new RegExp(`^${CLOUD_PLATFORM} has 0 racks free; 1 were asked for\\.$`),
    );
    // Taken out again, the data centre is as it was.
    dataOf(await removePlacement('kai-county-system-1'));
    dataOf(await removePlacement('kai-county-system-2'));
    expect(await state()).toEqual(before);
  });
});

describe('removePlacement', () => {
  it('frees the racks and power of the placement it removes', async () => {
    const before = await state();
    const platform = present(await dataCenter(CLOUD_PLATFORM), 'the data centre');
    dataOf(await place({ systemId: 'wuxi-county-system-2', dataCenterId: CLOUD_PLATFORM, racks: 3, powerKw: '20.0' }));
    expect(present(await dataCenter(CLOUD_PLATFORM), 'the data centre')).toMatchObject({
      racksFree: platform.racksFree - 3,
      powerFreeKw: kwPlus(platform.powerFreeKw, -20),
    });
    expect(dataOf(await removePlacement('wuxi-county-system-2')).removePlacement).toEqual({
      id: 'placement-wuxi-county-system-2',
      system: { id: 'wuxi-county-system-2' },
      dataCenter: { id: CLOUD_PLATFORM },
      racks: 3,
      powerKw: '20.0',
    });
    expect(await state()).toEqual(before);
    // Removed (taken out today), the system can be placed again, from today on.
    const today = dateOf(new Date());
    expect(dataOf(await place({ systemId: 'wuxi-county-system-2', dataCenterId: CLOUD_PLATFORM, since: today })).placeSystem.racks).toBe(2);
  });

  it('NOT_FOUND: a system with no placement has none to remove', async () => {
    const before = await state();
    const extensions = refused(
      await removePlacement('sample-central-statistics-survey-system-2'),
      'NOT_FOUND',
      /^Placement of system sample-central-statistics-survey-system-2 does not exist\.$/,
    );
    expect(extensions.id).toBe('sample-central-statistics-survey-system-2');
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
    // Other tenants' racks and power, and the programme's placements there (the pharmaceutical exchange's).
    const yangtze = present(await dataCenter(YANGTZE), 'the data centre');
    expect(yangtze.placements?.length).toBeGreaterThan(0);
    const { racksUsed, powerUsedKw } = yangtze;
    const before = await state();
    refused(
      await updateDataCenter({ id: YANGTZE, racksTotal: racksUsed - 1 }),
      'CAPACITY_EXCEEDED',
      new RegExp(`^${YANGTZE} has ${racksUsed} racks in use; it cannot shrink to ${racksUsed - 1}\\.$`),
    );
    const below = kwPlus(powerUsedKw, -0.1);
    refused(
      await updateDataCenter({ id: YANGTZE, powerCapacityKw: below }),
      'CAPACITY_EXCEEDED',
      new RegExp(
        `^${YANGTZE} draws ${powerUsedKw.replace('.', '\\.')} kW; its capacity cannot fall to ${below.replace('.', '\\.')} kW\\.$`,
      ),
    );
    // A change refused for power keeps its status and racks unchanged too.
    refused(
      await updateDataCenter({ id: YANGTZE, status: 'CLOSED', racksTotal: racksUsed + 1, powerCapacityKw: below }),
      'CAPACITY_EXCEEDED',
      new RegExp(`draws ${powerUsedKw.replace('.', '\\.')} kW`),
    );
    expect(await state()).toEqual(before);
    expect(present(await dataCenter(YANGTZE), 'the data centre')).toMatchObject({
      status: 'OPERATIONAL',
      racksTotal: yangtze.racksTotal,
      racksFree: yangtze.racksFree,
      powerCapacityKw: yangtze.powerCapacityKw,
      powerFreeKw: yangtze.powerFreeKw,
    });
    // Down to exactly what is in use is allowed, and back up again.
    expect(dataOf(await updateDataCenter({ id: YANGTZE, racksTotal: racksUsed, powerCapacityKw: powerUsedKw })).updateDataCenter).toEqual({
      id: YANGTZE,
      status: 'OPERATIONAL',
      opensOn: null,
      racksTotal: racksUsed,
      racksFree: 0,
      powerCapacityKw: powerUsedKw,
      powerFreeKw: '0.0',
    });
    dataOf(await updateDataCenter({ id: YANGTZE, racksTotal: yangtze.racksTotal, powerCapacityKw: yangtze.powerCapacityKw }));
    expect(await state()).toEqual(before);
  });

  it("changes the Government Cloud Platform's opening day (§4), refusing a day that does not exist", async () => {
    const PLATFORM = 'government-cloud-platform';
    const before = await state();
    const platform = present(
      before.dataCenters.find((dc) => dc.id === PLATFORM),
      'the platform',
    );
    expect(platform.opensOn).toBe('2016-01-01');
    refused(
      await updateDataCenter({ id: PLATFORM, opensOn: '2016-02-30' }),
      'BAD_USER_INPUT',
      // The Date scalar refuses it before any command runs, naming the input field.
      /^Variable "\$input" got invalid value "2016-02-30" at "input\.opensOn"; Date expects a calendar date written YYYY-MM-DD/,
    );
    expect(await state()).toEqual(before);
    // The units seed's plans and the park's placements were made under the opening day of 2016-01-01: the
    // platform cannot open later than it was first used (placements, plans cutting over to it), nor earlier
    // than government departments' last cut-over to the transitional centre (OPENING_DAY_IN_USE).
    refused(await updateDataCenter({ id: PLATFORM, opensOn: '2016-06-30' }), 'OPENING_DAY_IN_USE', /^§4: /);
    refused(
      await updateDataCenter({ id: PLATFORM, opensOn: '2015-07-14' }),
      'OPENING_DAY_IN_USE',
      /^§4: .*transitional government data centre/,
    );
    // The same day again moves nothing, and a change of status leaves the day as it is.
    expect(dataOf(await updateDataCenter({ id: PLATFORM, opensOn: '2016-01-01' })).updateDataCenter.opensOn).toBe('2016-01-01');
    expect(dataOf(await updateDataCenter({ id: PLATFORM, status: 'OPERATIONAL' })).updateDataCenter.opensOn).toBe('2016-01-01');
    expect(await state()).toEqual(before);
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
      opensOn: null,
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

  it('registers a data centre that opens on a later day, refusing a day that does not exist', async () => {
    const before = await state();
    refused(
      await createDataCenter('cmd-bad-opening-dc', { opensOn: '2016-13-01' }),
      'BAD_USER_INPUT',
      // The Date scalar refuses it before any command runs, naming the input field.
      /^Variable "\$input" got invalid value "2016-13-01" at "input\.opensOn"; Date expects a calendar date written YYYY-MM-DD/,
    );
    expect(await state()).toEqual(before);
    expect(await dataCenter('cmd-bad-opening-dc')).toBeNull();
    expect(await newDataCenter('cmd-opening-dc', { status: 'PLANNED', opensOn: '2016-09-01' })).toMatchObject({
      id: 'cmd-opening-dc',
      status: 'PLANNED',
      opensOn: '2016-09-01',
    });
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
  it('reports, with the rule that refuses such a placement, whether a placed system of an approval-function unit sits in a government data centre', async () => {
    // The seed holds no placement the rule refuses: each system of an approval-function unit is placed where
    // its approved plan says, the Government Cloud Platform. The unit's flag comes with the reference, as
    // units says it; the report judges it against the data centre the park placed the system in.
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
        { id: 'sample-yuzhong-approval-centre-system-1', hasAdministrativeApproval: true },
        { id: 'sample-road-permits-centre-system-1', hasAdministrativeApproval: true },
        { id: 'sample-yuzhong-approval-centre-system-2', hasAdministrativeApproval: true },
        { id: 'tourism-bureau-system-1', hasAdministrativeApproval: true },
        // The bank may choose a park data centre; were its unit's flag to say it has administrative-approval
        // functions, its placement there would break §4, and the report says so. An unplaced system has no
        // destination to judge.
        { id: 'rural-commercial-bank-system-1', hasAdministrativeApproval: false },
        { id: 'rural-commercial-bank-system-1', hasAdministrativeApproval: true },
        { id: 'dadukou-district-system-2', hasAdministrativeApproval: true },
      ]),
    ).toEqual([
      { id: 'sample-yuzhong-approval-centre-system-1', dataCenter: { kind: 'GOVERNMENT_CLOUD_PLATFORM' }, destinationCompliant: true },
      { id: 'sample-road-permits-centre-system-1', dataCenter: { kind: 'GOVERNMENT_CLOUD_PLATFORM' }, destinationCompliant: true },
      { id: 'sample-yuzhong-approval-centre-system-2', dataCenter: { kind: 'GOVERNMENT_CLOUD_PLATFORM' }, destinationCompliant: true },
      { id: 'tourism-bureau-system-1', dataCenter: { kind: 'TRANSITIONAL_GOVERNMENT_DATA_CENTER' }, destinationCompliant: true },
      { id: 'rural-commercial-bank-system-1', dataCenter: { kind: 'PARK_DATA_CENTER' }, destinationCompliant: true },
      { id: 'rural-commercial-bank-system-1', dataCenter: { kind: 'PARK_DATA_CENTER' }, destinationCompliant: false },
      { id: 'dadukou-district-system-2', dataCenter: null, destinationCompliant: null },
    ]);
    // And such a placement is never made: the same rule refuses it.
    refused(
      await place({ systemId: 'sample-yuzhong-approval-centre-system-1', dataCenterId: JIALING, racks: 1, powerKw: '5.0' }),
      'DESTINATION_NOT_ALLOWED',
      /^§4: unit sample-yuzhong-approval-centre has administrative-approval functions/,
    );
  });
});
