/**
 * Who may read and change what in the park (src/domain/policy.ts), in-process and signed as the gateway
 * signs: the public catalogue, placements scoped to the caller's role and tenant, the operator's changes
 * refused to every other role, and the audit log. The real units subgraph, served over HTTP on its own
 * seed, says whose systems are placed and which units a coordinating unit covers.
 */

import { ANONYMOUS, type Viewer } from '@cq/kit/identity';
import {
  ANALYST,
  type AskingTestSubgraph,
  dataOf,
  execute,
  FINANCE,
  OFFICE,
  officerOf,
  PARK_OPERATOR,
  present,
  type Served,
  startTestSubgraph,
  startTestSubgraphAsking,
} from '@cq/kit/testing';
import { parkStory } from '@cq/story/park';
import { createUnitsSubgraph } from '@cq/units';
import { sql } from 'drizzle-orm';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createParkSubgraph } from '../src/server.ts';
import { type AuditFilter, graphql } from './generated/graphql.ts';

/**
 * §6.2, as the units seed has it: the Economic and Information Commission coordinates its two public
 * institutions (pilots, their systems placed in the transitional centre by the park's seed) and the
 * central statistics survey office (its first system placed in the Government Cloud Platform).
 */
const EIC_PLACED_SUBTREE = [
  'economic-information-commission',
  'information-industry-investment-promotion-centre',
  'energy-utilisation-monitoring-centre',
];
const EIC_PLATFORM_PLACEMENTS = ['placement-sample-central-statistics-survey-system-1'];

let park: AskingTestSubgraph<Context, 'units'>;
/** The real units subgraph, on its own seeded database and served over HTTP, answers what park asks. */
let units: Served;
beforeAll(async () => {
  park = await startTestSubgraphAsking('park', createParkSubgraph, { units: createUnitsSubgraph });
  units = park.peers.units;
});
afterAll(() => park?.stop());

const OPERATOR = PARK_OPERATOR;
const TOURISM_OFFICER: Viewer = { id: 'tourism-bureau-officer', role: 'unit-officer', unitId: 'tourism-bureau' };
const EIC_COORDINATOR: Viewer = { id: 'eic-coordinator', role: 'coordinator', unitId: 'economic-information-commission' };
/** Runs the transitional government data centre and the Government Cloud Platform. */
const CLOUD_INVESTMENT: Viewer = { id: 'cq-cloud-staff', role: 'vendor', vendorId: 'chongqing-cloud-investment' };
/** Runs the sample Jialing data centre. */
const JIALING: Viewer = { id: 'jialing-staff', role: 'vendor', vendorId: 'sample-jialing-cloud' };
const CARRIER: Viewer = { id: 'telecom-staff', role: 'carrier', carrierId: 'china-telecom-chongqing' };

const TRANSITIONAL = 'transitional-government-data-center';
const JIALING_DC = 'sample-jialing-data-center';
const PLATFORM = 'government-cloud-platform';

/** The errors of a result, as path, code and message. */
const errorsOf = (result: { errors?: readonly GraphQLFormattedError[] }) =>
  (result.errors ?? []).map((e) => ({ path: e.path?.join('.'), code: e.extensions?.code, message: e.message }));

/** The ids of the placements the seed made for some units' first three systems (pilots: all three centralised). */
const seeded = (...unitIds: string[]) => unitIds.flatMap((u) => [1, 2, 3].map((n) => `placement-${u}-system-${n}`)).sort();

/** The placements the programme's story (`@cq/story`) has the park's seed make in a data centre. */
const told = (dataCenterId: string) =>
  parkStory()
    .placements.filter((p) => p.dataCenterId === dataCenterId)
    .map((p) => `placement-${p.systemId}`)
    .sort();

const DATA_CENTERS = graphql(`query ParkPolicyDataCenters { dataCenters { id racksUsed placements { id } } }`);
const DATA_CENTER = graphql(`query ParkPolicyDataCenter($id: ID!) { dataCenter(id: $id) { id name racksUsed placements { id } } }`);
const SYSTEMS = graphql(`query ParkPolicySystems($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on InformationSystem { id placement { id } dataCenter { id } parkMonthlyCostCny destinationCompliant } } }`);
const UNITS = graphql(`query ParkPolicyUnits($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Unit { id placements { id } parkMonthlyCostCny } } }`);
const PLACEMENTS = graphql(`query ParkPolicyPlacements($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Placement { id system { id } racks } } }`);
const AUDIT = graphql(`query ParkPolicyAudit($filter: AuditFilter, $first: Int) {
  _entities(representations: [{ __typename: "AuditLog", id: "programme" }]) { ... on AuditLog { id park(filter: $filter, first: $first) {
    totalCount edges { node { id subgraph at actor role tenant operation arguments outcome code message subject } } } } } }`);

/** The placements each data centre shows the viewer, by data centre id. */
const placementsSeenBy = async (viewer: Viewer) =>
  Object.fromEntries(
    dataOf(await execute(park, DATA_CENTERS, {}, viewer)).dataCenters.map((dc) => [
      dc.id,
      present(dc.placements, dc.id)
        .map((p) => p.id)
        .sort(),
    ]),
  );

const system = (id: string, hasAdministrativeApproval = false) => ({
  __typename: 'InformationSystem',
  id,
  unit: { hasAdministrativeApproval },
});
const unit = (id: string) => ({ __typename: 'Unit', id, systems: [1, 2, 3, 4].map((n) => ({ id: `${id}-system-${n}` })) });
const placement = (id: string) => ({ __typename: 'Placement', id });

describe('the caller', () => {
  it('is refused when the request was not signed by the gateway', async () => {
    await expect(park.context({ headers: {} } as never)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(park.context({ headers: { authorization: 'Bearer not-a-token' } } as never)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('data centres and park services (public)', () => {
  it('are read by anyone, signed in or not; the placements in them are not public', async () => {
    const services = dataOf(await execute(park, graphql(`query ParkPolicyServices { parkServices { id } }`)));
    expect(services.parkServices.length).toBe(4);
    const anonymous = await execute(park, DATA_CENTER, { id: TRANSITIONAL });
    expect(anonymous.data?.dataCenter).toMatchObject({ id: TRANSITIONAL, name: 'Transitional Government Data Centre', placements: null });
    expect(errorsOf(anonymous)).toEqual([
      {
        path: 'dataCenter.placements',
        code: 'UNAUTHENTICATED',
        message: 'DataCenter.placements needs a signed-in caller: send a bearer token.',
      },
    ]);
  });

  it('refuse a carrier the placements, while the rest of the answer stands', async () => {
    const result = await execute(park, DATA_CENTER, { id: TRANSITIONAL }, CARRIER);
    expect(result.data?.dataCenter).toMatchObject({ id: TRANSITIONAL, name: 'Transitional Government Data Centre', placements: null });
    expect(errorsOf(result)).toEqual([
      {
        path: 'dataCenter.placements',
        code: 'FORBIDDEN',
        message: expect.stringMatching(
          /^Refused for the carrier role of carrier china-telecom-chongqing: DataCenter\.placements is only for joint-conference, /,
        ),
      },
    ]);
  });
});

describe('DataCenter.placements', () => {
  it("shows every placement to the joint-conference office, finance, analysts and the park's operator", async () => {
    const every = await placementsSeenBy(OFFICE);
    expect(every[TRANSITIONAL]).toEqual(told(TRANSITIONAL));
    expect(every[TRANSITIONAL]?.length).toBe(43);
    expect(every[JIALING_DC]).toEqual(told(JIALING_DC));
    expect(every[JIALING_DC]).toEqual(expect.arrayContaining(['placement-rural-commercial-bank-system-1']));
    for (const viewer of [FINANCE, ANALYST, OPERATOR]) expect(await placementsSeenBy(viewer)).toEqual(every);
  });

  it("shows a unit's officer only its own unit's placements; capacity still counts every one", async () => {
    expect(await placementsSeenBy(TOURISM_OFFICER)).toEqual({
      'government-cloud-platform': [],
      [JIALING_DC]: [],
      'sample-yangtze-data-center': [],
      [TRANSITIONAL]: seeded('tourism-bureau'),
    });
    const office = present(dataOf(await execute(park, DATA_CENTER, { id: TRANSITIONAL }, OFFICE)).dataCenter, 'the data centre');
    const officer = present(dataOf(await execute(park, DATA_CENTER, { id: TRANSITIONAL }, TOURISM_OFFICER)).dataCenter, 'the data centre');
    expect(officer.racksUsed).toBe(office.racksUsed);
  });

  it('shows a coordinating unit the placements of its subtree, asking units once per request (§6.2)', async () => {
    const asked = units.listening.requests.count;
    expect(await placementsSeenBy(EIC_COORDINATOR)).toEqual({
      'government-cloud-platform': EIC_PLATFORM_PLACEMENTS,
      [JIALING_DC]: [],
      'sample-yangtze-data-center': [],
      [TRANSITIONAL]: seeded(...EIC_PLACED_SUBTREE),
    });
    // Four data centres' lists, one question to units.
    expect(units.listening.requests.count - asked).toBe(1);
  });

  it('refuses a coordinating unit, never answering unchecked, when units cannot say its subtree', async () => {
    // A park with no units subgraph to ask: its askPeer fails (SUBGRAPH_UNAVAILABLE) for every question.
    const alone = await startTestSubgraph('park', createParkSubgraph);
    try {
      const result = await execute(alone, DATA_CENTER, { id: TRANSITIONAL }, EIC_COORDINATOR);
      expect(result.data?.dataCenter).toMatchObject({ id: TRANSITIONAL, placements: null });
      expect(errorsOf(result)).toEqual([
        {
          path: 'dataCenter.placements',
          code: 'SUBGRAPH_UNAVAILABLE',
          message: expect.stringMatching(/^The units subgraph could not be asked/),
        },
      ]);
    } finally {
      await alone.stop();
    }
  });

  it('shows a cloud provider the placements in the data centres it runs, and no other', async () => {
    const jialing = await placementsSeenBy(JIALING);
    const every = await placementsSeenBy(OFFICE);
    expect(jialing).toEqual({
      'government-cloud-platform': [],
      [JIALING_DC]: every[JIALING_DC],
      'sample-yangtze-data-center': [],
      [TRANSITIONAL]: [],
    });
    const investment = await placementsSeenBy(CLOUD_INVESTMENT);
    expect(investment[TRANSITIONAL]).toEqual(every[TRANSITIONAL]);
    expect(investment[JIALING_DC]).toEqual([]);
  });
});

describe("a system's placement (InformationSystem's park fields)", () => {
  it("shows a unit's officer its own systems' placements and refuses another unit's", async () => {
    const result = await execute(
      park,
      SYSTEMS,
      { reps: [system('tourism-bureau-system-1'), system('general-office-system-1'), system('tourism-bureau-system-4')] },
      TOURISM_OFFICER,
    );
    expect(result.data?._entities).toEqual([
      {
        id: 'tourism-bureau-system-1',
        placement: { id: 'placement-tourism-bureau-system-1' },
        dataCenter: { id: TRANSITIONAL },
        parkMonthlyCostCny: '9000.00',
        destinationCompliant: true,
      },
      { id: 'general-office-system-1', placement: null, dataCenter: null, parkMonthlyCostCny: null, destinationCompliant: null },
      // Not placed: nothing to show or to refuse.
      { id: 'tourism-bureau-system-4', placement: null, dataCenter: null, parkMonthlyCostCny: '0.00', destinationCompliant: null },
    ]);
    const refusals = errorsOf(result);
    expect(refusals.map((e) => e.path)).toEqual([
      '_entities.1.placement',
      '_entities.1.dataCenter',
      '_entities.1.parkMonthlyCostCny',
      '_entities.1.destinationCompliant',
    ]);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        code: 'FORBIDDEN',
        message:
          "Refused for the unit-officer role of unit tourism-bureau: a unit's officer sees only its own unit's placements, and placement-general-office-system-1 is not one of them.",
      });
    }
  });

  it('shows a cloud provider the systems placed in its data centres and refuses the others', async () => {
    const result = await execute(
      park,
      SYSTEMS,
      { reps: [system('rural-commercial-bank-system-1'), system('tourism-bureau-system-1')] },
      JIALING,
    );
    expect(result.data?._entities).toEqual([
      {
        id: 'rural-commercial-bank-system-1',
        placement: { id: 'placement-rural-commercial-bank-system-1' },
        dataCenter: { id: JIALING_DC },
        // Two racks at Jialing's 4,200.00 a rack.
        parkMonthlyCostCny: '8400.00',
        destinationCompliant: true,
      },
      { id: 'tourism-bureau-system-1', placement: null, dataCenter: null, parkMonthlyCostCny: null, destinationCompliant: null },
    ]);
    expect(errorsOf(result)[0]).toEqual({
      path: '_entities.1.placement',
      code: 'FORBIDDEN',
      message: `Refused for the vendor role of vendor sample-jialing-cloud: a cloud provider sees only the placements in the data centres it runs, not placement-tourism-bureau-system-1 in ${TRANSITIONAL}.`,
    });
  });

  it('are refused to a carrier (FORBIDDEN) and to an anonymous caller (UNAUTHENTICATED)', async () => {
    const carrier = await execute(park, SYSTEMS, { reps: [system('tourism-bureau-system-1')] }, CARRIER);
    expect(carrier.data?._entities).toEqual([
      { id: 'tourism-bureau-system-1', placement: null, dataCenter: null, parkMonthlyCostCny: null, destinationCompliant: null },
    ]);
    expect(errorsOf(carrier).map((e) => e.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(errorsOf(carrier)[0]?.message).toMatch(
      /^Refused for the carrier role of carrier china-telecom-chongqing: InformationSystem\.placement is only for /,
    );
    const anonymous = await execute(park, SYSTEMS, { reps: [system('tourism-bureau-system-1')] });
    expect(errorsOf(anonymous).map((e) => e.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });
});

describe("a unit's placements and park bill (Unit's park fields)", () => {
  it("shows a unit's officer its own unit's and refuses another unit's", async () => {
    const result = await execute(park, UNITS, { reps: [unit('tourism-bureau'), unit('general-office')] }, TOURISM_OFFICER);
    expect(result.data?._entities).toEqual([
      { id: 'tourism-bureau', placements: seeded('tourism-bureau').map((id) => ({ id })), parkMonthlyCostCny: '18000.00' },
      { id: 'general-office', placements: null, parkMonthlyCostCny: null },
    ]);
    expect(errorsOf(result)).toEqual([
      {
        path: '_entities.1.placements',
        code: 'FORBIDDEN',
        message:
          "Refused for the unit-officer role of unit tourism-bureau: a unit's officer sees only its own unit's placements, not those of unit general-office.",
      },
      expect.objectContaining({ path: '_entities.1.parkMonthlyCostCny', code: 'FORBIDDEN' }),
    ]);
  });

  it('shows a coordinating unit the units of its subtree and refuses the others (§6.2)', async () => {
    const result = await execute(
      park,
      UNITS,
      { reps: [unit('energy-utilisation-monitoring-centre'), unit('tourism-bureau')] },
      EIC_COORDINATOR,
    );
    expect(result.data?._entities).toEqual([
      {
        id: 'energy-utilisation-monitoring-centre',
        placements: seeded('energy-utilisation-monitoring-centre').map((id) => ({ id })),
        parkMonthlyCostCny: '18000.00',
      },
      { id: 'tourism-bureau', placements: null, parkMonthlyCostCny: null },
    ]);
    expect(errorsOf(result)[0]).toEqual({
      path: '_entities.1.placements',
      code: 'FORBIDDEN',
      message:
        'Refused for the coordinator role of unit economic-information-commission: a coordinating unit sees only the placements of the units it coordinates (§6.2), not those of unit tourism-bureau.',
    });
  });

  it("shows a cloud provider a unit's placements in its data centres only, and refuses it the unit's whole bill", async () => {
    const result = await execute(park, UNITS, { reps: [unit('tourism-bureau'), unit('rural-commercial-bank')] }, CLOUD_INVESTMENT);
    expect(result.data?._entities).toEqual([
      { id: 'tourism-bureau', placements: seeded('tourism-bureau').map((id) => ({ id })), parkMonthlyCostCny: null },
      { id: 'rural-commercial-bank', placements: [], parkMonthlyCostCny: null },
    ]);
    expect(errorsOf(result)).toEqual([
      expect.objectContaining({
        path: '_entities.0.parkMonthlyCostCny',
        code: 'FORBIDDEN',
        message:
          "Refused for the vendor role of vendor chongqing-cloud-investment: a unit's whole park bill includes placements in data centres other providers run, so a cloud provider does not see unit tourism-bureau's.",
      }),
      expect.objectContaining({ path: '_entities.1.parkMonthlyCostCny', code: 'FORBIDDEN' }),
    ]);
  });

  it('are refused to a carrier (FORBIDDEN) and to an anonymous caller (UNAUTHENTICATED)', async () => {
    const carrier = await execute(park, UNITS, { reps: [unit('tourism-bureau')] }, CARRIER);
    expect(carrier.data?._entities).toEqual([{ id: 'tourism-bureau', placements: null, parkMonthlyCostCny: null }]);
    expect(errorsOf(carrier)).toEqual([
      expect.objectContaining({
        path: '_entities.0.placements',
        code: 'FORBIDDEN',
        message: expect.stringMatching(/^Refused for the carrier role/),
      }),
      {
        path: '_entities.0.parkMonthlyCostCny',
        code: 'FORBIDDEN',
        message:
          "Refused for the carrier role of carrier china-telecom-chongqing: placements are for the programme, the units concerned and their coordinating units, the park's operator and the providers running the data centres, not for this role.",
      },
    ]);
    const anonymous = await execute(park, UNITS, { reps: [unit('tourism-bureau')] });
    expect(errorsOf(anonymous).map((e) => e.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('shows every unit to the joint-conference office', async () => {
    const result = dataOf(await execute(park, UNITS, { reps: [unit('general-office')] }, OFFICE));
    expect(result._entities).toEqual([
      { id: 'general-office', placements: seeded('general-office').map((id) => ({ id })), parkMonthlyCostCny: '18000.00' },
    ]);
  });
});

describe('a placement looked up by id (the Placement entity)', () => {
  it('is answered within the caller’s scope and refused outside it', async () => {
    const reps = [placement('placement-tourism-bureau-system-1'), placement('placement-general-office-system-1')];
    const officer = await execute(park, PLACEMENTS, { reps }, TOURISM_OFFICER);
    expect(officer.data?._entities).toEqual([
      { id: 'placement-tourism-bureau-system-1', system: { id: 'tourism-bureau-system-1' }, racks: 2 },
      null,
    ]);
    expect(errorsOf(officer)).toEqual([expect.objectContaining({ path: '_entities.1', code: 'FORBIDDEN' })]);
    const office = dataOf(await execute(park, PLACEMENTS, { reps }, OFFICE));
    expect(office._entities.map((p) => p && 'id' in p && p.id)).toEqual([
      'placement-tourism-bureau-system-1',
      'placement-general-office-system-1',
    ]);
    const carrier = await execute(park, PLACEMENTS, { reps }, CARRIER);
    expect(carrier.data?._entities).toEqual([null, null]);
    expect(errorsOf(carrier).map((e) => e.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const anonymous = await execute(park, PLACEMENTS, { reps });
    expect(errorsOf(anonymous).map((e) => e.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });
});

describe("the park operator's changes", () => {
  const CREATE = graphql(`mutation ParkPolicyCreateDataCenter($input: CreateDataCenterInput!) { createDataCenter(input: $input) { id } }`);
  const UPDATE = graphql(
    `mutation ParkPolicyUpdateDataCenter($input: UpdateDataCenterInput!) { updateDataCenter(input: $input) { id racksTotal } }`,
  );
  const ADD_SERVICE = graphql(`mutation ParkPolicyAddParkService($input: AddParkServiceInput!) { addParkService(input: $input) { id } }`);
  const PLACE = graphql(
    `mutation ParkPolicyPlaceSystem($input: PlaceSystemInput!) { placeSystem(input: $input) { id dataCenter { id } } }`,
  );
  const REMOVE = graphql(`mutation ParkPolicyRemovePlacement($systemId: ID!) { removePlacement(systemId: $systemId) { id } }`);

  const newDataCenter = (id: string) => ({
    id,
    name: `Policy test data centre ${id}`,
    officialName: '权限测试数据中心',
    kind: 'PARK_DATA_CENTER' as const,
    tier: 3,
    pue: '1.40',
    racksTotal: 20,
    racksInOtherUse: 0,
    powerCapacityKw: '200.0',
    powerInOtherUseKw: '0.0',
  });
  const newService = (id: string) => ({
    id,
    kind: 'LIVING_SUPPORT' as const,
    name: 'Policy test service',
    officialName: '权限测试服务',
    provider: 'Policy test provider',
    description: 'A service added by the policy tests.',
    unitOfSale: 'person-month',
    monthlyPriceCny: '100.00',
  });
  const newPlacement = (systemId: string, dataCenterId: string) => ({
    systemId,
    dataCenterId,
    racks: 1,
    powerKw: '5.0',
    monthlyFeeCny: '4500.00',
    since: '2016-06-01',
  });

  /** A refusal for the viewer's role (FORBIDDEN, naming the role) or for an anonymous caller (UNAUTHENTICATED). */
  const expectRefused = (result: { data?: unknown; errors?: readonly GraphQLFormattedError[] }, viewer: Viewer, field: string) => {
    expect(result.data ?? null).toBeNull();
    if (viewer.role === 'anonymous') {
      expect(errorsOf(result)).toEqual([
        { path: field, code: 'UNAUTHENTICATED', message: `Mutation.${field} needs a signed-in caller: send a bearer token.` },
      ]);
    } else {
      expect(errorsOf(result)).toEqual([
        {
          path: field,
          code: 'FORBIDDEN',
          message: expect.stringMatching(
            new RegExp(`^Refused for the ${viewer.role} role.*: Mutation\\.${field} is only for park-operator\\. Access: `),
          ),
        },
      ]);
    }
  };

  const dataCenter = async (id: string) => dataOf(await execute(park, DATA_CENTER, { id }, OFFICE)).dataCenter;

  it('createDataCenter: the operator registers a data centre; no other role, and nobody anonymous', async () => {
    for (const viewer of [OFFICE, FINANCE, CLOUD_INVESTMENT, ANONYMOUS]) {
      expectRefused(await execute(park, CREATE, { input: newDataCenter('policy-refused-dc') }, viewer), viewer, 'createDataCenter');
    }
    expect(await dataCenter('policy-refused-dc')).toBeNull();
    expect(dataOf(await execute(park, CREATE, { input: newDataCenter('policy-dc') }, OPERATOR)).createDataCenter).toEqual({
      id: 'policy-dc',
    });
  });

  it('updateDataCenter: the operator changes a data centre; no other role, and nobody anonymous', async () => {
    dataOf(await execute(park, CREATE, { input: newDataCenter('policy-update-dc') }, OPERATOR));
    for (const viewer of [FINANCE, ANALYST, JIALING, ANONYMOUS]) {
      expectRefused(await execute(park, UPDATE, { input: { id: 'policy-update-dc', racksTotal: 5 } }, viewer), viewer, 'updateDataCenter');
    }
    expect(await dataCenter('policy-update-dc')).toMatchObject({ racksUsed: 0 });
    const updated = dataOf(await execute(park, UPDATE, { input: { id: 'policy-update-dc', racksTotal: 30 } }, OPERATOR)).updateDataCenter;
    expect(updated).toEqual({ id: 'policy-update-dc', racksTotal: 30 });
  });

  it('addParkService: the operator adds a service; no other role, and nobody anonymous', async () => {
    for (const viewer of [CARRIER, TOURISM_OFFICER, ANONYMOUS]) {
      expectRefused(await execute(park, ADD_SERVICE, { input: newService('policy-refused-service') }, viewer), viewer, 'addParkService');
    }
    const services = async () =>
      dataOf(await execute(park, graphql(`query ParkPolicyServiceIds { parkServices { id } }`))).parkServices.map((s) => s.id);
    expect(await services()).not.toContain('policy-refused-service');
    expect(dataOf(await execute(park, ADD_SERVICE, { input: newService('policy-service') }, OPERATOR)).addParkService).toEqual({
      id: 'policy-service',
    });
    expect(await services()).toContain('policy-service');
  });

  it("placeSystem: refused to a cloud provider and to a unit's officer (FORBIDDEN), to nobody signed in (UNAUTHENTICATED); the operator places", async () => {
    // Kai County's first system, still moving: its approved plan (in the units seed) names the Government Cloud Platform.
    const input = newPlacement('kai-county-system-1', PLATFORM);
    const placedThere = async () => present(await dataCenter(PLATFORM), 'the data centre').placements?.map((p) => p.id);
    const before = await placedThere();
    const asked = units.listening.requests.count;
    for (const viewer of [JIALING, TOURISM_OFFICER, EIC_COORDINATOR, ANONYMOUS]) {
      expectRefused(await execute(park, PLACE, { input }, viewer), viewer, 'placeSystem');
    }
    const refused = await execute(park, PLACE, { input }, TOURISM_OFFICER);
    expect(errorsOf(refused)[0]?.message).toMatch(
      /^Refused for the unit-officer role of unit tourism-bureau: Mutation\.placeSystem is only for park-operator\. Access: /,
    );
    expect(await placedThere()).toEqual(before);
    // Refused by role before the units subgraph was asked anything.
    expect(units.listening.requests.count).toBe(asked);
    const placed = dataOf(await execute(park, PLACE, { input }, OPERATOR)).placeSystem;
    expect(placed).toEqual({ id: 'placement-kai-county-system-1', dataCenter: { id: PLATFORM } });
    // The operator's placement asked units, once, about the system: whose it is, and what the rules judge.
    expect(units.listening.requests.count - asked).toBe(1);
    // The placement belongs to the unit units named: its officer sees it, another unit's does not.
    expect((await placementsSeenBy(officerOf('kai-county')))[PLATFORM]).toEqual(['placement-kai-county-system-1']);
    const other: Viewer = { id: 'general-office-officer', role: 'unit-officer', unitId: 'general-office' };
    expect((await placementsSeenBy(other))[PLATFORM]).not.toContain('placement-kai-county-system-1');
  });

  it('removePlacement: the operator removes a placement; no other role, and nobody anonymous', async () => {
    const placedThere = async () => present(await dataCenter(PLATFORM), 'the data centre').placements?.map((p) => p.id);
    dataOf(await execute(park, PLACE, { input: newPlacement('kai-county-system-2', PLATFORM) }, OPERATOR));
    for (const viewer of [EIC_COORDINATOR, ANALYST, TOURISM_OFFICER, ANONYMOUS]) {
      expectRefused(await execute(park, REMOVE, { systemId: 'kai-county-system-2' }, viewer), viewer, 'removePlacement');
    }
    expect(await placedThere()).toContain('placement-kai-county-system-2');
    expect(dataOf(await execute(park, REMOVE, { systemId: 'kai-county-system-2' }, OPERATOR)).removePlacement).toEqual({
      id: 'placement-kai-county-system-2',
    });
    expect(await placedThere()).not.toContain('placement-kai-county-system-2');
  });
});

describe('the audit log (AuditLog.park)', () => {
  const PLACE = graphql(`mutation ParkPolicyAuditPlace($input: PlaceSystemInput!) { placeSystem(input: $input) { id } }`);
  const REMOVE = graphql(`mutation ParkPolicyAuditRemove($systemId: ID!) { removePlacement(systemId: $systemId) { id } }`);
  const input = {
    // Still moving in the programme's story; placed in the data centre its approved plan (in the units seed) names.
    systemId: 'wuxi-county-system-2',
    dataCenterId: PLATFORM,
    racks: 1,
    powerKw: '4.0',
    monthlyFeeCny: '3000.00',
    since: '2016-07-01',
  };

  const auditLog = async (filter: AuditFilter, viewer: Viewer = OFFICE) => execute(park, AUDIT, { filter, first: 10 }, viewer);
  const entries = async (filter: AuditFilter) => {
    const [log] = dataOf(await auditLog(filter))._entities;
    const page = present(log && 'park' in log ? log.park : null, 'the park audit log');
    return page.edges.map((e) => e.node);
  };

  it('holds an allowed removal (keeping what it removed) and a refused placement, for the joint-conference office only', async () => {
    expect((await execute(park, PLACE, { input }, JIALING)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    dataOf(await execute(park, PLACE, { input }, OPERATOR));
    dataOf(await execute(park, REMOVE, { systemId: input.systemId }, OPERATOR));

    const [removal] = await entries({ operation: 'removePlacement', actor: 'park-operator', outcome: 'ALLOWED' });
    expect(removal).toMatchObject({
      subgraph: 'park',
      actor: 'park-operator',
      role: 'park-operator',
      tenant: null,
      operation: 'removePlacement',
      outcome: 'ALLOWED',
      code: null,
      message: null,
      // The removed placement is gone from the park; the entry keeps what was asked and what was removed.
      subject: 'placement-wuxi-county-system-2',
    });
    expect(JSON.parse(present(removal, 'the removal').arguments)).toEqual({ systemId: 'wuxi-county-system-2' });
    expect(removal?.id).toMatch(/^park-\d+$/);
    expect(new Date(present(removal, 'the removal').at).toISOString()).toBe(removal?.at);

    const [refusal] = await entries({ operation: 'placeSystem', outcome: 'REFUSED', actor: 'jialing-staff' });
    expect(refusal).toMatchObject({
      actor: 'jialing-staff',
      role: 'vendor',
      tenant: 'vendor:sample-jialing-cloud',
      outcome: 'REFUSED',
      code: 'FORBIDDEN',
      message: expect.stringMatching(
        /^Refused for the vendor role of vendor sample-jialing-cloud: Mutation\.placeSystem is only for park-operator\. Access: /,
      ),
      subject: null,
    });
    expect(JSON.parse(present(refusal, 'the refusal').arguments)).toEqual({ input });

    const [placementMade] = await entries({ operation: 'placeSystem', outcome: 'ALLOWED', actor: 'park-operator' });
    expect(placementMade).toMatchObject({ subject: 'placement-wuxi-county-system-2' });
  });

  it('is refused to every other role (FORBIDDEN) and to anonymous callers (UNAUTHENTICATED)', async () => {
    for (const viewer of [OPERATOR, FINANCE, ANALYST, TOURISM_OFFICER, JIALING, CARRIER]) {
      const result = await auditLog({}, viewer);
      expect(result.data?._entities).toEqual([{ id: 'programme', park: null }]);
      expect(errorsOf(result)).toEqual([
        {
          path: '_entities.0.park',
          code: 'FORBIDDEN',
          message: expect.stringMatching(
            new RegExp(`^Refused for the ${viewer.role} role.*: AuditLog\\.park is only for joint-conference\\. Access: `),
          ),
        },
      ]);
    }
    const anonymous = await auditLog({}, ANONYMOUS);
    expect(errorsOf(anonymous)).toEqual([
      { path: '_entities.0.park', code: 'UNAUTHENTICATED', message: 'AuditLog.park needs a signed-in caller: send a bearer token.' },
    ]);
  });

  it('is append-only: the database refuses to change or remove an entry', async () => {
    const before = present((await entries({})).length, 'entries');
    expect(before).toBeGreaterThan(0);
    await expect(park.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(park.database.db.execute(sql`update audit_log set outcome = 'ALLOWED'`)).rejects.toThrow();
    await expect(park.database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    expect((await entries({})).length).toBe(before);
  });
});
