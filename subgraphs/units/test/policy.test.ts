/**
 * Who may read and change what in the units subgraph (src/domain/policy.ts and the schema's access
 * directives), in process and signed as the gateway signs: every restricted read allowed for its roles and
 * refused for the others, lists scoped to the caller's reach, every mutation allowed for its role and unit
 * and refused for another role, another unit and a caller who is not signed in, and the audit log that
 * records them. What these tests create is named pol-…
 */
import { countOf, selectRows } from '@cq/kit/database';
import { secretKey, signSubgraphToken, type Viewer } from '@cq/kit/identity';
import { ANALYST, at, dataOf, errorOf, execute, FINANCE, OFFICE, present } from '@cq/kit/testing';
import { sql } from 'drizzle-orm';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/graphql.ts';
import { placeInPark, startUnitsWithPeers, type UnitsWithPeers } from './with-peers.ts';

/** Units with the real park and vendors it asks at a selection, a plan and centralisation (with-peers.ts). */
let units: UnitsWithPeers;
beforeAll(async () => {
  units = await startUnitsWithPeers();
});
afterAll(async () => units?.stop());

// One caller per role of the notice, with tenants from the seed.
const PARK_OPERATOR: Viewer = { id: 'park-operator', role: 'park-operator' };
const CARRIER: Viewer = { id: 'china-telecom-chongqing-staff', role: 'carrier', carrierId: 'china-telecom-chongqing' };
/** Another subgraph asking as a service of the hub (kit: services.ts). */
const SERVICE: Viewer = { id: 'service:vendors', role: 'service' };
const officerOf = (unitId: string): Viewer => ({ id: `${unitId}-officer`, role: 'unit-officer', unitId });
const coordinatorOf = (unitId: string): Viewer => ({ id: `${unitId}-coordinator`, role: 'coordinator', unitId });
const vendorStaff = (vendorId: string): Viewer => ({ id: `${vendorId}-staff`, role: 'vendor', vendorId });

/** Kai County's officer (the §6.4 case of the issue) and Nan'an District as a coordinating unit (§6.2). */
const kai = officerOf('kai-county');
const nanan = coordinatorOf('nanan-district');
const water = officerOf('sample-nanan-water-company');

interface Outcome {
  data?: unknown;
  errors?: readonly GraphQLFormattedError[];
}

/** The codes of all errors of a result, in order. */
const codesOf = (result: Outcome) => (result.errors ?? []).map((e) => e.extensions?.code);

/** A result refused with a code, its first error's message matching. */
function refused(result: Outcome, code: 'FORBIDDEN' | 'UNAUTHENTICATED', message?: RegExp): void {
  const error = errorOf(result);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
}

const UNITS_SEEN = graphql(`query UnitsPolicyUnitsSeen($after: String) { units(first: 100, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } edges { node { id } } } }`);
const SYSTEMS_SEEN = graphql(`query UnitsPolicySystemsSeen($after: String) { systems(first: 100, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } edges { node { id unit { id } vendor { id } } } } }`);
const UNIT = graphql(`query UnitsPolicyUnit($id: ID!) { unit(id: $id) { id name } }`);
const SYSTEM = graphql(`query UnitsPolicySystem($id: ID!) { system(id: $id) { id stage } }`);
const SUBTREE = graphql(`query UnitsPolicySubtree($id: ID!) { unit(id: $id) { subtreeIds } }`);

/** Every unit id a caller sees, page after page. */
async function unitsSeenBy(viewer: Viewer): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = 0;
  const pageAfter = async (cursor: string | null) =>
    present(dataOf(await execute(units, UNITS_SEEN, { after: cursor }, viewer)).units, 'units');
  do {
    const page = await pageAfter(after);
    ids.push(...page.edges.map((e) => e.node.id));
    totalCount = page.totalCount;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return { ids, totalCount };
}

/** Every system a caller sees, with its unit and provider, page after page. */
async function systemsSeenBy(viewer: Viewer) {
  const systems: { id: string; unit: { id: string }; vendor: { id: string } | null }[] = [];
  let after: string | null = null;
  let totalCount = 0;
  const pageAfter = async (cursor: string | null) =>
    present(dataOf(await execute(units, SYSTEMS_SEEN, { after: cursor }, viewer)).systems, 'systems');
  do {
    const page = await pageAfter(after);
    systems.push(...page.edges.map((e) => e.node));
    totalCount = page.totalCount;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return { systems, totalCount };
}

/** The subtree of a coordinating unit as the units subgraph tells other subgraphs. */
async function subtreeOf(unitId: string): Promise<string[]> {
  return present(present(dataOf(await execute(units, SUBTREE, { id: unitId }, SERVICE)).unit, unitId).subtreeIds, 'subtreeIds');
}

describe('who signs the request', () => {
  it('lets anyone read the batches, and refuses anything more to a caller who is not signed in while the rest of the answer stands', async () => {
    const result = await execute(
      units,
      graphql(`query UnitsPolicyPublicAndProtected { batches { number } units(first: 1) { totalCount } }`),
    );
    expect(result.data?.batches).toHaveLength(3);
    expect(result.data?.units).toBeNull();
    refused(result, 'UNAUTHENTICATED', /^Query\.units needs a signed-in caller: send a bearer token\.$/);
  });

  it('refuses every other root field to a caller who is not signed in, each null with its error', async () => {
    const result = await execute(
      units,
      graphql(`query UnitsPolicySignedOut { batches { number } unit(id: "kai-county") { id } units { totalCount }
        system(id: "kai-county-system-1") { id } systems { totalCount } liaisons { id } progressReport(groupBy: BATCH) { asOf }
        monthlyBatchProgress { month } overdueSystems { totalCount } extensionRequests { totalCount }
        budgetCompliance(year: 2016, groupBy: UNIT) { totalCount } auditLog { id } }`),
    );
    const { batches, ...refusedFields } = result.data ?? {};
    expect(batches).toHaveLength(3);
    expect(Object.values(refusedFields)).toEqual(Array(11).fill(null));
    expect(codesOf(result)).toEqual(Array(11).fill('UNAUTHENTICATED'));
  });

  it('refuses a request the gateway did not sign, or signed with another secret', async () => {
    await expect(units.context({ headers: {} } as never)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const forged = await signSubgraphToken(OFFICE, secretKey('not-the-secret-the-hub-shares-with-its-subgraphs'));
    await expect(units.context({ headers: { authorization: `Bearer ${forged}` } } as never)).rejects.toMatchObject({
      message: expect.stringMatching(/signature does not verify/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('units and systems, each caller within its reach', () => {
  it('shows every unit and system to the office, finance, analysts, the park, carriers and services of the hub', async () => {
    const all = await unitsSeenBy(OFFICE);
    const systems = (await systemsSeenBy(OFFICE)).totalCount;
    expect(all.ids).toHaveLength(all.totalCount);
    for (const viewer of [FINANCE, ANALYST, PARK_OPERATOR, CARRIER, SERVICE]) {
      const seen = present(dataOf(await execute(units, UNITS_SEEN, {}, viewer)).units, 'units');
      expect(seen.totalCount, viewer.role).toBe(all.totalCount);
      expect(present(dataOf(await execute(units, SYSTEMS_SEEN, {}, viewer)).systems, 'systems').totalCount, viewer.role).toBe(systems);
    }
  });

  it('shows a coordinating unit its subtree (§6.2) and refuses a unit or system outside it', async () => {
    const subtree = await subtreeOf('nanan-district');
    expect(subtree).toContain('nanan-district');
    expect(subtree).toContain('sample-nanan-water-company');
    expect([...subtree].sort()).toEqual(subtree);
    const seen = await unitsSeenBy(nanan);
    expect([...seen.ids].sort()).toEqual(subtree);
    expect(seen.totalCount).toBe(subtree.length);
    const systems = await systemsSeenBy(nanan);
    expect(systems.systems.length).toBeGreaterThan(0);
    expect(systems.systems.every((s) => subtree.includes(s.unit.id))).toBe(true);
    expect(dataOf(await execute(units, UNIT, { id: 'sample-nanan-water-company' }, nanan)).unit?.id).toBe('sample-nanan-water-company');
    const outside = await execute(units, UNIT, { id: 'banan-district' }, nanan);
    expect(outside.data?.unit).toBeNull();
    refused(
      outside,
      'FORBIDDEN',
      /^Refused for the coordinator role of unit nanan-district: a coordinating unit reads its own unit and the units it coordinates, directly or further down \(§6\.2\); unit banan-district is outside that\.$/,
    );
    refused(
      await execute(units, SYSTEM, { id: 'banan-district-system-1' }, nanan),
      'FORBIDDEN',
      /system banan-district-system-1 is outside that/,
    );
  });

  it("shows a unit's officer its own unit and systems only", async () => {
    expect((await unitsSeenBy(kai)).ids).toEqual(['kai-county']);
    const systems = await systemsSeenBy(kai);
    expect(systems.systems.map((s) => s.id)).toEqual(['kai-county-system-1', 'kai-county-system-2']);
    expect(dataOf(await execute(units, SYSTEM, { id: 'kai-county-system-1' }, kai)).system?.id).toBe('kai-county-system-1');
    const other = await execute(units, SYSTEM, { id: 'banan-district-system-1' }, kai);
    expect(other.data?.system).toBeNull();
    refused(
      other,
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit kai-county: a unit's officer reads its own unit and its systems; system banan-district-system-1 is outside that\.$/,
    );
    refused(await execute(units, UNIT, { id: 'banan-district' }, kai), 'FORBIDDEN', /unit banan-district is outside that/);
    // An id nobody has is simply null, for everyone.
    const nobody = await execute(units, UNIT, { id: 'pol-nobody' }, kai);
    expect(nobody).toEqual({ data: { unit: null } });
  });

  it('shows a cloud provider the systems whose latest selection names it (§3.2) and their units, nothing else', async () => {
    const everything = (await systemsSeenBy(OFFICE)).systems;
    const vendorId = present(everything.find((s) => s.id === 'tourism-bureau-system-1')?.vendor, 'a provider').id;
    const own = everything.filter((s) => s.vendor?.id === vendorId);
    const provider = vendorStaff(vendorId);
    const seen = await systemsSeenBy(provider);
    expect(seen.systems.map((s) => s.id)).toEqual(own.map((s) => s.id));
    expect(seen.totalCount).toBe(own.length);
    expect((await unitsSeenBy(provider)).ids.sort()).toEqual([...new Set(own.map((s) => s.unit.id))].sort());
    const another = present(
      everything.find((s) => s.vendor && s.vendor.id !== vendorId),
      "another provider's system",
    );
    refused(
      await execute(units, SYSTEM, { id: another.id }, provider),
      'FORBIDDEN',
      new RegExp(
        `^Refused for the vendor role of vendor ${vendorId}: a cloud provider reads the systems whose latest selection names it \\(§3\\.2\\) and their units; system ${another.id} is outside that\\.$`,
      ),
    );
  });

  it('shows who a unit out of reach is where a unit in reach names it, and refuses its programme data', async () => {
    // The water company's coordinating unit is Nan'an District, outside its officer's reach.
    const named = dataOf(
      await execute(
        units,
        graphql(`query UnitsPolicyNamedUnit($id: ID!) { unit(id: $id) { id coordinatingUnit { id name kind batch { number }
          systems { id } coordinatedUnits { id } } } }`),
        { id: 'sample-nanan-water-company' },
        water,
      ),
    );
    expect(named.unit).toEqual({
      id: 'sample-nanan-water-company',
      coordinatingUnit: {
        id: 'nanan-district',
        name: "Nan'an District",
        kind: 'DISTRICT',
        batch: { number: 1 },
        systems: [],
        coordinatedUnits: [{ id: 'sample-nanan-water-company' }],
      },
    });
    const programme = await execute(
      units,
      graphql(`query UnitsPolicyNamedUnitProgramme($id: ID!) { unit(id: $id) { id coordinatingUnit { id
        progress { systemCount } budgetLines { id } extensionRequests { id } subtreeIds monthlyCost { totalCny } } } }`),
      { id: 'sample-nanan-water-company' },
      water,
    );
    expect(programme.data?.unit?.coordinatingUnit).toEqual({
      id: 'nanan-district',
      progress: null,
      budgetLines: null,
      extensionRequests: null,
      subtreeIds: null,
      monthlyCost: null,
    });
    expect(codesOf(programme)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    refused(
      programme,
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit sample-nanan-water-company: .*; the \w+ of unit nanan-district is outside that\.$/,
    );
  });

  it("shows who a system's dependency is, even of another unit, and refuses its programme data", async () => {
    // A pilot system of the human resources bureau depends on a Yuzhong District system (batch 3).
    const officer = officerOf('human-resources-social-security-bureau');
    const system = present(
      dataOf(
        await execute(
          units,
          graphql(`query UnitsPolicyDependencies($id: ID!) { system(id: $id) { id dependencies { id name unit { id } }
            scheduleWarnings { dependsOn { id } message } } }`),
          { id: 'human-resources-social-security-bureau-system-1' },
          officer,
        ),
      ).system,
      'the bureau system',
    );
    expect(system.dependencies).toEqual([{ id: 'yuzhong-district-system-1', name: expect.any(String), unit: { id: 'yuzhong-district' } }]);
    expect(system.scheduleWarnings.map((w) => w.dependsOn.id)).toEqual(['yuzhong-district-system-1']);
    const stage = await execute(
      units,
      graphql(`query UnitsPolicyDependencyStage($id: ID!) { system(id: $id) { id dependencies { id stage } } }`),
      { id: 'human-resources-social-security-bureau-system-1' },
      officer,
    );
    expect(stage.data?.system).toEqual({
      id: 'human-resources-social-security-bureau-system-1',
      dependencies: [{ id: 'yuzhong-district-system-1', stage: null }],
    });
    refused(stage, 'FORBIDDEN', /the stage of system yuzhong-district-system-1 is outside that\.$/);
  });

  it("answers entity references of other subgraphs within the caller's reach only: null with a refusal outside it", async () => {
    const everything = (await systemsSeenBy(OFFICE)).systems;
    const vendorId = present(everything.find((s) => s.id === 'kai-county-system-1')?.vendor, "Kai County's provider").id;
    const entities = graphql(`query UnitsPolicyEntities($reps: [_Any!]!) { _entities(representations: $reps) { __typename
      ... on Unit { id name } ... on InformationSystem { id name } ... on Vendor { id systemsInMigration { id } } } }`);
    const reps = [
      { __typename: 'Unit', id: 'kai-county' },
      { __typename: 'Unit', id: 'banan-district' },
      { __typename: 'InformationSystem', id: 'kai-county-system-1' },
      { __typename: 'InformationSystem', id: 'banan-district-system-1' },
      { __typename: 'Vendor', id: vendorId },
    ];
    const asKai = await execute(units, entities, { reps }, kai);
    const [ownUnit, otherUnit, ownSystem, otherSystem, vendor] = asKai.data?._entities ?? [];
    expect(ownUnit).toMatchObject({ __typename: 'Unit', id: 'kai-county' });
    expect(otherUnit).toBeNull();
    expect(ownSystem).toMatchObject({ __typename: 'InformationSystem', id: 'kai-county-system-1' });
    expect(otherSystem).toBeNull();
    // The provider's systems in migration, as far as Kai County's officer reaches: its own unit's only.
    const inMigration = vendor && 'systemsInMigration' in vendor ? vendor.systemsInMigration : undefined;
    expect(inMigration?.every((s) => s.id.startsWith('kai-county-'))).toBe(true);
    expect(codesOf(asKai)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    // Signed out: no unit, and a vendor's systems in migration are null while the vendor stands.
    const signedOut = await execute(units, entities, { reps: [reps[0], reps[4]] });
    expect(signedOut.data?._entities).toEqual([null, { __typename: 'Vendor', id: vendorId, systemsInMigration: null }]);
    expect(codesOf(signedOut)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it("tells other subgraphs a coordinating unit's subtree (subtreeIds), within the caller's reach", async () => {
    const subtree = await subtreeOf('nanan-district');
    expect(present(dataOf(await execute(units, SUBTREE, { id: 'nanan-district' }, nanan)).unit, 'nanan').subtreeIds).toEqual(subtree);
    expect(present(dataOf(await execute(units, SUBTREE, { id: 'nanan-district' }, OFFICE)).unit, 'nanan').subtreeIds).toEqual(subtree);
    // A unit that coordinates nobody is its own subtree.
    expect(await subtreeOf('sample-nanan-water-company')).toEqual(['sample-nanan-water-company']);
    refused(await execute(units, SUBTREE, { id: 'nanan-district' }, kai), 'FORBIDDEN', /unit nanan-district is outside that/);
    refused(await execute(units, SUBTREE, { id: 'nanan-district' }), 'UNAUTHENTICATED');
  });

  it('lists the liaisons to any signed-in caller', async () => {
    const liaisons = graphql(`query UnitsPolicyLiaisons { liaisons { id } }`);
    expect(dataOf(await execute(units, liaisons, {}, CARRIER)).liaisons?.length).toBeGreaterThan(0);
    refused(await execute(units, liaisons), 'UNAUTHENTICATED', /^Query\.liaisons needs a signed-in caller/);
  });
});

describe('reports, requests and budgets, by role', () => {
  it('gives the progress reports to the office, coordinating units, finance and analysts only', async () => {
    const progress = graphql(`query UnitsPolicyProgress { progressReport(groupBy: BATCH) { groups { batch { number } } } }`);
    const monthly = graphql(`query UnitsPolicyMonthly { monthlyBatchProgress(from: "2015-07", to: "2015-08") { month } }`);
    for (const viewer of [OFFICE, nanan, FINANCE, ANALYST]) {
      expect(dataOf(await execute(units, progress, {}, viewer)).progressReport?.groups, viewer.role).toHaveLength(3);
      expect(dataOf(await execute(units, monthly, {}, viewer)).monthlyBatchProgress, viewer.role).toHaveLength(6);
    }
    for (const viewer of [kai, vendorStaff('sample-jialing-cloud'), PARK_OPERATOR, CARRIER]) {
      const result = await execute(units, progress, {}, viewer);
      expect(result.data?.progressReport).toBeNull();
      refused(
        result,
        'FORBIDDEN',
        new RegExp(
          `^Refused for the ${viewer.role} role.*: Query\\.progressReport is only for joint-conference, coordinator, finance, analyst\\. Access: `,
        ),
      );
      refused(await execute(units, monthly, {}, viewer), 'FORBIDDEN', /Query\.monthlyBatchProgress is only for/);
    }
    refused(await execute(units, progress), 'UNAUTHENTICATED');
  });

  it("lists overdue systems to a unit's officer for its own unit and to a coordinating unit for its subtree", async () => {
    const overdue = graphql(
      `query UnitsPolicyOverdue { overdueSystems(asOf: "2026-01-01", first: 100) { totalCount edges { node { system { id unit { id } } } } } }`,
    );
    const all = present(dataOf(await execute(units, overdue, {}, OFFICE)).overdueSystems, 'overdue systems');
    expect(present(dataOf(await execute(units, overdue, {}, ANALYST)).overdueSystems, 'overdue').totalCount).toBe(all.totalCount);
    const own = present(dataOf(await execute(units, overdue, {}, kai)).overdueSystems, 'overdue of Kai County');
    expect(own.totalCount).toBeGreaterThan(0);
    expect(own.edges.every((e) => e.node.system.unit.id === 'kai-county')).toBe(true);
    expect(own.totalCount).toBe(all.edges.filter((e) => e.node.system.unit.id === 'kai-county').length);
    const subtree = await subtreeOf('nanan-district');
    const coordinated = present(dataOf(await execute(units, overdue, {}, nanan)).overdueSystems, "overdue of Nan'an");
    expect(coordinated.edges.every((e) => subtree.includes(e.node.system.unit.id))).toBe(true);
    for (const viewer of [vendorStaff('sample-jialing-cloud'), PARK_OPERATOR, CARRIER]) {
      refused(
        await execute(units, overdue, {}, viewer),
        'FORBIDDEN',
        new RegExp(`${viewer.role} role.*Query\\.overdueSystems is only for`),
      );
    }
    refused(await execute(units, overdue), 'UNAUTHENTICATED');
  });

  it("lists extension requests to a unit's officer for its own unit and to a coordinating unit for its subtree", async () => {
    const requests = graphql(
      `query UnitsPolicyExtensions { extensionRequests(first: 100) { totalCount edges { node { id status unit { id } } } } }`,
    );
    const all = present(dataOf(await execute(units, requests, {}, OFFICE)).extensionRequests, 'requests');
    expect(all.totalCount).toBeGreaterThanOrEqual(4);
    expect(present(dataOf(await execute(units, requests, {}, FINANCE)).extensionRequests, 'requests').totalCount).toBe(all.totalCount);
    const own = present(dataOf(await execute(units, requests, {}, kai)).extensionRequests, "Kai County's requests");
    expect(own.edges.map((e) => e.node.unit.id)).toEqual(['kai-county']);
    const liangping = present(
      dataOf(await execute(units, requests, {}, coordinatorOf('liangping-county'))).extensionRequests,
      "Liangping's",
    );
    expect(liangping.edges.map((e) => [e.node.unit.id, e.node.status])).toEqual([['liangping-county', 'APPROVED']]);
    for (const viewer of [vendorStaff('sample-jialing-cloud'), PARK_OPERATOR, CARRIER]) {
      refused(await execute(units, requests, {}, viewer), 'FORBIDDEN', /Query\.extensionRequests is only for/);
    }
    // A unit's own requests and progress follow the same roles.
    const ofUnit = graphql(
      `query UnitsPolicyUnitRequests($id: ID!) { unit(id: $id) { id extensionRequests { id } progress { systemCount } } }`,
    );
    expect(present(dataOf(await execute(units, ofUnit, { id: 'kai-county' }, kai)).unit, 'Kai County').extensionRequests).toHaveLength(1);
    const everything = (await systemsSeenBy(OFFICE)).systems;
    const provider = vendorStaff(present(everything.find((s) => s.id === 'kai-county-system-1')?.vendor, "Kai's provider").id);
    const asProvider = await execute(units, ofUnit, { id: 'kai-county' }, provider);
    expect(asProvider.data?.unit).toEqual({ id: 'kai-county', extensionRequests: null, progress: null });
    expect(codesOf(asProvider)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('gives budget compliance to the office and finance only', async () => {
    const compliance = graphql(`query UnitsPolicyCompliance { budgetCompliance(year: 2016, groupBy: UNIT, first: 5) { totalCount } }`);
    for (const viewer of [OFFICE, FINANCE]) {
      expect(dataOf(await execute(units, compliance, {}, viewer)).budgetCompliance?.totalCount).toBeGreaterThan(0);
    }
    for (const viewer of [ANALYST, nanan, kai]) {
      refused(
        await execute(units, compliance, {}, viewer),
        'FORBIDDEN',
        /Query\.budgetCompliance is only for joint-conference, finance\. Access: /,
      );
    }
  });

  it("keeps a unit's budget lines to its own officer, its coordinating unit, finance and the office", async () => {
    const lines = graphql(`query UnitsPolicyBudgetLines($id: ID!) { unit(id: $id) { id name budgetLines { year category } } }`);
    const id = 'sample-nanan-water-company';
    for (const viewer of [water, nanan, FINANCE, OFFICE]) {
      expect(present(dataOf(await execute(units, lines, { id }, viewer)).unit, id).budgetLines, viewer.role).toContainEqual({
        year: 2016,
        category: 'MACHINE_ROOM_COOLING',
      });
    }
    // The unit stands; its budget lines are refused to roles that may not read them.
    for (const viewer of [ANALYST, PARK_OPERATOR, CARRIER]) {
      const result = await execute(units, lines, { id }, viewer);
      expect(result.data?.unit).toMatchObject({ id, budgetLines: null });
      refused(result, 'FORBIDDEN', new RegExp(`^Refused for the ${viewer.role} role.*: Unit\\.budgetLines is only for`));
    }
    refused(await execute(units, lines, { id: 'tourism-bureau' }, nanan), 'FORBIDDEN', /unit tourism-bureau is outside that/);
  });
});

// The changes, each by the role the schema names and for the unit the policy allows.

const CREATE_UNIT = graphql(`mutation UnitsPolicyCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id } }`);
const CREATE_SYSTEM = graphql(
  `mutation UnitsPolicyCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { id stage version } }`,
);
const ADD_DEPENDENCY = graphql(
  `mutation UnitsPolicyAddDependency($input: AddDependencyInput!) { addDependency(input: $input) { id dependencies { id } } }`,
);
const ASSESS = graphql(`mutation UnitsPolicyAssess($input: AssessSystemInput!) { assessSystem(input: $input) { id stage version } }`);
const SELECT_VENDOR = graphql(
  `mutation UnitsPolicySelectVendor($input: SelectVendorInput!) { selectVendor(input: $input) { id stage version } }`,
);
const APPROVE_PLAN = graphql(
  `mutation UnitsPolicyApprovePlan($input: ApproveMigrationPlanInput!) { approveMigrationPlan(input: $input) { id stage version } }`,
);
const START = graphql(`mutation UnitsPolicyStart($input: StepInput!) { startMigration(input: $input) { id stage version } }`);
const CENTRALISE = graphql(`mutation UnitsPolicyCentralise($input: StepInput!) { markCentralised(input: $input) { id stage version } }`);
const INTEGRATE = graphql(`mutation UnitsPolicyIntegrate($input: StepInput!) { markIntegrated(input: $input) { id stage version } }`);
const REQUEST_EXTENSION = graphql(
  `mutation UnitsPolicyRequestExtension($input: RequestExtensionInput!) { requestExtension(input: $input) { id status requestedBy } }`,
);
const DECIDE_EXTENSION = graphql(
  `mutation UnitsPolicyDecideExtension($input: DecideExtensionInput!) { decideExtension(input: $input) { id status decision { decidedBy } } }`,
);
const ADD_BUDGET_LINE = graphql(
  `mutation UnitsPolicyAddBudgetLine($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id unit { id } recordedBy } }`,
);
const READ_SYSTEM = graphql(`query UnitsPolicyReadSystem($id: ID!) { system(id: $id) { id stage version dependencies { id } } }`);
const READ_UNIT = graphql(`query UnitsPolicyReadUnit($id: ID!) { unit(id: $id) { id systems { id } extensionRequests { id status }
  budgetLines { amountCny recordedBy } } }`);

const readSystem = async (id: string) => dataOf(await execute(units, READ_SYSTEM, { id }, OFFICE)).system;
const readUnit = async (id: string) => dataOf(await execute(units, READ_UNIT, { id }, OFFICE)).unit;

/** A public institution of Yuzhong District (batch 3), whose officer runs the workflow below. */
const UNIT_ID = 'pol-unit';
const own = officerOf(UNIT_ID);
const yuzhong = coordinatorOf('yuzhong-district');

describe('changes, each by its role and for its own unit', () => {
  beforeAll(async () => {
    dataOf(
      await execute(
        units,
        CREATE_UNIT,
        {
          input: {
            id: UNIT_ID,
            name: 'Policy test unit',
            officialName: '测试单位',
            kind: 'PUBLIC_INSTITUTION',
            parentId: 'yuzhong-district',
          },
        },
        OFFICE,
      ),
    );
  });

  it('lets only the joint-conference office register a unit (§6.1)', async () => {
    const input = { id: 'pol-registered', name: 'Registered', officialName: '测试', kind: 'DISTRICT' as const };
    for (const viewer of [FINANCE, own, nanan]) {
      refused(
        await execute(units, CREATE_UNIT, { input }, viewer),
        'FORBIDDEN',
        new RegExp(`^Refused for the ${viewer.role} role.*: Mutation\\.createUnit is only for joint-conference\\. Access: `),
      );
    }
    refused(await execute(units, CREATE_UNIT, { input }), 'UNAUTHENTICATED', /^Mutation\.createUnit needs a signed-in caller/);
    expect(await readUnit('pol-registered')).toBeNull();
    expect(dataOf(await execute(units, CREATE_UNIT, { input }, OFFICE)).createUnit.id).toBe('pol-registered');
  });

  it("lets only a unit's own officer register its systems", async () => {
    const input = {
      id: 'pol-system',
      unitId: UNIT_ID,
      name: 'Policy system',
      officialName: '测试系统',
      classification: 'NON_CLASSIFIED' as const,
      businessType: 'GOVERNMENT_SERVICE' as const,
      hosting: 'OWN_MACHINE_ROOM' as const,
    };
    refused(
      await execute(units, CREATE_SYSTEM, { input }, kai),
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit kai-county: only the unit's own officer registers its systems; this one is for unit pol-unit\.$/,
    );
    refused(
      await execute(units, CREATE_SYSTEM, { input }, OFFICE),
      'FORBIDDEN',
      /^Refused for the joint-conference role: Mutation\.createSystem is only for unit-officer\. Access: /,
    );
    refused(await execute(units, CREATE_SYSTEM, { input }, yuzhong), 'FORBIDDEN', /coordinator role of unit yuzhong-district/);
    refused(await execute(units, CREATE_SYSTEM, { input }), 'UNAUTHENTICATED');
    expect(await readSystem('pol-system')).toBeNull();
    expect(dataOf(await execute(units, CREATE_SYSTEM, { input }, own)).createSystem).toEqual({
      id: 'pol-system',
      stage: 'INVENTORIED',
      version: 1,
    });
    expect(dataOf(await execute(units, CREATE_SYSTEM, { input: { ...input, id: 'pol-system-other' } }, own)).createSystem.id).toBe(
      'pol-system-other',
    );
  });

  it("lets only a unit's own officer take its systems through the steps of §3 and the milestones of §2.2", async () => {
    const base = { systemId: 'pol-system', note: null };
    const steps = [
      { name: 'assessSystem', run: ASSESS, extra: { readiness: 'READY', strategy: 'REHOST', recommendedServiceModel: 'IAAS' } as const },
      {
        name: 'selectVendor',
        run: SELECT_VENDOR,
        extra: {
          vendorId: 'sample-jialing-cloud',
          cloudServiceIds: ['jialing-vm'],
          procurementMethod: 'PUBLIC_TENDER',
          procurementReference: 'CQGP-2016-0999',
        } as const,
      },
      {
        name: 'approveMigrationPlan',
        run: APPROVE_PLAN,
        extra: {
          destinationDataCenterId: 'government-cloud-platform',
          writtenWithVendorId: 'sample-jialing-cloud',
          plannedStart: '2016-03-01',
          plannedCutover: '2016-05-15',
          contingencyPlan: 'Keep the old system running in parallel.',
        },
      },
      { name: 'startMigration', run: START, extra: {} },
      { name: 'markCentralised', run: CENTRALISE, extra: {} },
      { name: 'markIntegrated', run: INTEGRATE, extra: {} },
    ] as const;
    for (const [i, step] of steps.entries()) {
      const input = { ...base, ...step.extra, expectedVersion: i + 1 };
      // The mutations take different inputs; each runs with its own, so a looser type is enough here.
      const run = (viewer?: Viewer) => execute(units, step.run as typeof START, { input: input as never }, viewer);
      // Centralised means placed by the park where the plan says (§2.2): the park's operator places it first.
      if (step.name === 'markCentralised') dataOf(await placeInPark(units, 'pol-system', 'government-cloud-platform'));
      const before = await readSystem('pol-system');
      refused(
        await run(kai),
        'FORBIDDEN',
        /^Refused for the unit-officer role of unit kai-county: only the unit's own officer runs its systems' workflow \(§3\); system pol-system belongs to unit pol-unit\.$/,
      );
      refused(
        await run(yuzhong),
        'FORBIDDEN',
        new RegExp(
          `^Refused for the coordinator role of unit yuzhong-district: Mutation\\.${step.name} is only for unit-officer\\. Access: `,
        ),
      );
      refused(
        await run(OFFICE),
        'FORBIDDEN',
        new RegExp(`^Refused for the joint-conference role: Mutation\\.${step.name} is only for unit-officer\\. Access: `),
      );
      refused(await run(), 'UNAUTHENTICATED', new RegExp(`^Mutation\\.${step.name} needs a signed-in caller`));
      expect(await readSystem('pol-system'), step.name).toEqual(before);
      const done = await run(own);
      expect(done.errors, step.name).toBeUndefined();
    }
    expect(await readSystem('pol-system')).toMatchObject({ stage: 'INTEGRATED', version: 7 });
  });

  it("lets only a unit's own officer record its systems' dependencies, on any unit's system", async () => {
    const input = { systemId: 'pol-system-other', dependsOnId: 'kai-county-system-1' };
    refused(await execute(units, ADD_DEPENDENCY, { input }, kai), 'FORBIDDEN', /system pol-system-other belongs to unit pol-unit\.$/);
    refused(
      await execute(units, ADD_DEPENDENCY, { input }, ANALYST),
      'FORBIDDEN',
      /^Refused for the analyst role: Mutation\.addDependency is only for unit-officer\. Access: /,
    );
    refused(await execute(units, ADD_DEPENDENCY, { input }), 'UNAUTHENTICATED');
    expect((await readSystem('pol-system-other'))?.dependencies).toEqual([]);
    expect(dataOf(await execute(units, ADD_DEPENDENCY, { input }, own)).addDependency.dependencies).toEqual([
      { id: 'kai-county-system-1' },
    ]);
  });

  it("lets only a unit's own officer ask for its extension (§6.4)", async () => {
    const input = { unitId: UNIT_ID, reason: 'The provider was replaced.', newDueDate: '2099-12-31' };
    refused(
      await execute(units, REQUEST_EXTENSION, { input }, kai),
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit kai-county: only the unit's own officer asks for its extension \(§6\.4\); this request is for unit pol-unit\.$/,
    );
    refused(
      await execute(units, REQUEST_EXTENSION, { input }, yuzhong),
      'FORBIDDEN',
      /Mutation\.requestExtension is only for unit-officer\. Access: /,
    );
    refused(await execute(units, REQUEST_EXTENSION, { input }), 'UNAUTHENTICATED');
    expect((await readUnit(UNIT_ID))?.extensionRequests).toEqual([]);
    expect(dataOf(await execute(units, REQUEST_EXTENSION, { input }, own)).requestExtension).toMatchObject({
      status: 'PENDING',
      requestedBy: own.id,
    });
  });

  it('refuses a county deciding its own extension (§6.4): only the joint-conference office decides', async () => {
    const pending = graphql(
      `query UnitsPolicyPendingRequests { extensionRequests(status: PENDING, first: 50) { edges { node { id unit { id } } } } }`,
    );
    const edges = present(dataOf(await execute(units, pending, {}, OFFICE)).extensionRequests, 'pending requests').edges;
    const request = present(
      edges.find((e) => e.node.unit.id === 'kai-county'),
      "Kai County's pending request",
    ).node;
    const input = { requestId: request.id, approve: true };
    const county = await execute(units, DECIDE_EXTENSION, { input }, kai);
    expect(county.data).toBeNull();
    refused(county, 'FORBIDDEN', /^Refused for the unit-officer role of unit kai-county: .*decideExtension.*joint-conference/);
    for (const viewer of [coordinatorOf('kai-county'), FINANCE, ANALYST]) {
      refused(
        await execute(units, DECIDE_EXTENSION, { input }, viewer),
        'FORBIDDEN',
        /Mutation\.decideExtension is only for joint-conference\. Access: /,
      );
    }
    refused(await execute(units, DECIDE_EXTENSION, { input }), 'UNAUTHENTICATED');
    expect((await readUnit('kai-county'))?.extensionRequests).toEqual([{ id: request.id, status: 'PENDING' }]);
    expect(dataOf(await execute(units, DECIDE_EXTENSION, { input: { ...input, approve: false } }, OFFICE)).decideExtension).toEqual({
      id: request.id,
      status: 'REJECTED',
      decision: { decidedBy: OFFICE.id },
    });
  });

  it("lets a unit's officer record its own unit's budget lines, and finance any unit's", async () => {
    const line = { year: 2016, category: 'CLOUD_SERVICES' as const, description: 'Cloud hosting', amountCny: '1000.00' };
    refused(
      await execute(units, ADD_BUDGET_LINE, { input: { ...line, unitId: UNIT_ID } }, kai),
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit kai-county: a unit's officer records only its own unit's budget lines; this line is for unit pol-unit\.$/,
    );
    for (const viewer of [ANALYST, OFFICE, nanan]) {
      refused(
        await execute(units, ADD_BUDGET_LINE, { input: { ...line, unitId: UNIT_ID } }, viewer),
        'FORBIDDEN',
        /Mutation\.addBudgetLine is only for unit-officer, finance\. Access: /,
      );
    }
    refused(await execute(units, ADD_BUDGET_LINE, { input: { ...line, unitId: UNIT_ID } }), 'UNAUTHENTICATED');
    expect((await readUnit(UNIT_ID))?.budgetLines).toEqual([]);
    expect(dataOf(await execute(units, ADD_BUDGET_LINE, { input: { ...line, unitId: UNIT_ID } }, own)).addBudgetLine).toMatchObject({
      unit: { id: UNIT_ID },
      recordedBy: own.id,
    });
    expect(
      dataOf(await execute(units, ADD_BUDGET_LINE, { input: { ...line, unitId: 'kai-county' } }, FINANCE)).addBudgetLine,
    ).toMatchObject({
      unit: { id: 'kai-county' },
      recordedBy: FINANCE.id,
    });
  });
});

describe('corrections, each by the role that may make it, with a refusal beside each', () => {
  const COR_UNIT = 'pol-cor-unit';
  const corOfficer = officerOf(COR_UNIT);
  const CORRECT_UNIT = graphql(
    `mutation UnitsPolicyCorrectUnit($input: CorrectUnitInput!) { correctUnit(input: $input) { id systemsAlreadyHosted } }`,
  );
  const CORRECT_HOSTING = graphql(
    `mutation UnitsPolicyCorrectHosting($input: CorrectSystemHostingInput!) { correctSystemHosting(input: $input) { id hosting version } }`,
  );
  const REQUEST_RECLASSIFICATION = graphql(`mutation UnitsPolicyRequestReclassification($input: RequestReclassificationInput!) {
    requestReclassification(input: $input) { id status requestedBy } }`);
  const DECIDE_RECLASSIFICATION = graphql(`mutation UnitsPolicyDecideReclassification($input: DecideReclassificationInput!) {
    decideReclassification(input: $input) { id status decision { decidedBy } } }`);
  const REPLAN = graphql(
    `mutation UnitsPolicyReplan($input: ReplanMigrationInput!) { replanMigration(input: $input) { id stage version } }`,
  );
  const CHANGE_PROVIDER = graphql(
    `mutation UnitsPolicyChangeProvider($input: ChangeProviderInput!) { changeProvider(input: $input) { id stage version } }`,
  );
  const RETIRE = graphql(`mutation UnitsPolicyRetire($input: RetireSystemInput!) { retireSystem(input: $input) { id stage version } }`);
  const WITHDRAW = graphql(`mutation UnitsPolicyWithdraw($input: WithdrawExtensionRequestInput!) { withdrawExtensionRequest(input: $input) {
    id status withdrawal { withdrawnBy role } } }`);
  const CORRECTIONS = graphql(`query UnitsPolicyCorrections($id: ID!) { unit(id: $id) { corrections { field actor role }
    parent { id corrections { field } } systems { id corrections { field actor } } } }`);
  // The unit is marked already hosted below (batch 1): its plans cut over by 2015-09-30.
  const PLAN = {
    destinationDataCenterId: 'government-cloud-platform',
    writtenWithVendorId: 'sample-jialing-cloud',
    plannedStart: '2015-08-01',
    plannedCutover: '2015-09-20',
    contingencyPlan: 'Keep the old system running in parallel.',
  };

  /** A system of the unit brought to a stage by its own officer (ASSESSED with a strategy, or later). */
  async function systemAt(id: string, stage: 'ASSESSED' | 'PLAN_APPROVED', strategy: 'REHOST' | 'RETIRE' = 'REHOST') {
    const input = {
      id,
      unitId: COR_UNIT,
      name: id,
      officialName: '测试系统',
      classification: 'NON_CLASSIFIED' as const,
      businessType: 'GOVERNMENT_SERVICE' as const,
      hosting: 'OWN_MACHINE_ROOM' as const,
    };
    dataOf(await execute(units, CREATE_SYSTEM, { input }, corOfficer));
    const base = { systemId: id, note: null };
    dataOf(
      await execute(
        units,
        ASSESS,
        { input: { ...base, expectedVersion: 1, readiness: 'READY', strategy, recommendedServiceModel: 'IAAS' } },
        corOfficer,
      ),
    );
    if (stage === 'ASSESSED') return;
    dataOf(
      await execute(
        units,
        SELECT_VENDOR,
        {
          input: {
            ...base,
            expectedVersion: 2,
            vendorId: 'sample-jialing-cloud',
            cloudServiceIds: ['jialing-vm'],
            procurementMethod: 'PUBLIC_TENDER',
            procurementReference: 'CQGP-2016-0998',
          },
        },
        corOfficer,
      ),
    );
    dataOf(await execute(units, APPROVE_PLAN, { input: { ...base, expectedVersion: 3, ...PLAN } }, corOfficer));
  }

  beforeAll(async () => {
    dataOf(
      await execute(
        units,
        CREATE_UNIT,
        {
          input: {
            id: COR_UNIT,
            name: 'Policy correction unit',
            officialName: '测试单位',
            kind: 'PUBLIC_INSTITUTION',
            parentId: 'yuzhong-district',
          },
        },
        OFFICE,
      ),
    );
  });

  it("lets only the joint-conference office correct a unit's flags and parent (§6.1), not its coordinating unit nor the unit itself", async () => {
    const input = { unitId: COR_UNIT, systemsAlreadyHosted: true, reason: 'Hosted since 2013.' };
    for (const viewer of [corOfficer, yuzhong, FINANCE]) {
      refused(
        await execute(units, CORRECT_UNIT, { input }, viewer),
        'FORBIDDEN',
        new RegExp(`^Refused for the ${viewer.role} role.*: Mutation\\.correctUnit is only for joint-conference\\. Access: `),
      );
    }
    refused(await execute(units, CORRECT_UNIT, { input }), 'UNAUTHENTICATED', /^Mutation\.correctUnit needs a signed-in caller/);
    expect(present(dataOf(await execute(units, CORRECTIONS, { id: COR_UNIT }, OFFICE)).unit, COR_UNIT).corrections).toEqual([]);
    expect(dataOf(await execute(units, CORRECT_UNIT, { input }, OFFICE)).correctUnit).toEqual({ id: COR_UNIT, systemsAlreadyHosted: true });
    // Its officer reads its corrections; the parent out of its reach shows who it is, not its corrections.
    const read = await execute(units, CORRECTIONS, { id: COR_UNIT }, corOfficer);
    expect(read.data?.unit?.corrections).toEqual([
      { field: 'SYSTEMS_ALREADY_HOSTED', actor: OFFICE.id, role: 'joint-conference' },
      { field: 'BATCH', actor: OFFICE.id, role: 'joint-conference' },
    ]);
    refused(
      read,
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit pol-cor-unit: .*; the corrections of unit yuzhong-district is outside that\.$/,
    );
    refused(await execute(units, CORRECTIONS, { id: COR_UNIT }, kai), 'FORBIDDEN', /unit pol-cor-unit is outside that/);
  });

  it("lets a unit's own officer, and the joint-conference office, correct where its system runs", async () => {
    const created = dataOf(
      await execute(
        units,
        CREATE_SYSTEM,
        {
          input: {
            id: 'pol-cor-hosting',
            unitId: COR_UNIT,
            name: 'Hosting',
            officialName: '测试系统',
            classification: 'NON_CLASSIFIED',
            businessType: 'GOVERNMENT_SERVICE',
            hosting: 'OWN_MACHINE_ROOM',
          },
        },
        corOfficer,
      ),
    ).createSystem;
    const input = (version: number, hosting: 'CLOUD_SERVICE' | 'PARK_DATA_CENTER') => ({
      systemId: created.id,
      expectedVersion: version,
      hosting,
      reason: 'Runs on cloud services already.',
    });
    refused(
      await execute(units, CORRECT_HOSTING, { input: input(1, 'CLOUD_SERVICE') }, kai),
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit kai-county: a unit's officer corrects only its own unit's systems; system pol-cor-hosting belongs to unit pol-cor-unit\.$/,
    );
    for (const viewer of [yuzhong, ANALYST]) {
      refused(
        await execute(units, CORRECT_HOSTING, { input: input(1, 'CLOUD_SERVICE') }, viewer),
        'FORBIDDEN',
        /Mutation\.correctSystemHosting is only for unit-officer, joint-conference\. Access: /,
      );
    }
    refused(await execute(units, CORRECT_HOSTING, { input: input(1, 'CLOUD_SERVICE') }), 'UNAUTHENTICATED');
    expect(await readSystem(created.id)).toMatchObject({ version: 1 });
    expect(dataOf(await execute(units, CORRECT_HOSTING, { input: input(1, 'CLOUD_SERVICE') }, corOfficer)).correctSystemHosting).toEqual({
      id: created.id,
      hosting: 'CLOUD_SERVICE',
      version: 2,
    });
    expect(
      dataOf(await execute(units, CORRECT_HOSTING, { input: input(2, 'PARK_DATA_CENTER') }, OFFICE)).correctSystemHosting,
    ).toMatchObject({
      hosting: 'PARK_DATA_CENTER',
      version: 3,
    });
  });

  it("lets only a unit's own officer ask for its system's reclassification, and only the joint-conference office decide it (§1)", async () => {
    const created = dataOf(
      await execute(
        units,
        CREATE_SYSTEM,
        {
          input: {
            id: 'pol-cor-secret',
            unitId: COR_UNIT,
            name: 'Secret',
            officialName: '测试系统',
            classification: 'NON_CLASSIFIED',
            businessType: 'GOVERNMENT_SERVICE',
            hosting: 'OWN_MACHINE_ROOM',
          },
        },
        corOfficer,
      ),
    ).createSystem;
    const ask = { systemId: created.id, classification: 'CLASSIFIED' as const, reason: 'It now holds state secrets.' };
    refused(
      await execute(units, REQUEST_RECLASSIFICATION, { input: ask }, kai),
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit kai-county: only the unit's own officer asks for its systems' reclassification \(§1\); system pol-cor-secret belongs to unit pol-cor-unit\.$/,
    );
    for (const viewer of [OFFICE, yuzhong]) {
      refused(
        await execute(units, REQUEST_RECLASSIFICATION, { input: ask }, viewer),
        'FORBIDDEN',
        /Mutation\.requestReclassification is only for unit-officer\. Access: /,
      );
    }
    refused(await execute(units, REQUEST_RECLASSIFICATION, { input: ask }), 'UNAUTHENTICATED');
    const request = dataOf(await execute(units, REQUEST_RECLASSIFICATION, { input: ask }, corOfficer)).requestReclassification;
    expect(request).toMatchObject({ status: 'PENDING', requestedBy: corOfficer.id });
    const decide = { requestId: request.id, approve: true };
    for (const viewer of [corOfficer, yuzhong, ANALYST]) {
      refused(
        await execute(units, DECIDE_RECLASSIFICATION, { input: decide }, viewer),
        'FORBIDDEN',
        /Mutation\.decideReclassification is only for joint-conference\. Access: /,
      );
    }
    refused(await execute(units, DECIDE_RECLASSIFICATION, { input: decide }), 'UNAUTHENTICATED');
    expect(dataOf(await execute(units, DECIDE_RECLASSIFICATION, { input: decide }, OFFICE)).decideReclassification).toEqual({
      id: request.id,
      status: 'APPROVED',
      decision: { decidedBy: OFFICE.id },
    });
  });

  it("lets only a unit's own officer re-plan, change the provider of, or retire its systems (§3)", async () => {
    await systemAt('pol-cor-replan', 'PLAN_APPROVED');
    await systemAt('pol-cor-provider', 'PLAN_APPROVED');
    await systemAt('pol-cor-retire', 'ASSESSED', 'RETIRE');
    const changes = [
      {
        name: 'replanMigration',
        run: REPLAN,
        input: { systemId: 'pol-cor-replan', expectedVersion: 4, ...PLAN, plannedCutover: '2015-09-25', reason: 'Later.' },
      },
      {
        name: 'changeProvider',
        run: CHANGE_PROVIDER,
        input: {
          systemId: 'pol-cor-provider',
          expectedVersion: 4,
          vendorId: 'sample-yangtze-cloud',
          cloudServiceIds: ['yangtze-hosting'],
          procurementMethod: 'PUBLIC_TENDER',
          procurementReference: 'CQGP-2016-0997',
          reason: 'The provider withdrew.',
        },
      },
      { name: 'retireSystem', run: RETIRE, input: { systemId: 'pol-cor-retire', expectedVersion: 2, reason: 'Replaced.' } },
    ] as const;
    for (const change of changes) {
      // The mutations take different inputs; each runs with its own, so a looser type is enough here.
      const run = (viewer?: Viewer) => execute(units, change.run as typeof RETIRE, { input: change.input as never }, viewer);
      const before = await readSystem(change.input.systemId);
      refused(
        await run(kai),
        'FORBIDDEN',
        new RegExp(
          `^Refused for the unit-officer role of unit kai-county: only the unit's own officer runs its systems' workflow \\(§3\\); system ${change.input.systemId} belongs to unit pol-cor-unit\\.$`,
        ),
      );
      for (const viewer of [OFFICE, yuzhong]) {
        refused(await run(viewer), 'FORBIDDEN', new RegExp(`Mutation\\.${change.name} is only for unit-officer\\. Access: `));
      }
      refused(await run(), 'UNAUTHENTICATED', new RegExp(`^Mutation\\.${change.name} needs a signed-in caller`));
      expect(await readSystem(change.input.systemId), change.name).toEqual(before);
      const done = await run(corOfficer);
      expect(done.errors, change.name).toBeUndefined();
      expect((await readSystem(change.input.systemId))?.version, change.name).toBe(change.input.expectedVersion + 1);
    }
  });

  it("lets the requesting unit's officer or its coordinating unit withdraw an extension request (§6.4, §6.2), nobody else", async () => {
    const ask = async () =>
      dataOf(
        await execute(units, REQUEST_EXTENSION, { input: { unitId: COR_UNIT, reason: 'Flooding.', newDueDate: '2099-06-30' } }, corOfficer),
      ).requestExtension;
    const first = await ask();
    const withdraw = (requestId: string, viewer?: Viewer) =>
      execute(units, WITHDRAW, { input: { requestId, reason: 'No longer needed.' } }, viewer);
    refused(
      await withdraw(first.id, kai),
      'FORBIDDEN',
      /^Refused for the unit-officer role of unit kai-county: a unit's officer withdraws only its own unit's requests \(§6\.4\); this request is unit pol-cor-unit's\.$/,
    );
    refused(
      await withdraw(first.id, nanan),
      'FORBIDDEN',
      /^Refused for the coordinator role of unit nanan-district: a coordinating unit withdraws only the requests of the units of its subtree \(§6\.2, §6\.4\); unit pol-cor-unit is outside it\.$/,
    );
    for (const viewer of [OFFICE, FINANCE]) {
      refused(
        await withdraw(first.id, viewer),
        'FORBIDDEN',
        /Mutation\.withdrawExtensionRequest is only for unit-officer, coordinator\. Access: /,
      );
    }
    refused(await withdraw(first.id), 'UNAUTHENTICATED');
    expect((await readUnit(COR_UNIT))?.extensionRequests).toEqual([{ id: first.id, status: 'PENDING' }]);
    expect(dataOf(await withdraw(first.id, corOfficer)).withdrawExtensionRequest).toEqual({
      id: first.id,
      status: 'WITHDRAWN',
      withdrawal: { withdrawnBy: corOfficer.id, role: 'unit-officer' },
    });
    const second = await ask();
    expect(dataOf(await withdraw(second.id, yuzhong)).withdrawExtensionRequest).toMatchObject({
      status: 'WITHDRAWN',
      withdrawal: { withdrawnBy: yuzhong.id, role: 'coordinator' },
    });
  });
});

describe('the audit log', () => {
  const AUDIT = graphql(`query UnitsPolicyAudit($actor: String, $first: Int, $after: String) { auditLog { id
    units(filter: { actor: $actor }, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id subgraph at actor role tenant operation arguments outcome code message subject } } } } }`);
  const auditor: Viewer = { id: 'pol-audited-officer', role: 'unit-officer', unitId: UNIT_ID };

  it('records an allowed and a refused change, newest first, for the joint-conference office to read', async () => {
    const line = { year: 2016, category: 'OTHER' as const, description: 'Audited', amountCny: '10.00' };
    const allowed = dataOf(await execute(units, ADD_BUDGET_LINE, { input: { ...line, unitId: UNIT_ID } }, auditor)).addBudgetLine;
    refused(await execute(units, ADD_BUDGET_LINE, { input: { ...line, unitId: 'kai-county' } }, auditor), 'FORBIDDEN');
    const log = present(present(dataOf(await execute(units, AUDIT, { actor: auditor.id }, OFFICE)).auditLog, 'audit log').units, 'entries');
    expect(log.totalCount).toBe(2);
    const [refusal, change] = log.edges.map((e) => e.node);
    expect(refusal).toMatchObject({
      subgraph: 'units',
      actor: auditor.id,
      role: 'unit-officer',
      tenant: `unit:${UNIT_ID}`,
      operation: 'addBudgetLine',
      outcome: 'REFUSED',
      code: 'FORBIDDEN',
      message: expect.stringMatching(/this line is for unit kai-county\.$/),
      subject: null,
    });
    expect(JSON.parse(present(refusal, 'the refusal').arguments)).toEqual({ input: { ...line, unitId: 'kai-county' } });
    expect(change).toMatchObject({ outcome: 'ALLOWED', code: null, message: null, subject: allowed.id, tenant: `unit:${UNIT_ID}` });
    expect(log.edges.map((e) => e.node.id).every((id) => /^units-\d+$/.test(id))).toBe(true);
    expect(Date.parse(present(change, 'the change').at)).not.toBeNaN();
    // A page at a time, newest first.
    const first = present(
      present(dataOf(await execute(units, AUDIT, { actor: auditor.id, first: 1 }, OFFICE)).auditLog, 'log').units,
      'page',
    );
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = present(
      present(dataOf(await execute(units, AUDIT, { actor: auditor.id, first: 1, after: first.pageInfo.endCursor }, OFFICE)).auditLog, 'log')
        .units,
      'page',
    );
    expect([...first.edges, ...second.edges].map((e) => e.node.outcome)).toEqual(['REFUSED', 'ALLOWED']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it("records the county's refused decision of §6.4 and the office's own", async () => {
    const decisions = graphql(`query UnitsPolicyAuditDecisions { auditLog { units(filter: { operation: "decideExtension" }, first: 50) {
      edges { node { actor role tenant outcome code } } } } }`);
    const entries = present(present(dataOf(await execute(units, decisions, {}, OFFICE)).auditLog, 'log').units, 'entries').edges.map(
      (e) => e.node,
    );
    expect(entries).toContainEqual({
      actor: kai.id,
      role: 'unit-officer',
      tenant: 'unit:kai-county',
      outcome: 'REFUSED',
      code: 'FORBIDDEN',
    });
    expect(entries).toContainEqual({ actor: OFFICE.id, role: 'joint-conference', tenant: null, outcome: 'ALLOWED', code: null });
  });

  it('is read by the joint-conference office only, also as an entity of the gateway', async () => {
    for (const viewer of [ANALYST, FINANCE, nanan, kai, PARK_OPERATOR, CARRIER]) {
      const result = await execute(units, AUDIT, {}, viewer);
      expect(result.data?.auditLog).toBeNull();
      refused(
        result,
        'FORBIDDEN',
        new RegExp(`^Refused for the ${viewer.role} role.*: Query\\.auditLog is only for joint-conference\\. Access: `),
      );
    }
    refused(await execute(units, AUDIT, {}), 'UNAUTHENTICATED');
    const entities = graphql(`query UnitsPolicyAuditEntities($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on AuditLog { id units(first: 1) { totalCount } } } }`);
    const reps = [{ __typename: 'AuditLog', id: 'programme' }];
    const office = dataOf(await execute(units, entities, { reps }, OFFICE));
    const log = at(office._entities, 0);
    expect(log && 'units' in log ? log.units?.totalCount : undefined).toBeGreaterThan(0);
    const analyst = await execute(units, entities, { reps }, ANALYST);
    expect(analyst.data?._entities).toEqual([{ id: 'programme', units: null }]);
    refused(analyst, 'FORBIDDEN', /AuditLog\.units is only for joint-conference\. Access: /);
  });

  it('refuses any update or delete of an entry in the database itself', async () => {
    const { db } = units.database;
    const count = async () => countOf(await selectRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`));
    const before = await count();
    expect(before).toBeGreaterThan(0);
    for (const statement of [sql`delete from audit_log`, sql`update audit_log set outcome = 'ALLOWED'`, sql`truncate audit_log`]) {
      const error: unknown = await db.execute(statement).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeDefined();
      const messages = [error, (error as { cause?: unknown }).cause].map((e) => String((e as Error | undefined)?.message));
      expect(messages.join(' ')).toMatch(/the audit log is append-only: (DELETE|UPDATE|TRUNCATE) refused/);
    }
    expect(await count()).toBe(before);
  });
});
