/**
 * Fail closed: a change whose rule needs another subgraph's answer (a selection's provider and services
 * from vendors, a plan's destination and a system's placement from the park) is refused with
 * SUBGRAPH_UNAVAILABLE, and nothing changes, when that subgraph is not configured or has stopped. What
 * these tests create is named xg-…
 */
import type { Viewer } from '@cq/kit/identity';
import {
  type AskingTestSubgraph,
  dataOf,
  errorOf,
  execute,
  OFFICE,
  officerOf,
  startTestSubgraphAsking,
  type TestSubgraph,
} from '@cq/kit/testing';
import { createParkSubgraph } from '@cq/park';
import { createVendorsSubgraph } from '@cq/vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createUnitsSubgraph } from '../src/server.ts';
import {
  type ApproveMigrationPlanInput,
  type AssessSystemInput,
  graphql,
  type SelectVendorInput,
  type StepInput,
} from './generated/graphql.ts';
import { seededSystems } from './reference.ts';
import { placeInPark, startUnitsWithPeers, type UnitsWithPeers } from './with-peers.ts';

const UNIT = 'xg-unit';
const OFFICER = officerOf(UNIT);

const CREATE_UNIT = graphql(`mutation CrossGraphCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id } }`);
const CREATE_SYSTEM = graphql(
  `mutation CrossGraphCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { id stage version } }`,
);
const ASSESS = graphql(`mutation CrossGraphAssess($input: AssessSystemInput!) { assessSystem(input: $input) { id stage version } }`);
const SELECT_VENDOR = graphql(
  `mutation CrossGraphSelectVendor($input: SelectVendorInput!) { selectVendor(input: $input) { id stage version } }`,
);
const APPROVE_PLAN = graphql(
  `mutation CrossGraphApprovePlan($input: ApproveMigrationPlanInput!) { approveMigrationPlan(input: $input) { id stage version } }`,
);
const START = graphql(`mutation CrossGraphStart($input: StepInput!) { startMigration(input: $input) { id stage version } }`);
const CENTRALISE = graphql(`mutation CrossGraphCentralise($input: StepInput!) { markCentralised(input: $input) { id stage version } }`);
const READ_SYSTEM = graphql(`query CrossGraphSystem($id: ID!) { system(id: $id) { id stage version history { to }
  vendor { id } migrationPlan { destination { id } } } }`);

const READY: Omit<AssessSystemInput, 'systemId' | 'expectedVersion'> = {
  readiness: 'READY',
  strategy: 'REHOST',
  recommendedServiceModel: 'IAAS',
};
const SELECTION: Omit<SelectVendorInput, 'systemId' | 'expectedVersion'> = {
  vendorId: 'sample-jialing-cloud',
  cloudServiceIds: ['jialing-vm'],
  procurementMethod: 'PUBLIC_TENDER',
  procurementReference: 'CQGP-2016-0777',
};
/** A plan that fits batch 3 (2016-01-01 to 2016-06-30). */
const PLAN: Omit<ApproveMigrationPlanInput, 'systemId' | 'expectedVersion'> = {
  destinationDataCenterId: 'government-cloud-platform',
  writtenWithVendorId: 'sample-jialing-cloud',
  plannedStart: '2016-03-01',
  plannedCutover: '2016-05-15',
  contingencyPlan: 'Keep the old system running in parallel.',
};

/** A subgraph's answers, in the shape execute gives. */
type Units = TestSubgraph<Context>;

const readSystem = async (units: Units, id: string) => dataOf(await execute(units, READ_SYSTEM, { id }, OFFICE)).system;

/** A public institution of Yuzhong District (batch 3) with a system brought to a stage, step by step. */
async function prepare(units: Units, systemIds: string[]): Promise<void> {
  const input = {
    id: UNIT,
    name: 'Cross-graph test unit',
    officialName: '测试单位',
    kind: 'PUBLIC_INSTITUTION' as const,
    parentId: 'yuzhong-district',
  };
  dataOf(await execute(units, CREATE_UNIT, { input }, OFFICE));
  for (const id of systemIds) {
    const system = {
      id,
      unitId: UNIT,
      name: `Test system ${id}`,
      officialName: '测试系统',
      classification: 'NON_CLASSIFIED' as const,
      businessType: 'GOVERNMENT_SERVICE' as const,
      hosting: 'OWN_MACHINE_ROOM' as const,
    };
    dataOf(await execute(units, CREATE_SYSTEM, { input: system }, OFFICER));
    dataOf(await execute(units, ASSESS, { input: { systemId: id, expectedVersion: 1, ...READY } }, OFFICER));
  }
}

const select = (units: Units, systemId: string, viewer: Viewer = OFFICER) =>
  execute(units, SELECT_VENDOR, { input: { systemId, expectedVersion: 2, ...SELECTION } }, viewer);
const approve = (units: Units, systemId: string, viewer: Viewer = OFFICER) =>
  execute(units, APPROVE_PLAN, { input: { systemId, expectedVersion: 3, ...PLAN } }, viewer);
const start = (units: Units, systemId: string) => execute(units, START, { input: { systemId, expectedVersion: 4 } }, OFFICER);
const centralise = (units: Units, input: StepInput, viewer: Viewer = OFFICER) => execute(units, CENTRALISE, { input }, viewer);

/** Refused because a peer could not be asked: its name, and why. */
function unavailable(result: Parameters<typeof errorOf>[0], peer: string, why: RegExp) {
  const error = errorOf(result);
  expect(error.code).toBe('SUBGRAPH_UNAVAILABLE');
  expect(error.message).toMatch(new RegExp(`^The ${peer} subgraph could not be asked \\(${why.source}\\); nothing was accepted`));
}

describe('a peer that is not configured', () => {
  /** Units that knows where vendors answers, not the park; and units that knows the park, not vendors. */
  let withoutPark: AskingTestSubgraph<Context, 'vendors'>;
  let withoutVendors: AskingTestSubgraph<Context, 'park'>;
  beforeAll(async () => {
    [withoutPark, withoutVendors] = await Promise.all([
      startTestSubgraphAsking('units', createUnitsSubgraph, { vendors: createVendorsSubgraph }),
      startTestSubgraphAsking('units', createUnitsSubgraph, { park: createParkSubgraph }),
    ]);
    await Promise.all([prepare(withoutPark, ['xg-plan']), prepare(withoutVendors, ['xg-selection'])]);
  });
  afterAll(async () => {
    await Promise.all([withoutPark?.stop(), withoutVendors?.stop()]);
  });

  it('refuses a selection when vendors cannot be asked (SUBGRAPH_UNAVAILABLE), and changes nothing', async () => {
    const before = await readSystem(withoutVendors, 'xg-selection');
    unavailable(await select(withoutVendors, 'xg-selection'), 'vendors', /VENDORS_URL is not configured/);
    expect(await readSystem(withoutVendors, 'xg-selection')).toEqual(before);
    expect(before).toMatchObject({ stage: 'ASSESSED', vendor: null });
  });

  it('refuses a plan, and centralisation, when the park cannot be asked (SUBGRAPH_UNAVAILABLE), and changes nothing', async () => {
    dataOf(await select(withoutPark, 'xg-plan'));
    const before = await readSystem(withoutPark, 'xg-plan');
    unavailable(await approve(withoutPark, 'xg-plan'), 'park', /PARK_URL is not configured/);
    expect(await readSystem(withoutPark, 'xg-plan')).toEqual(before);
    expect(before).toMatchObject({ stage: 'VENDOR_SELECTED', migrationPlan: null });
    // A system of the seed still migrating (its plan approved): whether it is placed is the park's to say.
    const migrating = seededSystems.find((s) => s.story.stage === 'MIGRATING');
    if (!migrating) throw new Error('The seed has no system still migrating.');
    const { system, unit, story } = migrating;
    const seeded = await readSystem(withoutPark, system.id);
    unavailable(
      await centralise(withoutPark, { systemId: system.id, expectedVersion: story.version }, officerOf(unit.id)),
      'park',
      /PARK_URL is not configured/,
    );
    expect(await readSystem(withoutPark, system.id)).toEqual(seeded);
    expect(seeded).toMatchObject({ stage: 'MIGRATING', version: story.version });
  });
});

describe('a peer that has stopped', () => {
  let hub: UnitsWithPeers;
  beforeAll(async () => {
    hub = await startUnitsWithPeers();
    await prepare(hub, ['xg-stopped-selection', 'xg-stopped-plan', 'xg-stopped-centralised']);
    dataOf(await select(hub, 'xg-stopped-plan'));
    dataOf(await select(hub, 'xg-stopped-centralised'));
    dataOf(await approve(hub, 'xg-stopped-centralised'));
    dataOf(await start(hub, 'xg-stopped-centralised'));
    // Placed where its plan says: only the park's answer is missing once the park stops.
    dataOf(await placeInPark(hub, 'xg-stopped-centralised', PLAN.destinationDataCenterId));
    await Promise.all([hub.peers.park.listening.stop(), hub.peers.vendors.listening.stop()]);
  });
  afterAll(async () => hub?.stop());

  it('refuses a selection when vendors does not answer (SUBGRAPH_UNAVAILABLE), and changes nothing', async () => {
    const before = await readSystem(hub, 'xg-stopped-selection');
    unavailable(await select(hub, 'xg-stopped-selection'), 'vendors', /no connection/);
    expect(await readSystem(hub, 'xg-stopped-selection')).toEqual(before);
  });

  it('refuses a plan when the park does not answer (SUBGRAPH_UNAVAILABLE), and changes nothing', async () => {
    const before = await readSystem(hub, 'xg-stopped-plan');
    unavailable(await approve(hub, 'xg-stopped-plan'), 'park', /no connection/);
    expect(await readSystem(hub, 'xg-stopped-plan')).toEqual(before);
    expect(before).toMatchObject({ stage: 'VENDOR_SELECTED' });
  });

  it('refuses centralisation when the park does not answer, even for a system it had placed as planned, and changes nothing', async () => {
    const before = await readSystem(hub, 'xg-stopped-centralised');
    expect(before).toMatchObject({ stage: 'MIGRATING', version: 5 });
    unavailable(await centralise(hub, { systemId: 'xg-stopped-centralised', expectedVersion: 5 }), 'park', /no connection/);
    expect(await readSystem(hub, 'xg-stopped-centralised')).toEqual(before);
  });

  it('still refuses another unit first (FORBIDDEN): the peer is not needed to say no', async () => {
    const other = officerOf('kai-county');
    const refusal = errorOf(await centralise(hub, { systemId: 'xg-stopped-centralised', expectedVersion: 5 }, other));
    expect(refusal.code).toBe('FORBIDDEN');
  });
});
