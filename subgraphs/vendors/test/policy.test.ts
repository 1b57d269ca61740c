/**
 * Who reads what in the vendors subgraph (src/domain/policy.ts), field by field, role by role, with the
 * real units subgraph, served over HTTP on its own seed, answering whose systems are (their unit, the
 * provider each selected) and which units a coordinating unit covers. Each restricted read: who is answered (a list only with the viewer's rows),
 * who is refused (the wrong role or another tenant: FORBIDDEN naming the role; nobody: UNAUTHENTICATED).
 */
import { ANONYMOUS, type Viewer } from '@cq/kit/identity';
import { type AskingTestSubgraph, dataOf, errorOf, execute, type Served, startTestSubgraphAsking } from '@cq/kit/testing';
import { vendorsStory } from '@cq/story/vendors';
import { createUnitsSubgraph } from '@cq/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';
import { ANALYST, CARRIER, CCI, coordinatorOf, FINANCE, JIALING, OFFICE, officerOf, PARK_OPERATOR, SHANCHENG, YANGTZE } from './viewers.ts';

let vendors: AskingTestSubgraph<Context, 'units'>;
/** The real units subgraph, on its own seeded database and served over HTTP, answers what vendors asks. */
let units: Served;
beforeAll(async () => {
  vendors = await startTestSubgraphAsking('vendors', createVendorsSubgraph, { units: createUnitsSubgraph });
  units = vendors.peers.units;
});
afterAll(() => vendors?.stop());

type Result = Parameters<typeof errorOf>[0];

/** One field refused: its one error has the code, and a FORBIDDEN one names the viewer's role. */
function refusedAs(result: Result, viewer: Viewer, rule?: RegExp) {
  const error = errorOf(result);
  expect(result.errors, viewer.id).toHaveLength(1);
  if (viewer.role === 'anonymous') {
    expect(error.code, viewer.id).toBe('UNAUTHENTICATED');
    return;
  }
  expect(error.code, viewer.id).toBe('FORBIDDEN');
  expect(error.message, viewer.id).toMatch(new RegExp(`^Refused for the ${viewer.role} role`));
  if (rule) expect(error.message, viewer.id).toMatch(rule);
}

const NANAN = coordinatorOf('nanan-district');

/** What the programme's story (`@cq/story`) has the vendors seed hold: every contract and task report, in id order. */
const { contracts: storyContracts, tasks: storyTasks } = vendorsStory();

describe('Query.contract', () => {
  const CONTRACT = graphql(
    `query VendorsPolicyContract($id: ID!) { contract(id: $id) { id unit { id } vendor { id } status monthlyAmountCny } }`,
  );
  const read = (id: string, viewer: Viewer) => execute(vendors, CONTRACT, { id }, viewer);
  // 2 and 10 instance-months of Shancheng Data's managed database at 1800.00, for two of Nan'an's systems.
  const nanan = {
    id: 'contract-nanan-district-shancheng',
    unit: { id: 'nanan-district' },
    vendor: { id: 'sample-shancheng-data' },
    status: 'ACTIVE',
    monthlyAmountCny: '21600.00',
  };

  it("answers the programme's readers, the contract's provider, its unit's officer and its coordinating unit", async () => {
    for (const viewer of [OFFICE, FINANCE, ANALYST, SHANCHENG, officerOf('nanan-district'), NANAN]) {
      expect(dataOf(await read('contract-nanan-district-shancheng', viewer)).contract, viewer.id).toEqual(nanan);
    }
    // A contract that does not exist is null, with no error.
    expect(await read('policy-no-such-contract', SHANCHENG)).toEqual({ data: { contract: null } });
  });

  it('refuses another provider, another unit, a unit outside the subtree, the park, carriers and nobody', async () => {
    for (const viewer of [CCI, officerOf('banan-district'), coordinatorOf('banan-district'), PARK_OPERATOR, CARRIER, ANONYMOUS]) {
      const result = await read('contract-nanan-district-shancheng', viewer);
      expect(result.data, viewer.id).toEqual({ contract: null });
      refusedAs(result, viewer);
    }
    refusedAs(await read('contract-banan-district-cci', NANAN), NANAN, /contract contract-banan-district-cci is not one of them\./);
    refusedAs(
      await read('contract-banan-district-cci', SHANCHENG),
      SHANCHENG,
      /a provider reads only its own contracts; contract contract-banan-district-cci is not one of them\./,
    );
  });

  it('is scoped the same way as an entity lookup', async () => {
    const ENTITIES = graphql(
      `query VendorsPolicyContractEntities($reps: [_Any!]!) { _entities(representations: $reps) { ... on Contract { id } } }`,
    );
    const reps = ['contract-nanan-district-shancheng', 'contract-banan-district-cci'].map((id) => ({ __typename: 'Contract', id }));
    const result = await execute(vendors, ENTITIES, { reps }, SHANCHENG);
    expect(result.data?._entities).toEqual([{ id: 'contract-nanan-district-shancheng' }, null]);
    refusedAs(result, SHANCHENG);
  });

  it("asks the units subgraph for a coordinating unit's subtree once per request", async () => {
    const MANY = graphql(
      `query VendorsPolicyCoordinatorMany { a: contract(id: "contract-nanan-district-shancheng") { id } b: contract(id: "contract-yuzhong-district-jialing") { id } vendor(id: "sample-shancheng-data") { contracts { id } } }`,
    );
    const before = units.listening.requests.count;
    const result = await execute(vendors, MANY, {}, NANAN);
    expect(result.data).toEqual({
      a: { id: 'contract-nanan-district-shancheng' },
      b: null,
      vendor: { contracts: [{ id: 'contract-nanan-district-shancheng' }] },
    });
    refusedAs(result, NANAN);
    expect(units.listening.requests.count - before).toBe(1);
  });
});

describe('Unit.contracts and Unit.cloudMonthlyCostCny', () => {
  const CONTRACTS = graphql(
    `query VendorsPolicyUnitContracts($id: ID!) { _entities(representations: [{ __typename: "Unit", id: $id }]) { ... on Unit { id contracts { id } } } }`,
  );
  const COST = graphql(
    `query VendorsPolicyUnitCost($id: ID!) { _entities(representations: [{ __typename: "Unit", id: $id }]) { ... on Unit { id cloudMonthlyCostCny } } }`,
  );
  const contracts = (id: string, viewer: Viewer) => execute(vendors, CONTRACTS, { id }, viewer);
  const cost = (id: string, viewer: Viewer) => execute(vendors, COST, { id }, viewer);
  const tourism = [{ id: 'contract-tourism-bureau-cci' }, { id: 'contract-tourism-bureau-yangtze' }];

  it("lists a unit's contracts for the programme's readers, the unit and its coordinating unit; a provider sees only its own", async () => {
    for (const viewer of [OFFICE, FINANCE, ANALYST, officerOf('tourism-bureau')]) {
      expect(dataOf(await contracts('tourism-bureau', viewer))._entities, viewer.id).toEqual([
        { id: 'tourism-bureau', contracts: tourism },
      ]);
    }
    expect(dataOf(await contracts('tourism-bureau', YANGTZE))._entities).toEqual([
      { id: 'tourism-bureau', contracts: [{ id: 'contract-tourism-bureau-yangtze' }] },
    ]);
    // A provider with no contract with the unit sees none of the unit's.
    expect(dataOf(await contracts('tourism-bureau', JIALING))._entities).toEqual([{ id: 'tourism-bureau', contracts: [] }]);
    expect(dataOf(await contracts('nanan-district', NANAN))._entities).toEqual([
      { id: 'nanan-district', contracts: [{ id: 'contract-nanan-district-shancheng' }, { id: 'contract-nanan-district-yangtze' }] },
    ]);
    expect(dataOf(await contracts('sample-nanan-water-company', NANAN))._entities).toEqual([
      { id: 'sample-nanan-water-company', contracts: [{ id: 'contract-sample-nanan-water-company-yangtze' }] },
    ]);
  });

  it("refuses another unit's officer, a unit outside the subtree, the park, carriers and nobody", async () => {
    for (const viewer of [officerOf('nanan-district'), NANAN, PARK_OPERATOR, CARRIER, ANONYMOUS]) {
      const result = await contracts('tourism-bureau', viewer);
      expect(result.data?._entities, viewer.id).toEqual([{ id: 'tourism-bureau', contracts: null }]);
      refusedAs(result, viewer);
    }
    refusedAs(await contracts('tourism-bureau', NANAN), NANAN, /unit tourism-bureau is not one of them\./);
  });

  it("tells the programme's readers, the unit and its coordinating unit what the unit pays", async () => {
    for (const viewer of [OFFICE, FINANCE, ANALYST, officerOf('tourism-bureau')]) {
      expect(dataOf(await cost('tourism-bureau', viewer))._entities, viewer.id).toEqual([
        // 6,880.00 with Chongqing Cloud Investment, 29,650.00 with Yangtze Cloud.
        { id: 'tourism-bureau', cloudMonthlyCostCny: '36530.00' },
      ]);
    }
    // 21,600.00 with Shancheng Data; 1 rack-month at 4200.00 and 250 user-months at 25.00 with Yangtze Cloud.
    expect(dataOf(await cost('nanan-district', NANAN))._entities).toEqual([{ id: 'nanan-district', cloudMonthlyCostCny: '32050.00' }]);
  });

  it("refuses the cost to another unit, providers (even the unit's own), the park, carriers and nobody", async () => {
    for (const viewer of [officerOf('nanan-district'), NANAN, YANGTZE, PARK_OPERATOR, CARRIER, ANONYMOUS]) {
      const result = await cost('tourism-bureau', viewer);
      expect(result.data?._entities, viewer.id).toEqual([{ id: 'tourism-bureau', cloudMonthlyCostCny: null }]);
      refusedAs(result, viewer);
    }
    refusedAs(
      await cost('tourism-bureau', YANGTZE),
      YANGTZE,
      /cloud costs are for the joint-conference office, finance, analysts and the units concerned/,
    );
  });
});

describe('InformationSystem.migrationTask and InformationSystem.cloudMonthlyCostCny', () => {
  const TASK = graphql(
    `query VendorsPolicySystemTask($id: ID!) { _entities(representations: [{ __typename: "InformationSystem", id: $id }]) { ... on InformationSystem { id migrationTask { status vendor { id } } } } }`,
  );
  const COST = graphql(
    `query VendorsPolicySystemCost($id: ID!) { _entities(representations: [{ __typename: "InformationSystem", id: $id }]) { ... on InformationSystem { id cloudMonthlyCostCny } } }`,
  );
  const task = (id: string, viewer: Viewer) => execute(vendors, TASK, { id }, viewer);
  const cost = (id: string, viewer: Viewer) => execute(vendors, COST, { id }, viewer);
  const blocked = { status: 'BLOCKED', vendor: { id: 'sample-jialing-cloud' } };

  it("shows a system's task to the programme's readers, its provider, its unit's officer and its coordinating unit", async () => {
    for (const viewer of [OFFICE, FINANCE, ANALYST, JIALING, officerOf('kai-county')]) {
      expect(dataOf(await task('kai-county-system-2', viewer))._entities, viewer.id).toEqual([
        { id: 'kai-county-system-2', migrationTask: blocked },
      ]);
    }
    // A system of the subtree without a task (the district's classified one, never migrated): null, no error.
    expect(await task('nanan-district-system-4', NANAN)).toEqual({
      data: { _entities: [{ id: 'nanan-district-system-4', migrationTask: null }] },
    });
  });

  it('refuses another provider, another unit, a unit outside the subtree, the park, carriers and nobody', async () => {
    for (const viewer of [YANGTZE, officerOf('nanan-district'), NANAN, PARK_OPERATOR, CARRIER, ANONYMOUS]) {
      const result = await task('kai-county-system-2', viewer);
      expect(result.data?._entities, viewer.id).toEqual([{ id: 'kai-county-system-2', migrationTask: null }]);
      refusedAs(result, viewer);
    }
    refusedAs(await task('kai-county-system-2', NANAN), NANAN, /system kai-county-system-2 is not one of them\./);
    refusedAs(await task('kai-county-system-2', YANGTZE), YANGTZE, /a provider reads only its own migration tasks/);
    // A system the units subgraph does not know is nobody's scope.
    refusedAs(await task('policy-no-such-system', officerOf('kai-county')), officerOf('kai-county'));
  });

  it("tells the programme's readers, the system's unit and its coordinating unit what is paid for the system", async () => {
    for (const viewer of [OFFICE, FINANCE, ANALYST, officerOf('general-office')]) {
      expect(dataOf(await cost('general-office-system-1', viewer))._entities, viewer.id).toEqual([
        // 2 instance-months at 1800.00 on the line naming the system.
        { id: 'general-office-system-1', cloudMonthlyCostCny: '3600.00' },
      ]);
    }
    // 10 instance-months at 1800.00 on the line naming the system.
    expect(dataOf(await cost('nanan-district-system-3', NANAN))._entities).toEqual([
      { id: 'nanan-district-system-3', cloudMonthlyCostCny: '18000.00' },
    ]);
  });

  it('refuses the cost to another unit, providers, the park, carriers and nobody', async () => {
    for (const viewer of [officerOf('nanan-district'), NANAN, CCI, PARK_OPERATOR, CARRIER, ANONYMOUS]) {
      const result = await cost('general-office-system-1', viewer);
      expect(result.data?._entities, viewer.id).toEqual([{ id: 'general-office-system-1', cloudMonthlyCostCny: null }]);
      refusedAs(result, viewer);
    }
  });
});

describe('Vendor.contracts and Vendor.migrationTasks', () => {
  const PROVIDER = graphql(
    `query VendorsPolicyProvider($id: ID!) { vendor(id: $id) { id name contracts { id } migrationTasks { system { id } } } }`,
  );
  const read = (id: string, viewer: Viewer) => execute(vendors, PROVIDER, { id }, viewer);
  // Every contract and task report of Jialing's the story tells.
  const jialing = {
    id: 'sample-jialing-cloud',
    name: 'Jialing Cloud (sample)',
    contracts: storyContracts
      .filter((c) => c.vendorId === 'sample-jialing-cloud')
      .map((c) => ({ id: c.id }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    migrationTasks: storyTasks.filter((t) => t.vendorId === 'sample-jialing-cloud').map((t) => ({ system: { id: t.systemId } })),
  };

  it("lists a provider's contracts and tasks in full for the programme's readers and the provider itself", async () => {
    for (const viewer of [OFFICE, FINANCE, ANALYST, JIALING]) {
      expect(dataOf(await read('sample-jialing-cloud', viewer)).vendor, viewer.id).toEqual(jialing);
    }
  });

  it("lists for a unit only its own rows: its contracts, its systems' tasks (asked of units once)", async () => {
    expect(jialing.contracts.length).toBeGreaterThan(3);
    // Nan'an selected other providers: none of Jialing's rows are its.
    expect(dataOf(await read('sample-jialing-cloud', officerOf('nanan-district'))).vendor).toEqual({
      ...jialing,
      contracts: [],
      migrationTasks: [],
    });
    expect(dataOf(await read('sample-jialing-cloud', officerOf('kai-county'))).vendor).toEqual({
      ...jialing,
      contracts: [{ id: 'contract-kai-county-jialing' }],
      migrationTasks: [{ system: { id: 'kai-county-system-2' } }],
    });
    expect(dataOf(await read('sample-jialing-cloud', coordinatorOf('banan-district'))).vendor).toEqual({
      ...jialing,
      contracts: [{ id: 'contract-banan-district-jialing' }],
      migrationTasks: [{ system: { id: 'banan-district-system-3' } }],
    });
    // Every provider's tasks in one request: one question to units for all of their systems.
    const ALL = graphql(`query VendorsPolicyAllTasks { vendors { id migrationTasks { system { id } } } }`);
    const before = units.listening.requests.count;
    const all = dataOf(await execute(vendors, ALL, {}, officerOf('kai-county'))).vendors;
    // Jialing reports on Kai County's second system, Shancheng Data on its first (providers in id order).
    expect(all.flatMap((v) => v.migrationTasks ?? []).map((t) => t.system.id)).toEqual(['kai-county-system-2', 'kai-county-system-1']);
    expect(units.listening.requests.count - before).toBe(1);
  });

  it('refuses another provider, the park, carriers and nobody, and keeps the public rest of the answer', async () => {
    for (const viewer of [SHANCHENG, PARK_OPERATOR, CARRIER, ANONYMOUS]) {
      const result = await read('sample-jialing-cloud', viewer);
      expect(result.data?.vendor, viewer.id).toEqual({ ...jialing, contracts: null, migrationTasks: null });
      expect(
        result.errors?.map((e) => e.path?.join('.')),
        viewer.id,
      ).toEqual(['vendor.contracts', 'vendor.migrationTasks']);
    }
    const other = await read('sample-jialing-cloud', SHANCHENG);
    expect(errorOf(other).message).toBe(
      'Refused for the vendor role of vendor sample-shancheng-data: a provider reads only its own contracts and migration tasks, not those of sample-jialing-cloud.',
    );
  });
});

describe('Query.staleMigrationTasks', () => {
  const STALE = graphql(`query VendorsPolicyStale { staleMigrationTasks { system { id } vendor { id } } }`);
  const stale = (viewer: Viewer) => execute(vendors, STALE, {}, viewer);
  // The systems still unfinished: their providers' last reports came in 2016, the next ones never did.
  const late = storyTasks.filter((t) => t.status !== 'DONE').map((t) => ({ system: { id: t.systemId }, vendor: { id: t.vendorId } }));
  const lateOf = (vendorId: string) => late.filter((t) => t.vendor.id === vendorId);

  it("lists every provider's late tasks for the programme's readers, and a provider's own for it", async () => {
    expect(late.map((t) => t.system.id)).toEqual(expect.arrayContaining(['kai-county-system-1', 'kai-county-system-2']));
    for (const viewer of [OFFICE, FINANCE, ANALYST]) {
      expect(dataOf(await stale(viewer)).staleMigrationTasks, viewer.id).toEqual(late);
    }
    expect(dataOf(await stale(JIALING)).staleMigrationTasks).toEqual(lateOf('sample-jialing-cloud'));
    expect(lateOf('sample-jialing-cloud').length).toBeGreaterThan(0);
    // Chongqing Cloud Investment has one late: the plan it wrote with Dadukou District has not started.
    expect(dataOf(await stale(CCI)).staleMigrationTasks).toEqual(lateOf('chongqing-cloud-investment'));
  });

  it('refuses units, coordinating units, the park, carriers and nobody', async () => {
    for (const viewer of [officerOf('kai-county'), NANAN, PARK_OPERATOR, CARRIER, ANONYMOUS]) {
      const result = await stale(viewer);
      expect(result.data, viewer.id).toEqual({ staleMigrationTasks: null });
      refusedAs(
        result,
        viewer,
        viewer.role === 'anonymous' ? undefined : /Query\.staleMigrationTasks is only for joint-conference, finance, analyst, vendor\./,
      );
    }
  });
});
