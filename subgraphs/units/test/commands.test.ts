/**
 * The units subgraph's own rules, command by command, in process and without the gateway: every row of
 * the rules table (src/domain/rules.ts) refused with its code and its message, with nothing changed when
 * read back, and the allowed path beside it. The same scenarios as e2e/test/workflow.test.ts, about this
 * subgraph only. What these tests create is named cmd-…, on units they create themselves. Each change is
 * made by the role the schema names: the joint-conference office registers units and decides extensions,
 * the officer of a system's own unit runs its workflow; every read-back is the office's, which reads
 * everything (who else may do what: policy.test.ts). The real park and vendors subgraphs, each on its own
 * seed and served over HTTP, answer what units asks them (a plan's destination, where a system is placed,
 * a selection's provider and services); a system is centralised once the park's operator has placed it
 * where its plan says (what happens when a peer cannot be asked: cross-graph.test.ts).
 */
import type { Viewer } from '@cq/kit/identity';
import { at, dataOf, errorOf, execute, OFFICE, present } from '@cq/kit/testing';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AddBudgetLineInput,
  type AddDependencyInput,
  type ApproveMigrationPlanInput,
  type AssessSystemInput,
  type CommandSystemFieldsFragment,
  type CreateSystemInput,
  type CreateUnitInput,
  type DecideExtensionInput,
  graphql,
  type MigrationStage,
  type RequestExtensionInput,
  type SelectVendorInput,
  type StepInput,
} from './generated/graphql.ts';
import { earlierPlacement, placeInPark, setPlatformOpening, startUnitsWithPeers, type UnitsWithPeers } from './with-peers.ts';

let units: UnitsWithPeers;
beforeAll(async () => {
  units = await startUnitsWithPeers();
});
afterAll(async () => units?.stop());

/** Who calls: the joint-conference office (§6.1, §6.4), and the officer of each unit for its own unit. */
const officerOf = (unitId: string | number): Viewer => ({ id: `${unitId}-officer`, role: 'unit-officer', unitId: String(unitId) });

/** The unit of each system these tests register, so that its steps are run by its own unit's officer. */
const unitOfSystem = new Map<string, string>();
const officerOfSystem = (systemId: string | number) => officerOf(unitOfSystem.get(String(systemId)) ?? 'cmd-unregistered-unit');

interface Outcome {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** A refused mutation: no data, and a first error with the rule's code and a message citing it. */
function refused(result: Outcome, code: string, message: RegExp): void {
  expect(Object.values(result.data ?? {}).filter((value) => value !== null)).toEqual([]);
  const error = errorOf(result);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

/** An extension of a refusal's first error, e.g. the `field` an UNKNOWN_REFERENCE names. */
const extensionOf = (result: Outcome, name: string) => at(result.errors, 0).extensions?.[name];

// What every step answers and every read-back reads: the system as it stands, with its whole history.
graphql(`fragment CommandSystemFields on InformationSystem { id stage version history { from to actor note at }
  assessment { readiness blockers { severity } } vendor { id }
  migrationPlan { destination { id } writtenWith { id } plannedStart plannedCutover contingencyPlan actor } }`);

async function readSystem(id: string) {
  const result = await execute(
    units,
    graphql(`query CommandSystem($id: ID!) { system(id: $id) { ...CommandSystemFields isExempt dueDate isOverdue
  dependencies { id } dependents { id } scheduleWarnings { dependsOn { id } message } } }`),
    { id },
    OFFICE,
  );
  return dataOf(result).system;
}

/** A unit with everything a refusal could change: its extension requests, budget lines and systems. */
async function readUnit(id: string) {
  const result = await execute(
    units,
    graphql(`query CommandUnit($id: ID!) { unit(id: $id) { id name kind batch { number } coordinatingUnit { id } isMigrating
  extensionRequests { id status newDueDate requestedBy decision { approved decidedBy } }
  budgetLines { year category amountCny compliant nonComplianceReason }
  systems { ...CommandSystemFields dueDate isOverdue } } }`),
    { id },
    OFFICE,
  );
  return dataOf(result).unit;
}

const createUnit = (input: CreateUnitInput, viewer = OFFICE) =>
  execute(
    units,
    graphql(`mutation CommandCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id kind batch { number }
  coordinatingUnit { id } parent { id } ownershipStake hasAdministrativeApproval systemsAlreadyHosted isPilot isSample } }`),
    { input },
    viewer,
  );
const createSystem = (input: CreateSystemInput, viewer = officerOf(input.unitId)) => {
  unitOfSystem.set(String(input.id), String(input.unitId));
  return execute(
    units,
    graphql(
      `mutation CommandCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { ...CommandSystemFields unit { id } isExempt } }`,
    ),
    { input },
    viewer,
  );
};
const assessSystem = (input: AssessSystemInput, viewer = officerOfSystem(input.systemId)) =>
  execute(
    units,
    graphql(`mutation CommandAssessSystem($input: AssessSystemInput!) { assessSystem(input: $input) { ...CommandSystemFields } }`),
    { input },
    viewer,
  );
const selectVendor = (input: SelectVendorInput, viewer = officerOfSystem(input.systemId)) =>
  execute(
    units,
    graphql(`mutation CommandSelectVendor($input: SelectVendorInput!) { selectVendor(input: $input) { ...CommandSystemFields } }`),
    { input },
    viewer,
  );
const approveMigrationPlan = (input: ApproveMigrationPlanInput, viewer = officerOfSystem(input.systemId)) =>
  execute(
    units,
    graphql(
      `mutation CommandApproveMigrationPlan($input: ApproveMigrationPlanInput!) { approveMigrationPlan(input: $input) { ...CommandSystemFields } }`,
    ),
    { input },
    viewer,
  );
const startMigration = (input: StepInput, viewer = officerOfSystem(input.systemId)) =>
  execute(
    units,
    graphql(`mutation CommandStartMigration($input: StepInput!) { startMigration(input: $input) { ...CommandSystemFields } }`),
    { input },
    viewer,
  );
const markCentralised = (input: StepInput, viewer = officerOfSystem(input.systemId)) =>
  execute(
    units,
    graphql(`mutation CommandMarkCentralised($input: StepInput!) { markCentralised(input: $input) { ...CommandSystemFields } }`),
    { input },
    viewer,
  );
const markIntegrated = (input: StepInput, viewer = officerOfSystem(input.systemId)) =>
  execute(
    units,
    graphql(`mutation CommandMarkIntegrated($input: StepInput!) { markIntegrated(input: $input) { ...CommandSystemFields } }`),
    { input },
    viewer,
  );
const addDependency = (input: AddDependencyInput, viewer = officerOfSystem(input.systemId)) =>
  execute(
    units,
    graphql(`mutation CommandAddDependency($input: AddDependencyInput!) { addDependency(input: $input) { id dependencies { id }
  scheduleWarnings { dependsOn { id } message } } }`),
    { input },
    viewer,
  );
const requestExtension = (input: RequestExtensionInput, viewer = officerOf(input.unitId)) =>
  execute(
    units,
    graphql(`mutation CommandRequestExtension($input: RequestExtensionInput!) { requestExtension(input: $input) { id unit { id }
  reason newDueDate requestedBy status decision { approved } } }`),
    { input },
    viewer,
  );
const decideExtension = (input: DecideExtensionInput, viewer = OFFICE) =>
  execute(
    units,
    graphql(`mutation CommandDecideExtension($input: DecideExtensionInput!) { decideExtension(input: $input) { id status
  decision { approved note decidedBy } } }`),
    { input },
    viewer,
  );
const addBudgetLine = (input: AddBudgetLineInput, viewer = officerOf(input.unitId)) =>
  execute(
    units,
    graphql(`mutation CommandAddBudgetLine($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { unit { id } year category
  description amountCny compliant nonComplianceReason recordedBy } }`),
    { input },
    viewer,
  );

/** A new unit, which must be registered. */
const newUnit = async (input: CreateUnitInput) => dataOf(await createUnit(input)).createUnit;

/** A new public institution of Yuzhong District (batch 3, coordinated by the district), with any changes. */
const institution = (id: string, changes: Partial<CreateUnitInput> = {}) =>
  newUnit({ id, name: `Test ${id}`, officialName: '测试单位', kind: 'PUBLIC_INSTITUTION', parentId: 'yuzhong-district', ...changes });

const systemInput = (id: string, unitId: string, changes: Partial<CreateSystemInput> = {}): CreateSystemInput => ({
  id,
  unitId,
  name: `Test system ${id}`,
  officialName: '测试系统',
  classification: 'NON_CLASSIFIED',
  businessType: 'GOVERNMENT_SERVICE',
  hosting: 'OWN_MACHINE_ROOM',
  ...changes,
});

const READY: Omit<AssessSystemInput, 'systemId' | 'expectedVersion'> = {
  readiness: 'READY',
  strategy: 'REHOST',
  recommendedServiceModel: 'IAAS',
};
const SELECTION: Omit<SelectVendorInput, 'systemId' | 'expectedVersion'> = {
  vendorId: 'sample-jialing-cloud',
  cloudServiceIds: ['jialing-vm', 'jialing-backup'],
  procurementMethod: 'PUBLIC_TENDER',
  procurementReference: 'CQGP-2016-0101',
};
/** A plan that fits batch 3 (2016-01-01 to 2016-06-30) and goes to a government data centre (§4). */
const PLAN: Omit<ApproveMigrationPlanInput, 'systemId' | 'expectedVersion'> = {
  destinationDataCenterId: 'government-cloud-platform',
  writtenWithVendorId: 'sample-jialing-cloud',
  plannedStart: '2016-03-01',
  plannedCutover: '2016-05-15',
  contingencyPlan: 'Keep the old servers running until two weeks after cut-over.',
};

/** The steps in order, each with what it needs: used to bring a new system to the stage a test starts from. */
const ADVANCE: { to: MigrationStage; run: (systemId: string, expectedVersion: number) => Promise<CommandSystemFieldsFragment> }[] = [
  {
    to: 'ASSESSED',
    run: async (systemId, expectedVersion) => dataOf(await assessSystem({ systemId, expectedVersion, ...READY })).assessSystem,
  },
  {
    to: 'VENDOR_SELECTED',
    run: async (systemId, expectedVersion) => dataOf(await selectVendor({ systemId, expectedVersion, ...SELECTION })).selectVendor,
  },
  {
    to: 'PLAN_APPROVED',
    run: async (systemId, expectedVersion) =>
      dataOf(await approveMigrationPlan({ systemId, expectedVersion, ...PLAN })).approveMigrationPlan,
  },
  { to: 'MIGRATING', run: async (systemId, expectedVersion) => dataOf(await startMigration({ systemId, expectedVersion })).startMigration },
];

/** A new non-classified system of a unit, brought through the steps to a stage (INVENTORIED to MIGRATING). */
async function systemAt(id: string, unitId: string, stage: MigrationStage): Promise<CommandSystemFieldsFragment> {
  let system: CommandSystemFieldsFragment = dataOf(await createSystem(systemInput(id, unitId))).createSystem;
  for (const step of ADVANCE) {
    if (system.stage === stage) break;
    system = await step.run(id, system.version);
  }
  expect(system.stage).toBe(stage);
  return system;
}

describe('createUnit: the batch (§5) and the coordinating unit (§6.2)', () => {
  it('derives the batch and the coordinating unit of a new unit, and accepts the derived coordinator named', async () => {
    const common = { isPilot: false, isSample: false, ownershipStake: null, hasAdministrativeApproval: false, systemsAlreadyHosted: false };
    expect(
      await newUnit({
        id: 'cmd-permits-centre',
        name: 'Test Permits Centre',
        officialName: '测试许可中心',
        kind: 'PUBLIC_INSTITUTION',
        parentId: 'sample-transport-commission',
        hasAdministrativeApproval: true,
      }),
    ).toEqual({
      ...common,
      id: 'cmd-permits-centre',
      kind: 'PUBLIC_INSTITUTION',
      batch: { number: 3 },
      coordinatingUnit: { id: 'sample-transport-commission' },
      parent: { id: 'sample-transport-commission' },
      hasAdministrativeApproval: true,
    });
    // A municipal SOE group answers to the SASAC, in batch 2; naming the derived coordinator is no mismatch.
    expect(
      await newUnit({
        id: 'cmd-energy-group',
        name: 'Test Energy Group',
        officialName: '测试能源集团',
        kind: 'MUNICIPAL_SOE_GROUP',
        coordinatingUnitId: 'sasac',
      }),
    ).toEqual({
      ...common,
      id: 'cmd-energy-group',
      kind: 'MUNICIPAL_SOE_GROUP',
      batch: { number: 2 },
      coordinatingUnit: { id: 'sasac' },
      parent: null,
    });
    // Its subsidiary reaches the SASAC through its parent, in batch 3.
    expect(
      await newUnit({
        id: 'cmd-energy-group-gas',
        name: 'Test Gas Company',
        officialName: '测试燃气公司',
        kind: 'SOE_SUBSIDIARY',
        parentId: 'cmd-energy-group',
        ownershipStake: 'HOLDING',
      }),
    ).toEqual({
      ...common,
      id: 'cmd-energy-group-gas',
      kind: 'SOE_SUBSIDIARY',
      batch: { number: 3 },
      coordinatingUnit: { id: 'sasac' },
      parent: { id: 'cmd-energy-group' },
      ownershipStake: 'HOLDING',
    });
    // A district coordinates itself.
    expect(await newUnit({ id: 'cmd-district', name: 'Test District', officialName: '测试区人民政府', kind: 'DISTRICT' })).toMatchObject({
      batch: { number: 3 },
      coordinatingUnit: { id: 'cmd-district' },
    });
    // Units whose systems are already hosted finish in batch 1.
    expect(await institution('cmd-hosted-centre', { parentId: 'tourism-bureau', systemsAlreadyHosted: true })).toMatchObject({
      batch: { number: 1 },
      coordinatingUnit: { id: 'tourism-bureau' },
      systemsAlreadyHosted: true,
    });
    // Where §6.2 is silent, the coordinator named is kept; central agencies go with batch 3.
    expect(
      await newUnit({
        id: 'cmd-central-agency',
        name: 'Test Central Agency',
        officialName: '测试中央驻渝机构',
        kind: 'CENTRAL_AGENCY',
        coordinatingUnitId: 'economic-information-commission',
      }),
    ).toMatchObject({ batch: { number: 3 }, coordinatingUnit: { id: 'economic-information-commission' }, parent: null });
    const read = present(await readUnit('cmd-energy-group-gas'), 'cmd-energy-group-gas');
    expect(read).toMatchObject({ batch: { number: 3 }, coordinatingUnit: { id: 'sasac' }, systems: [] });
  });

  it("makes a municipal department, not the SASAC, the coordinator of an SOE group under it, and of the group's subsidiaries (§6.2)", async () => {
    // "Each municipal department: itself and its subordinate SOEs and institutions" (§6.2); SOEs under departments go in batch 3 (§5).
    expect(
      await newUnit({
        id: 'cmd-transport-group',
        name: 'Test Transport Group',
        officialName: '测试交通集团',
        kind: 'MUNICIPAL_SOE_GROUP',
        parentId: 'sample-transport-commission',
      }),
    ).toMatchObject({
      kind: 'MUNICIPAL_SOE_GROUP',
      batch: { number: 3 },
      coordinatingUnit: { id: 'sample-transport-commission' },
      parent: { id: 'sample-transport-commission' },
    });
    // Naming the department is no mismatch; its subsidiary answers to the department too.
    expect(
      await newUnit({
        id: 'cmd-transport-group-bus',
        name: 'Test Bus Company',
        officialName: '测试公交公司',
        kind: 'SOE_SUBSIDIARY',
        parentId: 'cmd-transport-group',
        ownershipStake: 'WHOLLY_OWNED',
        coordinatingUnitId: 'sample-transport-commission',
      }),
    ).toMatchObject({ batch: { number: 3 }, coordinatingUnit: { id: 'sample-transport-commission' } });
    // The department's subtree, not the SASAC's, holds them.
    const subtrees = dataOf(
      await execute(
        units,
        graphql(
          `query CommandSubtrees { department: unit(id: "sample-transport-commission") { subtreeIds } sasac: unit(id: "sasac") { subtreeIds } }`,
        ),
        {},
        OFFICE,
      ),
    );
    expect(subtrees.department?.subtreeIds).toEqual(expect.arrayContaining(['cmd-transport-group', 'cmd-transport-group-bus']));
    expect(subtrees.sasac?.subtreeIds).not.toContain('cmd-transport-group');
    expect(subtrees.sasac?.subtreeIds).toEqual(expect.arrayContaining(['rural-commercial-bank', 'sample-energy-group-gas']));
    // Naming the SASAC for a group under a department contradicts §6.2.
    const sasac = await createUnit({
      id: 'cmd-transport-group-sasac',
      name: 'X',
      officialName: '某',
      kind: 'MUNICIPAL_SOE_GROUP',
      parentId: 'sample-transport-commission',
      coordinatingUnitId: 'sasac',
    });
    refused(sasac, 'COORDINATOR_MISMATCH', /^§6\.2 makes sample-transport-commission the coordinating unit of such a unit, not sasac\.$/);
    expect(extensionOf(sasac, 'derived')).toBe('sample-transport-commission');
    expect(await readUnit('cmd-transport-group-sasac')).toBeNull();
  });

  it('derives from the parent chain that a unit below a central SOE is only encouraged to migrate (§1): batch 3, whatever it says', async () => {
    await newUnit({
      id: 'cmd-central-grid',
      name: 'Test Central Grid',
      officialName: '测试在渝央企',
      kind: 'CENTRAL_SOE',
      coordinatingUnitId: 'sasac',
      systemsAlreadyHosted: true,
    });
    // Hosted systems put an obliged unit in batch 1; a unit only encouraged is scheduled with batch 3.
    expect(present(await readUnit('cmd-central-grid'), 'cmd-central-grid')).toMatchObject({ batch: { number: 3 } });
    expect(
      await newUnit({
        id: 'cmd-central-grid-sub',
        name: 'Test Grid Subsidiary',
        officialName: '测试电网子公司',
        kind: 'SOE_SUBSIDIARY',
        parentId: 'cmd-central-grid',
        ownershipStake: 'HOLDING',
        systemsAlreadyHosted: true,
      }),
    ).toMatchObject({ batch: { number: 3 }, coordinatingUnit: { id: 'sasac' }, parent: { id: 'cmd-central-grid' } });
  });

  it('refuses a coordinator that contradicts §6.2 (COORDINATOR_MISMATCH) and registers nothing', async () => {
    const result = await createUnit({
      id: 'cmd-mismatch',
      name: 'X',
      officialName: '某',
      kind: 'MUNICIPAL_SOE_GROUP',
      coordinatingUnitId: 'finance-bureau',
    });
    refused(result, 'COORDINATOR_MISMATCH', /^§6\.2 makes sasac the coordinating unit of such a unit, not finance-bureau\.$/);
    expect(extensionOf(result, 'derived')).toBe('sasac');
    // A department's institution answers to the department, whatever is named.
    refused(
      await createUnit({
        id: 'cmd-mismatch',
        name: 'X',
        officialName: '某',
        kind: 'PUBLIC_INSTITUTION',
        parentId: 'sample-transport-commission',
        coordinatingUnitId: 'yuzhong-district',
      }),
      'COORDINATOR_MISMATCH',
      /§6\.2 makes sample-transport-commission the coordinating unit .* not yuzhong-district/,
    );
    expect(await readUnit('cmd-mismatch')).toBeNull();
  });

  it('requires a coordinator where §6.2 fixes none (COORDINATOR_REQUIRED) and registers nothing', async () => {
    refused(
      await createUnit({ id: 'cmd-central-unnamed', name: 'X', officialName: '某', kind: 'CENTRAL_AGENCY' }),
      'COORDINATOR_REQUIRED',
      /§6\.2 fixes no coordinating unit for this unit; name one/,
    );
    // A unit without a parent, other than a coordinating kind or an SOE group, has none derived either.
    refused(
      await createUnit({ id: 'cmd-orphan-institution', name: 'X', officialName: '某', kind: 'PUBLIC_INSTITUTION' }),
      'COORDINATOR_REQUIRED',
      /§6\.2 fixes no coordinating unit/,
    );
    expect(await readUnit('cmd-central-unnamed')).toBeNull();
    expect(await readUnit('cmd-orphan-institution')).toBeNull();
  });

  it('refuses a coordinator that is not a department or a district or county government (COORDINATOR_INVALID) and registers nothing', async () => {
    refused(
      await createUnit({
        id: 'cmd-central-bank-led',
        name: 'X',
        officialName: '某',
        kind: 'CENTRAL_SOE',
        coordinatingUnitId: 'rural-commercial-bank',
      }),
      'COORDINATOR_INVALID',
      /^§6\.2: coordinating units are municipal departments and district or county governments; rural-commercial-bank is a MUNICIPAL_SOE_GROUP\.$/,
    );
    expect(await readUnit('cmd-central-bank-led')).toBeNull();
  });

  it('refuses an unknown parent or coordinator as UNKNOWN_REFERENCE naming the field, and registers nothing', async () => {
    const parent = await createUnit({
      id: 'cmd-lost-child',
      name: 'X',
      officialName: '某',
      kind: 'PUBLIC_INSTITUTION',
      parentId: 'cmd-no-such-parent',
    });
    refused(parent, 'UNKNOWN_REFERENCE', /^There is no unit cmd-no-such-parent\.$/);
    expect(extensionOf(parent, 'field')).toBe('parentId');
    const coordinator = await createUnit({
      id: 'cmd-lost-child',
      name: 'X',
      officialName: '某',
      kind: 'CENTRAL_AGENCY',
      coordinatingUnitId: 'cmd-no-such-coordinator',
    });
    refused(coordinator, 'UNKNOWN_REFERENCE', /^There is no unit cmd-no-such-coordinator\.$/);
    expect(extensionOf(coordinator, 'field')).toBe('coordinatingUnitId');
    expect(await readUnit('cmd-lost-child')).toBeNull();
  });

  it('answers an id already taken with ALREADY_EXISTS from the database, naming the key, and changes nothing', async () => {
    const before = await readUnit('banan-district');
    expect(before).toMatchObject({ name: 'Banan District', kind: 'DISTRICT' });
    const unit = await createUnit({ id: 'banan-district', name: 'Duplicate', officialName: '重复', kind: 'DISTRICT' });
    refused(unit, 'ALREADY_EXISTS', /That record already exists: \(id\)=\(banan-district\)\./);
    expect(JSON.stringify(unit)).not.toMatch(/insert into|units_pkey/i);
    expect(await readUnit('banan-district')).toEqual(before);
    // A system id too: its history is not opened a second time.
    const seeded = await readSystem('banan-district-system-1');
    refused(
      await createSystem(systemInput('banan-district-system-1', 'banan-district', { name: 'Duplicate' })),
      'ALREADY_EXISTS',
      /\(id\)=\(banan-district-system-1\)/,
    );
    expect(await readSystem('banan-district-system-1')).toEqual(seeded);
  });

  it('refuses a change from a caller who is not signed in (UNAUTHENTICATED) and changes nothing', async () => {
    refused(
      await execute(units, graphql(`mutation CommandAnonymousCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id } }`), {
        input: { id: 'cmd-anonymous', name: 'X', officialName: '某', kind: 'DISTRICT' },
      }),
      'UNAUTHENTICATED',
      /^Mutation\.createUnit needs a signed-in caller: send a bearer token\.$/,
    );
    expect(await readUnit('cmd-anonymous')).toBeNull();
    await institution('cmd-anonymous-target');
    await systemAt('cmd-anonymous-target-system', 'cmd-anonymous-target', 'INVENTORIED');
    const before = await readSystem('cmd-anonymous-target-system');
    refused(
      await execute(units, graphql(`mutation CommandAnonymousAssess($input: AssessSystemInput!) { assessSystem(input: $input) { id } }`), {
        input: { systemId: 'cmd-anonymous-target-system', expectedVersion: 1, ...READY },
      }),
      'UNAUTHENTICATED',
      /^Mutation\.assessSystem needs a signed-in caller/,
    );
    expect(await readSystem('cmd-anonymous-target-system')).toEqual(before);
  });
});

describe('createSystem', () => {
  beforeAll(async () => {
    await institution('cmd-registry-unit');
  });

  it('registers a system at INVENTORIED, version 1, its history opened by the caller', async () => {
    const clerk: Viewer = { id: 'registry-clerk', role: 'unit-officer', unitId: 'cmd-registry-unit' };
    const created = dataOf(
      await createSystem(systemInput('cmd-registered', 'cmd-registry-unit', { classification: 'CLASSIFIED' }), clerk),
    ).createSystem;
    expect(created).toMatchObject({
      id: 'cmd-registered',
      unit: { id: 'cmd-registry-unit' },
      // Classified: its stage reads EXEMPT (§1), its history opens at INVENTORIED.
      stage: 'EXEMPT',
      version: 1,
      isExempt: true,
      assessment: null,
      vendor: null,
      migrationPlan: null,
    });
    expect(created.history.map((h) => [h.from, h.to, h.actor, h.note])).toEqual([[null, 'INVENTORIED', 'registry-clerk', 'Inventoried']]);
    expect(present(await readUnit('cmd-registry-unit'), 'cmd-registry-unit').systems.map((s) => s.id)).toEqual(['cmd-registered']);
  });

  it('refuses an unknown unitId as UNKNOWN_REFERENCE naming the field, and registers nothing', async () => {
    const result = await createSystem(systemInput('cmd-homeless', 'cmd-no-such-unit'));
    refused(result, 'UNKNOWN_REFERENCE', /^There is no unit cmd-no-such-unit\.$/);
    expect(extensionOf(result, 'field')).toBe('unitId');
    expect(await readSystem('cmd-homeless')).toBeNull();
  });
});

describe('the four steps of §3 and the two milestones of §2.2, in order', () => {
  beforeAll(async () => {
    // A unit with administrative-approval functions (§4), and one without.
    await institution('cmd-steps-centre', { parentId: 'sample-transport-commission', hasAdministrativeApproval: true });
    await institution('cmd-steps-office');
  });

  it('refuses a skipped step (STEP_OUT_OF_ORDER) and changes nothing', async () => {
    await systemAt('cmd-skipper', 'cmd-steps-office', 'INVENTORIED');
    const read = await readSystem('cmd-skipper');
    expect(read).toMatchObject({ stage: 'INVENTORIED', version: 1 });
    const selection = await selectVendor({ systemId: 'cmd-skipper', expectedVersion: 1, ...SELECTION });
    refused(
      selection,
      'STEP_OUT_OF_ORDER',
      /^§3: steps go in order and none may be skipped; cmd-skipper is INVENTORIED, so a provider selection \(step 2\) cannot be recorded \(it needs ASSESSED\)\.$/,
    );
    expect(extensionOf(selection, 'stage')).toBe('INVENTORIED');
    refused(
      await approveMigrationPlan({ systemId: 'cmd-skipper', expectedVersion: 1, ...PLAN }),
      'STEP_OUT_OF_ORDER',
      /needs VENDOR_SELECTED/,
    );
    refused(await startMigration({ systemId: 'cmd-skipper', expectedVersion: 1 }), 'STEP_OUT_OF_ORDER', /needs PLAN_APPROVED/);
    refused(await markCentralised({ systemId: 'cmd-skipper', expectedVersion: 1 }), 'STEP_OUT_OF_ORDER', /needs MIGRATING/);
    refused(await markIntegrated({ systemId: 'cmd-skipper', expectedVersion: 1 }), 'STEP_OUT_OF_ORDER', /needs CENTRALISED/);
    expect(await readSystem('cmd-skipper')).toEqual(read);
  });

  it('refuses a step on an unknown system (NOT_FOUND)', async () => {
    refused(
      await assessSystem({ systemId: 'cmd-no-such-system', expectedVersion: 1, ...READY }),
      'NOT_FOUND',
      /^Information system cmd-no-such-system does not exist\.$/,
    );
    refused(await startMigration({ systemId: 'cmd-no-such-system', expectedVersion: 1 }), 'NOT_FOUND', /cmd-no-such-system does not exist/);
    expect(await readSystem('cmd-no-such-system')).toBeNull();
  });

  it('never migrates a classified system (CLASSIFIED_SYSTEM_EXEMPT, §1): no step, no due date, never overdue', async () => {
    dataOf(await createSystem(systemInput('cmd-secret', 'cmd-steps-centre', { classification: 'CLASSIFIED' })));
    const before = await readSystem('cmd-secret');
    expect(before).toMatchObject({ stage: 'EXEMPT', version: 1, isExempt: true, dueDate: null, isOverdue: false });
    refused(
      await assessSystem({ systemId: 'cmd-secret', expectedVersion: 1, ...READY }),
      'CLASSIFIED_SYSTEM_EXEMPT',
      /^§1: cmd-secret is classified; classified systems are exempt and never migrated\.$/,
    );
    refused(
      await markCentralised({ systemId: 'cmd-secret', expectedVersion: 1 }),
      'CLASSIFIED_SYSTEM_EXEMPT',
      /§1: cmd-secret is classified/,
    );
    expect(await readSystem('cmd-secret')).toEqual(before);
  });

  it('assesses, and refuses a stale expectedVersion with CONFLICT, overwriting nothing', async () => {
    await systemAt('cmd-contested', 'cmd-steps-office', 'INVENTORIED');
    const assessed = dataOf(
      await assessSystem({ systemId: 'cmd-contested', expectedVersion: 1, ...READY, readiness: 'NOT_READY', note: 'First look' }),
    ).assessSystem;
    expect(assessed).toMatchObject({ stage: 'ASSESSED', version: 2, assessment: { readiness: 'NOT_READY', blockers: [] } });
    const before = await readSystem('cmd-contested');
    const stale = await assessSystem({ systemId: 'cmd-contested', expectedVersion: 1, ...READY, strategy: 'REFACTOR' });
    refused(stale, 'CONFLICT', /^cmd-contested changed since it was read \(version 1, now 2\); read it again and retry\.$/);
    expect(extensionOf(stale, 'currentVersion')).toBe(2);
    refused(await assessSystem({ systemId: 'cmd-contested', expectedVersion: 3, ...READY }), 'CONFLICT', /\(version 3, now 2\)/);
    expect(await readSystem('cmd-contested')).toEqual(before);
  });

  it('refuses a provider while the latest assessment says NOT_READY (SYSTEM_NOT_READY, §3.1), then accepts one after a reassessment', async () => {
    await systemAt('cmd-not-ready', 'cmd-steps-office', 'INVENTORIED');
    dataOf(await assessSystem({ systemId: 'cmd-not-ready', expectedVersion: 1, ...READY, readiness: 'NOT_READY' }));
    const before = await readSystem('cmd-not-ready');
    refused(
      await selectVendor({ systemId: 'cmd-not-ready', expectedVersion: 2, ...SELECTION }),
      'SYSTEM_NOT_READY',
      /^§3\.1: the assessment of cmd-not-ready says NOT_READY; a new assessment must find it ready before a provider is selected\.$/,
    );
    expect(await readSystem('cmd-not-ready')).toEqual(before);
    const reassessed = dataOf(
      await assessSystem({
        systemId: 'cmd-not-ready',
        expectedVersion: 2,
        ...READY,
        readiness: 'READY_WITH_CONDITIONS',
        blockers: [{ description: 'Old licences', severity: 'MEDIUM' }],
      }),
    ).assessSystem;
    expect(reassessed).toMatchObject({ stage: 'ASSESSED', version: 3, assessment: { readiness: 'READY_WITH_CONDITIONS' } });
    expect(dataOf(await selectVendor({ systemId: 'cmd-not-ready', expectedVersion: 3, ...SELECTION })).selectVendor).toMatchObject({
      stage: 'VENDOR_SELECTED',
      version: 4,
      vendor: { id: 'sample-jialing-cloud' },
    });
  });

  it('refuses a provider while the latest assessment lists a CRITICAL blocker (CRITICAL_BLOCKER, §3.1), then accepts one once it is resolved', async () => {
    await systemAt('cmd-blocked', 'cmd-steps-office', 'INVENTORIED');
    dataOf(
      await assessSystem({
        systemId: 'cmd-blocked',
        expectedVersion: 1,
        ...READY,
        readiness: 'READY_WITH_CONDITIONS',
        blockers: [
          { description: 'Licences expire', severity: 'LOW' },
          { description: 'No backup of the register', severity: 'CRITICAL' },
        ],
      }),
    );
    const before = await readSystem('cmd-blocked');
    expect(before?.assessment?.blockers.map((b) => b.severity)).toEqual(['LOW', 'CRITICAL']);
    refused(
      await selectVendor({ systemId: 'cmd-blocked', expectedVersion: 2, ...SELECTION }),
      'CRITICAL_BLOCKER',
      /^§3\.1: the assessment of cmd-blocked lists a CRITICAL blocker; reassess once it is resolved\.$/,
    );
    expect(await readSystem('cmd-blocked')).toEqual(before);
    // A HIGH blocker is dealt with in the plan: it does not stop the selection.
    dataOf(
      await assessSystem({
        systemId: 'cmd-blocked',
        expectedVersion: 2,
        ...READY,
        blockers: [{ description: 'Backup being rebuilt', severity: 'HIGH' }],
      }),
    );
    expect(dataOf(await selectVendor({ systemId: 'cmd-blocked', expectedVersion: 3, ...SELECTION })).selectVendor.stage).toBe(
      'VENDOR_SELECTED',
    );
  });

  it('refuses a provider or a service the vendors subgraph does not know, or a service of another provider (UNKNOWN_REFERENCE, §3.2), and changes nothing', async () => {
    const { version } = await systemAt('cmd-unknown-vendor', 'cmd-steps-office', 'ASSESSED');
    const before = await readSystem('cmd-unknown-vendor');
    const select = (changes: Partial<SelectVendorInput>) =>
      selectVendor({ systemId: 'cmd-unknown-vendor', expectedVersion: version, ...SELECTION, ...changes });
    const asked = units.peers.vendors.listening.requests.count;
    const noVendor = await select({ vendorId: 'cmd-no-such-cloud' });
    refused(noVendor, 'UNKNOWN_REFERENCE', /^There is no cloud service provider cmd-no-such-cloud\.$/);
    expect([extensionOf(noVendor, 'field'), extensionOf(noVendor, 'id')]).toEqual(['vendorId', 'cmd-no-such-cloud']);
    const noService = await select({ cloudServiceIds: ['jialing-vm', 'cmd-no-such-service'] });
    refused(noService, 'UNKNOWN_REFERENCE', /^There is no cloud service cmd-no-such-service\.$/);
    expect([extensionOf(noService, 'field'), extensionOf(noService, 'id')]).toEqual(['cloudServiceIds', 'cmd-no-such-service']);
    const otherVendors = await select({ cloudServiceIds: ['jialing-vm', 'yangtze-hosting'] });
    refused(
      otherVendors,
      'UNKNOWN_REFERENCE',
      /^§3\.2: sample-jialing-cloud does not sell yangtze-hosting \(it is sample-yangtze-cloud's\); select services of the selected provider's catalogue\.$/,
    );
    expect([extensionOf(otherVendors, 'field'), extensionOf(otherVendors, 'id')]).toEqual(['cloudServiceIds', 'yangtze-hosting']);
    // One question to vendors per selection, however many services it names.
    expect(units.peers.vendors.listening.requests.count - asked).toBe(3);
    expect(await readSystem('cmd-unknown-vendor')).toEqual(before);
    const selected = dataOf(await select({ cloudServiceIds: ['jialing-vm', 'jialing-backup', 'jialing-vm'] })).selectVendor;
    expect(selected).toMatchObject({ stage: 'VENDOR_SELECTED', vendor: { id: 'sample-jialing-cloud' } });
  });

  it('refuses a plan not written with the selected provider (PLAN_NOT_WRITTEN_WITH_VENDOR, §3.3) and changes nothing', async () => {
    const { version } = await systemAt('cmd-other-vendor', 'cmd-steps-office', 'VENDOR_SELECTED');
    const before = await readSystem('cmd-other-vendor');
    refused(
      await approveMigrationPlan({
        systemId: 'cmd-other-vendor',
        expectedVersion: version,
        ...PLAN,
        writtenWithVendorId: 'sample-yangtze-cloud',
      }),
      'PLAN_NOT_WRITTEN_WITH_VENDOR',
      /^§3\.3: the plan is written jointly with the selected provider \(sample-jialing-cloud\), not sample-yangtze-cloud\.$/,
    );
    expect(await readSystem('cmd-other-vendor')).toEqual(before);
    expect(before).toMatchObject({ stage: 'VENDOR_SELECTED', migrationPlan: null });
  });

  it('refuses a destination the park does not know (UNKNOWN_REFERENCE), asking the park once, and changes nothing', async () => {
    const { version } = await systemAt('cmd-basement', 'cmd-steps-office', 'VENDOR_SELECTED');
    const before = await readSystem('cmd-basement');
    const asked = units.peers.park.listening.requests.count;
    const basement = await approveMigrationPlan({
      systemId: 'cmd-basement',
      expectedVersion: version,
      ...PLAN,
      destinationDataCenterId: 'my-basement',
    });
    refused(basement, 'UNKNOWN_REFERENCE', /^There is no park data centre my-basement\.$/);
    expect([extensionOf(basement, 'field'), extensionOf(basement, 'id')]).toEqual(['destinationDataCenterId', 'my-basement']);
    expect(units.peers.park.listening.requests.count - asked).toBe(1);
    expect(await readSystem('cmd-basement')).toEqual(before);
    // A data centre the park knows is a destination (the unit has no administrative-approval functions).
    const yangtze = await approveMigrationPlan({
      systemId: 'cmd-basement',
      expectedVersion: version,
      ...PLAN,
      destinationDataCenterId: 'sample-yangtze-data-center',
    });
    expect(dataOf(yangtze).approveMigrationPlan).toMatchObject({
      stage: 'PLAN_APPROVED',
      migrationPlan: { destination: { id: 'sample-yangtze-data-center' } },
    });
  });

  it('sends the systems of a unit with administrative-approval functions only to a government data centre (DESTINATION_NOT_ALLOWED, §4)', async () => {
    const { version } = await systemAt('cmd-approval-system', 'cmd-steps-centre', 'VENDOR_SELECTED');
    const before = await readSystem('cmd-approval-system');
    refused(
      await approveMigrationPlan({
        systemId: 'cmd-approval-system',
        expectedVersion: version,
        ...PLAN,
        destinationDataCenterId: 'sample-jialing-data-center',
      }),
      'DESTINATION_NOT_ALLOWED',
      /^§4: cmd-steps-centre has administrative-approval functions; its systems may only go to the transitional government data centre or the Government Cloud Platform, not sample-jialing-data-center \(a PARK_DATA_CENTER\)\.$/,
    );
    expect(await readSystem('cmd-approval-system')).toEqual(before);
    const approved = dataOf(
      await approveMigrationPlan({
        systemId: 'cmd-approval-system',
        expectedVersion: version,
        ...PLAN,
        destinationDataCenterId: 'transitional-government-data-center',
      }),
    ).approveMigrationPlan;
    expect(approved).toMatchObject({
      stage: 'PLAN_APPROVED',
      migrationPlan: { destination: { id: 'transitional-government-data-center' } },
    });
    // A unit without such functions may go to any data centre of the park.
    const plain = await systemAt('cmd-plain-system', 'cmd-steps-office', 'VENDOR_SELECTED');
    const elsewhere = await approveMigrationPlan({
      systemId: plain.id,
      expectedVersion: plain.version,
      ...PLAN,
      destinationDataCenterId: 'sample-jialing-data-center',
    });
    expect(dataOf(elsewhere).approveMigrationPlan.migrationPlan?.destination.id).toBe('sample-jialing-data-center');
  });

  describe("a government department's systems: the transitional government data centre until the Government Cloud Platform opens, then the platform (§4)", () => {
    /** A plan of a system at VENDOR_SELECTED, cutting over on a day, to a data centre; it may start early (§5). */
    const planOf = (system: CommandSystemFieldsFragment, plannedCutover: string, destinationDataCenterId: string) =>
      approveMigrationPlan({
        systemId: system.id,
        expectedVersion: system.version,
        ...PLAN,
        plannedStart: '2015-10-01',
        plannedCutover,
        destinationDataCenterId,
      });
    beforeAll(async () => {
      // A district (batch 3, 2016-01-01 to 2016-06-30): a government body the schedule names.
      await newUnit({ id: 'cmd-steps-district', name: 'Test District', officialName: '测试区人民政府', kind: 'DISTRICT' });
    });

    it('refuses the wrong centre for the cut-over day (DESTINATION_NOT_ALLOWED), asking the park once per plan, and changes nothing', async () => {
      const early = await systemAt('cmd-district-early', 'cmd-steps-district', 'VENDOR_SELECTED');
      const late = await systemAt('cmd-district-late', 'cmd-steps-district', 'VENDOR_SELECTED');
      const before = [await readSystem(early.id), await readSystem(late.id)];
      const asked = units.peers.park.listening.requests.count;
      // The day before the platform opens (the park's sample date, 2016-01-01): the transitional centre first.
      const toPlatform = await planOf(early, '2015-12-31', 'government-cloud-platform');
      refused(
        toPlatform,
        'DESTINATION_NOT_ALLOWED',
        /^§4: cmd-steps-district is a government department and the Government Cloud Platform opens on 2016-01-01; until it opens, government systems go to the transitional government data centre first, so a plan cutting over on 2015-12-31 names it, not government-cloud-platform \(a GOVERNMENT_CLOUD_PLATFORM\)\.$/,
      );
      expect(['kind', 'requiredKind', 'platformOpensOn'].map((name) => extensionOf(toPlatform, name))).toEqual([
        'GOVERNMENT_CLOUD_PLATFORM',
        'TRANSITIONAL_GOVERNMENT_DATA_CENTER',
        '2016-01-01',
      ]);
      refused(
        await planOf(early, '2015-12-31', 'sample-jialing-data-center'),
        'DESTINATION_NOT_ALLOWED',
        /so a plan cutting over on 2015-12-31 names it, not sample-jialing-data-center \(a PARK_DATA_CENTER\)\.$/,
      );
      // From the opening day on: the platform, no longer the transitional centre, nor any park data centre.
      const toTransitional = await planOf(late, '2016-01-01', 'transitional-government-data-center');
      refused(
        toTransitional,
        'DESTINATION_NOT_ALLOWED',
        /^§4: cmd-steps-district is a government department and the Government Cloud Platform opens on 2016-01-01; a plan cutting over on 2016-01-01 names the platform, not transitional-government-data-center \(a TRANSITIONAL_GOVERNMENT_DATA_CENTER\)\.$/,
      );
      expect(extensionOf(toTransitional, 'requiredKind')).toBe('GOVERNMENT_CLOUD_PLATFORM');
      refused(
        await planOf(late, '2016-05-15', 'sample-yangtze-data-center'),
        'DESTINATION_NOT_ALLOWED',
        /a plan cutting over on 2016-05-15 names the platform, not sample-yangtze-data-center \(a PARK_DATA_CENTER\)\.$/,
      );
      // One question to the park per plan: the destination and the platform's opening day together.
      expect(units.peers.park.listening.requests.count - asked).toBe(4);
      expect([await readSystem(early.id), await readSystem(late.id)]).toEqual(before);
    });

    it('approves the transitional centre before the opening day and the platform from it; other units keep their own §4 rule', async () => {
      const early = await systemAt('cmd-district-transitional', 'cmd-steps-district', 'VENDOR_SELECTED');
      expect(dataOf(await planOf(early, '2015-12-31', 'transitional-government-data-center')).approveMigrationPlan).toMatchObject({
        stage: 'PLAN_APPROVED',
        migrationPlan: { destination: { id: 'transitional-government-data-center' }, plannedCutover: '2015-12-31' },
      });
      const late = await systemAt('cmd-district-platform', 'cmd-steps-district', 'VENDOR_SELECTED');
      expect(dataOf(await planOf(late, '2016-01-01', 'government-cloud-platform')).approveMigrationPlan).toMatchObject({
        stage: 'PLAN_APPROVED',
        migrationPlan: { destination: { id: 'government-cloud-platform' }, plannedCutover: '2016-01-01' },
      });
      // An institution with administrative-approval functions may go to either government centre, whatever the day.
      const approving = await systemAt('cmd-approval-early', 'cmd-steps-centre', 'VENDOR_SELECTED');
      expect(dataOf(await planOf(approving, '2015-12-31', 'government-cloud-platform')).approveMigrationPlan).toMatchObject({
        stage: 'PLAN_APPROVED',
        migrationPlan: { destination: { id: 'government-cloud-platform' } },
      });
      // Any other unit may still go to any data centre of the park.
      const plain = await systemAt('cmd-plain-early', 'cmd-steps-office', 'VENDOR_SELECTED');
      expect(dataOf(await planOf(plain, '2015-12-31', 'sample-jialing-data-center')).approveMigrationPlan).toMatchObject({
        stage: 'PLAN_APPROVED',
        migrationPlan: { destination: { id: 'sample-jialing-data-center' } },
      });
    });

    it("follows the opening day the park gives: the park's operator moves it, and the rule moves with it", async () => {
      const system = await systemAt('cmd-district-moved', 'cmd-steps-district', 'VENDOR_SELECTED');
      await setPlatformOpening(units, '2016-03-01');
      try {
        const before = await readSystem(system.id);
        refused(
          await planOf(system, '2016-02-15', 'government-cloud-platform'),
          'DESTINATION_NOT_ALLOWED',
          /the Government Cloud Platform opens on 2016-03-01; until it opens, .* names it, not government-cloud-platform/,
        );
        expect(await readSystem(system.id)).toEqual(before);
        expect(dataOf(await planOf(system, '2016-02-15', 'transitional-government-data-center')).approveMigrationPlan).toMatchObject({
          stage: 'PLAN_APPROVED',
          migrationPlan: { destination: { id: 'transitional-government-data-center' } },
        });
      } finally {
        await setPlatformOpening(units, '2016-01-01');
      }
    });
  });

  it("refuses a plan that cuts over after the unit's deadline or starts before the notice (PLAN_OUTSIDE_WINDOW, §5), and changes nothing", async () => {
    const { version } = await systemAt('cmd-out-of-window', 'cmd-steps-office', 'VENDOR_SELECTED');
    const before = await readSystem('cmd-out-of-window');
    const late = await approveMigrationPlan({
      systemId: 'cmd-out-of-window',
      expectedVersion: version,
      ...PLAN,
      plannedCutover: '2016-07-15',
    });
    refused(
      late,
      'PLAN_OUTSIDE_WINDOW',
      /^§5: batch 3 runs from 2016-01-01 to 2016-06-30 for cmd-steps-office \(an approved extension included\); a plan may start before the window opens, but must cut over by its end, not on 2016-07-15\.$/,
    );
    expect(['windowStart', 'dueDate', 'earliestStart'].map((name) => extensionOf(late, name))).toEqual([
      '2016-01-01',
      '2016-06-30',
      '2015-07-14',
    ]);
    // The day before the notice: the programme had not begun.
    const early = await approveMigrationPlan({
      systemId: 'cmd-out-of-window',
      expectedVersion: version,
      ...PLAN,
      plannedStart: '2015-07-13',
    });
    refused(
      early,
      'PLAN_OUTSIDE_WINDOW',
      /^§5: a plan of cmd-steps-office may start before batch 3 opens \(2016-01-01\), from the notice's date \(2015-07-14\) on; 2015-07-13 is before the notice\.$/,
    );
    expect(extensionOf(early, 'earliestStart')).toBe('2015-07-14');
    expect(await readSystem('cmd-out-of-window')).toEqual(before);
    // Starting on the notice's own day, months before batch 3 opens, and cutting over on its last day fits.
    const fits = await approveMigrationPlan({
      systemId: 'cmd-out-of-window',
      expectedVersion: version,
      ...PLAN,
      plannedStart: '2015-07-14',
      plannedCutover: '2016-06-30',
    });
    expect(dataOf(fits).approveMigrationPlan).toMatchObject({
      stage: 'PLAN_APPROVED',
      migrationPlan: { plannedStart: '2015-07-14', plannedCutover: '2016-06-30' },
    });
  });

  it('lets a unit of batch 3 move early: a plan wholly before its window opens is approved (§5: a batch is a deadline)', async () => {
    // Before the fix, a start before 2016-01-01 was refused, which blocked units that move early.
    const { version } = await systemAt('cmd-early-mover', 'cmd-steps-office', 'VENDOR_SELECTED');
    const approved = dataOf(
      await approveMigrationPlan({
        systemId: 'cmd-early-mover',
        expectedVersion: version,
        ...PLAN,
        plannedStart: '2015-08-03',
        plannedCutover: '2015-11-30',
      }),
    ).approveMigrationPlan;
    expect(approved).toMatchObject({
      stage: 'PLAN_APPROVED',
      version: version + 1,
      migrationPlan: { plannedStart: '2015-08-03', plannedCutover: '2015-11-30' },
    });
    expect(await readSystem('cmd-early-mover')).toMatchObject({ stage: 'PLAN_APPROVED', dueDate: '2016-06-30' });
  });

  it('refuses a cut-over before the start (INVALID_RANGE) or a day that does not exist, and changes nothing', async () => {
    const { version } = await systemAt('cmd-backwards', 'cmd-steps-office', 'VENDOR_SELECTED');
    const before = await readSystem('cmd-backwards');
    const backwards = await approveMigrationPlan({
      systemId: 'cmd-backwards',
      expectedVersion: version,
      ...PLAN,
      plannedCutover: '2016-02-29',
    });
    refused(backwards, 'INVALID_RANGE', /^A migration plan cannot end \(2016-02-29\) before it starts \(2016-03-01\)\.$/);
    expect(extensionOf(backwards, 'field')).toBe('plannedCutover');
    refused(
      await approveMigrationPlan({ systemId: 'cmd-backwards', expectedVersion: version, ...PLAN, plannedCutover: '2016-02-30' }),
      'BAD_USER_INPUT',
      /Date expects a calendar date written YYYY-MM-DD, e\.g\. "2015-09-30"; got "2016-02-30"\./,
    );
    expect(await readSystem('cmd-backwards')).toEqual(before);
    // A plan of one day is a range.
    const oneDay = await approveMigrationPlan({
      systemId: 'cmd-backwards',
      expectedVersion: version,
      ...PLAN,
      plannedCutover: '2016-03-01',
    });
    expect(dataOf(oneDay).approveMigrationPlan.stage).toBe('PLAN_APPROVED');
  });

  it('refuses a plan without a contingency plan (CONTINGENCY_PLAN_REQUIRED, §6.5) and changes nothing', async () => {
    const { version } = await systemAt('cmd-no-contingency', 'cmd-steps-office', 'VENDOR_SELECTED');
    const before = await readSystem('cmd-no-contingency');
    for (const contingencyPlan of ['', '   ']) {
      refused(
        await approveMigrationPlan({ systemId: 'cmd-no-contingency', expectedVersion: version, ...PLAN, contingencyPlan }),
        'CONTINGENCY_PLAN_REQUIRED',
        /^§6\.5: a migration plan needs a contingency plan for the move/,
      );
    }
    expect(await readSystem('cmd-no-contingency')).toEqual(before);
  });

  it('centralises a system only once the park has placed it where its approved plan says (PLACEMENT_NOT_AS_PLANNED, §2.2, §3.3)', async () => {
    const { version } = await systemAt('cmd-not-placed', 'cmd-steps-office', 'MIGRATING');
    const before = await readSystem('cmd-not-placed');
    const asked = units.peers.park.listening.requests.count;
    const early = await markCentralised({ systemId: 'cmd-not-placed', expectedVersion: version });
    refused(
      early,
      'PLACEMENT_NOT_AS_PLANNED',
      /^§2\.2, §3\.3: the park has not placed cmd-not-placed yet; it is centralised once placed in government-cloud-platform, as its approved plan names\.$/,
    );
    expect([extensionOf(early, 'plannedDataCenterId'), extensionOf(early, 'placedDataCenterId')]).toEqual([
      'government-cloud-platform',
      null,
    ]);
    expect(units.peers.park.listening.requests.count - asked).toBe(1);
    expect(await readSystem('cmd-not-placed')).toEqual(before);
    dataOf(await placeInPark(units, 'cmd-not-placed', 'government-cloud-platform'));
    expect(dataOf(await markCentralised({ systemId: 'cmd-not-placed', expectedVersion: version })).markCentralised).toMatchObject({
      stage: 'CENTRALISED',
      version: version + 1,
    });
  });

  it('does not centralise a system the park placed elsewhere than its plan names (PLACEMENT_NOT_AS_PLANNED)', async () => {
    const { version } = await systemAt('cmd-placed-elsewhere', 'cmd-steps-office', 'MIGRATING');
    // The park's placeSystem refuses such a place now; the park may still hold one made before it checked.
    await earlierPlacement(units, 'cmd-placed-elsewhere', 'cmd-steps-office', 'sample-jialing-data-center');
    const before = await readSystem('cmd-placed-elsewhere');
    const elsewhere = await markCentralised({ systemId: 'cmd-placed-elsewhere', expectedVersion: version });
    refused(
      elsewhere,
      'PLACEMENT_NOT_AS_PLANNED',
      /^§2\.2, §3\.3: cmd-placed-elsewhere is placed in sample-jialing-data-center, but its approved plan names government-cloud-platform; it is centralised only once the park has placed it there\.$/,
    );
    expect([extensionOf(elsewhere, 'plannedDataCenterId'), extensionOf(elsewhere, 'placedDataCenterId')]).toEqual([
      'government-cloud-platform',
      'sample-jialing-data-center',
    ]);
    expect(await readSystem('cmd-placed-elsewhere')).toEqual(before);
  });

  it('approves the plan, starts, centralises and integrates, recording who, when, from, to and the note of each step', async () => {
    const OFFICER = officerOf('cmd-steps-centre').id;
    const inventoried = await systemAt('cmd-full-path', 'cmd-steps-centre', 'INVENTORIED');
    expect(await readSystem('cmd-full-path')).toMatchObject({ dueDate: '2016-06-30', isOverdue: true });
    const id = inventoried.id;
    dataOf(await assessSystem({ systemId: id, expectedVersion: 1, ...READY, note: 'Assessed with the provider' }));
    dataOf(await selectVendor({ systemId: id, expectedVersion: 2, ...SELECTION }));
    const approved = dataOf(await approveMigrationPlan({ systemId: id, expectedVersion: 3, ...PLAN })).approveMigrationPlan;
    expect(approved.migrationPlan).toEqual({
      destination: { id: 'government-cloud-platform' },
      writtenWith: { id: 'sample-jialing-cloud' },
      plannedStart: '2016-03-01',
      plannedCutover: '2016-05-15',
      contingencyPlan: PLAN.contingencyPlan,
      actor: OFFICER,
    });
    expect(dataOf(await startMigration({ systemId: id, expectedVersion: 4 })).startMigration).toMatchObject({
      stage: 'MIGRATING',
      version: 5,
    });
    // The park's operator places the system where its plan says; then it is centralised (§2.2).
    expect(dataOf(await placeInPark(units, id, 'government-cloud-platform')).placeSystem.dataCenter.id).toBe('government-cloud-platform');
    expect(dataOf(await markCentralised({ systemId: id, expectedVersion: 5, note: 'Running in the park' })).markCentralised).toMatchObject({
      stage: 'CENTRALISED',
      version: 6,
    });
    // Centralised: the first milestone is what the due date asks for.
    expect(await readSystem(id)).toMatchObject({ isOverdue: false });
    const done = dataOf(await markIntegrated({ systemId: id, expectedVersion: 6, note: 'Runs as cloud services' })).markIntegrated;
    expect(done).toMatchObject({ stage: 'INTEGRATED', version: 7 });
    expect(done.history.map((h) => [h.from, h.to, h.actor, h.note])).toEqual([
      [null, 'INVENTORIED', OFFICER, 'Inventoried'],
      ['INVENTORIED', 'ASSESSED', OFFICER, 'Assessed with the provider'],
      ['ASSESSED', 'VENDOR_SELECTED', OFFICER, null],
      ['VENDOR_SELECTED', 'PLAN_APPROVED', OFFICER, null],
      ['PLAN_APPROVED', 'MIGRATING', OFFICER, null],
      ['MIGRATING', 'CENTRALISED', OFFICER, 'Running in the park'],
      ['CENTRALISED', 'INTEGRATED', OFFICER, 'Runs as cloud services'],
    ]);
    const moments = done.history.map((h) => h.at);
    expect(moments.every((m) => !Number.isNaN(Date.parse(m)) && m.endsWith('Z'))).toBe(true);
    expect([...moments].sort()).toEqual(moments);
    // Nothing comes after integration.
    const before = await readSystem(id);
    refused(await markIntegrated({ systemId: id, expectedVersion: 7 }), 'STEP_OUT_OF_ORDER', /cmd-full-path is INTEGRATED/);
    refused(await assessSystem({ systemId: id, expectedVersion: 7, ...READY }), 'STEP_OUT_OF_ORDER', /needs INVENTORIED or ASSESSED/);
    expect(await readSystem(id)).toEqual(before);
  });

  it("counts a unit as migrating from a provider's selection on, and a system in its provider's migration until it is centralised (§3)", async () => {
    await institution('cmd-migrating-unit');
    dataOf(await createSystem(systemInput('cmd-migrating-secret', 'cmd-migrating-unit', { classification: 'CLASSIFIED' })));
    // A provider of the vendors subgraph that no other test here selects; the units subgraph only knows it by
    // the selections that name it (the seed's among them).
    const PROVIDER = 'sample-shancheng-data';
    const vendorSystems = async () => {
      const data = dataOf(
        await execute(
          units,
          graphql(
            `query CommandVendorSystems($reps: [_Any!]!) { _entities(representations: $reps) { ... on Vendor { systemsInMigration { id stage } } } }`,
          ),
          { reps: [{ __typename: 'Vendor', id: PROVIDER }] },
          OFFICE,
        ),
      );
      const vendor = at(data._entities, 0);
      return vendor && 'systemsInMigration' in vendor ? vendor.systemsInMigration : undefined;
    };
    const isMigrating = async () => present(await readUnit('cmd-migrating-unit'), 'cmd-migrating-unit').isMigrating;
    const assessed = await systemAt('cmd-migrating', 'cmd-migrating-unit', 'ASSESSED');
    expect(await isMigrating()).toBe(false);
    const seeded = present(await vendorSystems(), PROVIDER);
    const withOurs = (stage: MigrationStage) => [{ id: 'cmd-migrating', stage }, ...seeded].sort((a, b) => a.id.localeCompare(b.id));
    const selection = { ...SELECTION, vendorId: PROVIDER, cloudServiceIds: ['shancheng-rds'] };
    dataOf(await selectVendor({ systemId: assessed.id, expectedVersion: assessed.version, ...selection }));
    expect(await isMigrating()).toBe(true);
    expect(await vendorSystems()).toEqual(withOurs('VENDOR_SELECTED'));
    dataOf(await approveMigrationPlan({ systemId: assessed.id, expectedVersion: 3, ...PLAN, writtenWithVendorId: PROVIDER }));
    dataOf(await startMigration({ systemId: assessed.id, expectedVersion: 4 }));
    expect(await vendorSystems()).toEqual(withOurs('MIGRATING'));
    dataOf(await placeInPark(units, assessed.id, PLAN.destinationDataCenterId));
    dataOf(await markCentralised({ systemId: assessed.id, expectedVersion: 5 }));
    expect(await vendorSystems()).toEqual(seeded);
    expect(await isMigrating()).toBe(true);
  });
});

describe('due dates and extensions (§1, §5, §6.4)', () => {
  /** A batch-3 unit with one system, overdue since its window ended on 2016-06-30. */
  async function lateUnit(id: string) {
    await institution(id);
    await systemAt(`${id}-system`, id, 'INVENTORIED');
    return present(await readUnit(id), id);
  }
  const extensionCount = async () =>
    present(
      dataOf(await execute(units, graphql(`query CommandExtensionCount { extensionRequests(first: 0) { totalCount } }`), {}, OFFICE))
        .extensionRequests,
      'extension requests',
    ).totalCount;

  it('counts a system overdue once its batch has ended, and refuses an extension to a date not after it (EXTENSION_NOT_AFTER_WINDOW)', async () => {
    const before = await lateUnit('cmd-ext-window');
    expect(at(before.systems, 0)).toMatchObject({ dueDate: '2016-06-30', isOverdue: true });
    refused(
      await requestExtension({ unitId: 'cmd-ext-window', reason: 'More time', newDueDate: '2016-05-01' }),
      'EXTENSION_NOT_AFTER_WINDOW',
      /^§6\.4: an extension asks for more time; cmd-ext-window's systems are already due by 2016-06-30\.$/,
    );
    refused(
      await requestExtension({ unitId: 'cmd-ext-window', reason: 'The same day', newDueDate: '2016-06-30' }),
      'EXTENSION_NOT_AFTER_WINDOW',
      /already due by 2016-06-30/,
    );
    expect(await readUnit('cmd-ext-window')).toEqual(before);
    expect(before.extensionRequests).toEqual([]);
  });

  it('records a pending request, and refuses a second one while it waits (EXTENSION_ALREADY_PENDING)', async () => {
    await lateUnit('cmd-ext-pending');
    const asked = dataOf(
      await requestExtension({ unitId: 'cmd-ext-pending', reason: 'The vendor was replaced.', newDueDate: '2099-12-31' }),
    ).requestExtension;
    expect(asked).toMatchObject({
      unit: { id: 'cmd-ext-pending' },
      reason: 'The vendor was replaced.',
      newDueDate: '2099-12-31',
      requestedBy: 'cmd-ext-pending-officer',
      status: 'PENDING',
      decision: null,
    });
    const before = present(await readUnit('cmd-ext-pending'), 'cmd-ext-pending');
    // Still overdue while the joint conference has not decided.
    expect(at(before.systems, 0)).toMatchObject({ dueDate: '2016-06-30', isOverdue: true });
    refused(
      await requestExtension({ unitId: 'cmd-ext-pending', reason: 'Again', newDueDate: '2099-06-30' }),
      'EXTENSION_ALREADY_PENDING',
      new RegExp(`^§6\\.4: cmd-ext-pending already has request ${asked.id} waiting for the joint conference\\.$`),
    );
    expect(await readUnit('cmd-ext-pending')).toEqual(before);
  });

  it("lets nobody in the office decide a request they made themselves as a unit's officer (EXTENSION_SELF_DECISION)", async () => {
    await lateUnit('cmd-ext-self');
    // One person, two roles: the unit's officer, seconded to the joint-conference office.
    const person = 'cmd-ext-self-person';
    const asked = dataOf(
      await requestExtension(
        { unitId: 'cmd-ext-self', reason: 'Self-serve.', newDueDate: '2098-12-31' },
        { id: person, role: 'unit-officer', unitId: 'cmd-ext-self' },
      ),
    ).requestExtension;
    const before = await readUnit('cmd-ext-self');
    refused(
      await decideExtension({ requestId: asked.id, approve: true }, { id: person, role: 'joint-conference' }),
      'EXTENSION_SELF_DECISION',
      new RegExp(
        `^§6\\.4: the joint-conference office decides extension requests; ${person} asked for request ${asked.id} and cannot decide it\\.$`,
      ),
    );
    expect(await readUnit('cmd-ext-self')).toEqual(before);
    expect(before?.extensionRequests).toEqual([
      { id: asked.id, status: 'PENDING', newDueDate: '2098-12-31', requestedBy: person, decision: null },
    ]);
    // Another member of the office decides it.
    expect(dataOf(await decideExtension({ requestId: asked.id, approve: false })).decideExtension.status).toBe('REJECTED');
  });

  it('decides once: an approval moves the due date, a second decision is refused (EXTENSION_ALREADY_DECIDED), a new request must ask for more', async () => {
    await lateUnit('cmd-ext-approved');
    const asked = dataOf(
      await requestExtension({ unitId: 'cmd-ext-approved', reason: 'The vendor was replaced.', newDueDate: '2099-12-31' }),
    ).requestExtension;
    expect(
      dataOf(await decideExtension({ requestId: asked.id, approve: true, note: 'Approved by the joint conference.' })).decideExtension,
    ).toEqual({
      id: asked.id,
      status: 'APPROVED',
      decision: { approved: true, note: 'Approved by the joint conference.', decidedBy: OFFICE.id },
    });
    const before = present(await readUnit('cmd-ext-approved'), 'cmd-ext-approved');
    expect(at(before.systems, 0)).toMatchObject({ dueDate: '2099-12-31', isOverdue: false });
    refused(
      await decideExtension({ requestId: asked.id, approve: false }),
      'EXTENSION_ALREADY_DECIDED',
      new RegExp(`^§6\\.4: request ${asked.id} was already approved on \\d{4}-\\d{2}-\\d{2}; decisions are final\\.$`),
    );
    refused(
      await requestExtension({ unitId: 'cmd-ext-approved', reason: 'Less time', newDueDate: '2099-06-30' }),
      'EXTENSION_NOT_AFTER_WINDOW',
      /already due by 2099-12-31/,
    );
    expect(await readUnit('cmd-ext-approved')).toEqual(before);
    expect(before.extensionRequests).toEqual([
      {
        id: asked.id,
        status: 'APPROVED',
        newDueDate: '2099-12-31',
        requestedBy: 'cmd-ext-approved-officer',
        decision: { approved: true, decidedBy: OFFICE.id },
      },
    ]);
  });

  it('keeps the batch window when a request is rejected, and then takes a new request', async () => {
    await lateUnit('cmd-ext-rejected');
    const asked = dataOf(
      await requestExtension({ unitId: 'cmd-ext-rejected', reason: 'Busy.', newDueDate: '2099-12-31' }),
    ).requestExtension;
    expect(dataOf(await decideExtension({ requestId: asked.id, approve: false, note: 'No reason given.' })).decideExtension).toMatchObject({
      status: 'REJECTED',
      decision: { approved: false },
    });
    const unit = present(await readUnit('cmd-ext-rejected'), 'cmd-ext-rejected');
    expect(at(unit.systems, 0)).toMatchObject({ dueDate: '2016-06-30', isOverdue: true });
    refused(
      await decideExtension({ requestId: asked.id, approve: true }),
      'EXTENSION_ALREADY_DECIDED',
      new RegExp(`request ${asked.id} was already rejected on`),
    );
    expect(await readUnit('cmd-ext-rejected')).toEqual(unit);
    const again = dataOf(
      await requestExtension({ unitId: 'cmd-ext-rejected', reason: 'A reason this time.', newDueDate: '2099-12-31' }),
    ).requestExtension;
    expect(again.status).toBe('PENDING');
  });

  it('lets a plan go past the window up to an approved extension (§5, §6.4)', async () => {
    await institution('cmd-ext-plan');
    const system = await systemAt('cmd-ext-plan-system', 'cmd-ext-plan', 'VENDOR_SELECTED');
    const beyond = { systemId: system.id, expectedVersion: system.version, ...PLAN, plannedCutover: '2016-09-30' };
    refused(await approveMigrationPlan(beyond), 'PLAN_OUTSIDE_WINDOW', /batch 3 runs from 2016-01-01 to 2016-06-30/);
    const asked = dataOf(
      await requestExtension({ unitId: 'cmd-ext-plan', reason: 'Late start.', newDueDate: '2016-12-31' }),
    ).requestExtension;
    dataOf(await decideExtension({ requestId: asked.id, approve: true }));
    expect(dataOf(await approveMigrationPlan(beyond)).approveMigrationPlan.migrationPlan?.plannedCutover).toBe('2016-09-30');
  });

  it('refuses an extension for a unit only encouraged to migrate (NO_DUE_DATE, §1): it has no due date and is never overdue', async () => {
    await newUnit({
      id: 'cmd-central-soe',
      name: 'Test Central SOE',
      officialName: '测试在渝央企',
      kind: 'CENTRAL_SOE',
      coordinatingUnitId: 'sasac',
    });
    await systemAt('cmd-central-soe-system', 'cmd-central-soe', 'INVENTORIED');
    const before = present(await readUnit('cmd-central-soe'), 'cmd-central-soe');
    expect(at(before.systems, 0)).toMatchObject({ dueDate: null, isOverdue: false });
    refused(
      await requestExtension({ unitId: 'cmd-central-soe', reason: 'More time', newDueDate: '2099-12-31' }),
      'NO_DUE_DATE',
      /^§1: cmd-central-soe is only encouraged to migrate; it has no due date to extend\.$/,
    );
    expect(await readUnit('cmd-central-soe')).toEqual(before);
  });

  it("makes a central SOE's subsidiary, and its own subsidiary, voluntary too (§1): no due date, never overdue, no extension, no deadline for a plan", async () => {
    await newUnit({
      id: 'cmd-central-parent',
      name: 'Test Central SOE',
      officialName: '测试在渝央企',
      kind: 'CENTRAL_SOE',
      coordinatingUnitId: 'sasac',
    });
    for (const [id, parentId] of [
      ['cmd-central-child', 'cmd-central-parent'],
      ['cmd-central-grandchild', 'cmd-central-child'],
    ] as const) {
      expect(
        await newUnit({
          id,
          name: `Test ${id}`,
          officialName: '测试子公司',
          kind: 'SOE_SUBSIDIARY',
          parentId,
          ownershipStake: 'WHOLLY_OWNED',
        }),
      ).toMatchObject({ batch: { number: 3 }, coordinatingUnit: { id: 'sasac' } });
      await systemAt(`${id}-system`, id, 'INVENTORIED');
      const before = present(await readUnit(id), id);
      // Long after batch 3 ended, it is still not overdue: it never had to move.
      expect(before.systems).toMatchObject([{ dueDate: null, isOverdue: false }]);
      refused(
        await requestExtension({ unitId: id, reason: 'More time', newDueDate: '2099-12-31' }),
        'NO_DUE_DATE',
        new RegExp(`^§1: ${id} is only encouraged to migrate; it has no due date to extend\\.$`),
      );
      expect(await readUnit(id)).toEqual(before);
    }
    // No overdue report lists their systems, however late it is asked.
    const overdue = dataOf(
      await execute(
        units,
        graphql(`query CommandOverdueUnderSasac { overdueSystems(asOf: "2017-01-01", coordinatingUnitId: "sasac", first: 100) { totalCount
  edges { node { system { id } } } } }`),
        {},
        OFFICE,
      ),
    ).overdueSystems;
    expect(overdue?.totalCount).toBeLessThan(100);
    expect(present(overdue, 'overdue systems').edges.map((e) => e.node.system.id)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^cmd-central-/)]),
    );
    // A subsidiary of a municipal group, by contrast, is due by the end of batch 3.
    expect(present(await readSystem('sample-energy-group-gas-system-1'), 'seeded subsidiary system')).toMatchObject({
      dueDate: '2016-06-30',
    });
    // With no due date, a plan has no deadline to cut over by; it still starts from the notice's date on.
    const system = await systemAt('cmd-central-child-late', 'cmd-central-child', 'VENDOR_SELECTED');
    const plan = { systemId: system.id, expectedVersion: system.version, ...PLAN, plannedCutover: '2017-12-31' };
    refused(
      await approveMigrationPlan({ ...plan, plannedStart: '2015-07-01' }),
      'PLAN_OUTSIDE_WINDOW',
      /^§5: a plan of cmd-central-child may start before batch 3 opens \(2016-01-01\), from the notice's date \(2015-07-14\) on; 2015-07-01 is before the notice\.$/,
    );
    expect(dataOf(await approveMigrationPlan(plan)).approveMigrationPlan.migrationPlan).toMatchObject({ plannedCutover: '2017-12-31' });
  });

  it('refuses a decision on an unknown request (NOT_FOUND) and a request for an unknown unit (UNKNOWN_REFERENCE)', async () => {
    const count = await extensionCount();
    for (const requestId of ['999999', 'not-a-number']) {
      refused(
        await decideExtension({ requestId, approve: true }),
        'NOT_FOUND',
        new RegExp(`^Extension request ${requestId} does not exist\\.$`),
      );
    }
    const unknown = await requestExtension({ unitId: 'cmd-no-such-unit', reason: 'More time', newDueDate: '2099-12-31' });
    refused(unknown, 'UNKNOWN_REFERENCE', /^There is no unit cmd-no-such-unit\.$/);
    expect(extensionOf(unknown, 'field')).toBe('unitId');
    expect(await extensionCount()).toBe(count);
  });
});

describe('dependencies between systems', () => {
  beforeAll(async () => {
    await institution('cmd-dep-early', { parentId: 'tourism-bureau', systemsAlreadyHosted: true }); // batch 1
    await institution('cmd-dep-late'); // batch 3
  });

  it('warns, without refusing, when a system depends on one scheduled in a later batch', async () => {
    await systemAt('cmd-dep-early-system', 'cmd-dep-early', 'INVENTORIED');
    await systemAt('cmd-dep-early-other', 'cmd-dep-early', 'INVENTORIED');
    await systemAt('cmd-dep-late-system', 'cmd-dep-late', 'INVENTORIED');
    const warned = dataOf(await addDependency({ systemId: 'cmd-dep-early-system', dependsOnId: 'cmd-dep-late-system' })).addDependency;
    expect(warned).toEqual({
      id: 'cmd-dep-early-system',
      dependencies: [{ id: 'cmd-dep-late-system' }],
      scheduleWarnings: [
        {
          dependsOn: { id: 'cmd-dep-late-system' },
          message:
            'cmd-dep-early-system is scheduled in batch 1 but depends on cmd-dep-late-system, scheduled in batch 3: it may move before what it needs.',
        },
      ],
    });
    // Depending on something of an earlier batch, or of the same one, is as it should be.
    const fine = dataOf(await addDependency({ systemId: 'cmd-dep-late-system', dependsOnId: 'cmd-dep-early-other' })).addDependency;
    expect(fine).toEqual({ id: 'cmd-dep-late-system', dependencies: [{ id: 'cmd-dep-early-other' }], scheduleWarnings: [] });
    expect(await readSystem('cmd-dep-late-system')).toMatchObject({
      stage: 'INVENTORIED',
      version: 1,
      dependents: [{ id: 'cmd-dep-early-system' }],
    });
  });

  it('refuses a dependency that would close a cycle (DEPENDENCY_CYCLE), directly, through others or on itself', async () => {
    for (const id of ['cmd-cycle-a', 'cmd-cycle-b', 'cmd-cycle-c']) await systemAt(id, 'cmd-dep-late', 'INVENTORIED');
    dataOf(await addDependency({ systemId: 'cmd-cycle-a', dependsOnId: 'cmd-cycle-b' }));
    dataOf(await addDependency({ systemId: 'cmd-cycle-b', dependsOnId: 'cmd-cycle-c' }));
    const before = await Promise.all(['cmd-cycle-a', 'cmd-cycle-b', 'cmd-cycle-c'].map(readSystem));
    refused(
      await addDependency({ systemId: 'cmd-cycle-c', dependsOnId: 'cmd-cycle-a' }),
      'DEPENDENCY_CYCLE',
      /^cmd-cycle-a already depends on cmd-cycle-c, directly or through others\.$/,
    );
    refused(
      await addDependency({ systemId: 'cmd-cycle-b', dependsOnId: 'cmd-cycle-a' }),
      'DEPENDENCY_CYCLE',
      /^cmd-cycle-a already depends on cmd-cycle-b/,
    );
    refused(
      await addDependency({ systemId: 'cmd-cycle-a', dependsOnId: 'cmd-cycle-a' }),
      'DEPENDENCY_CYCLE',
      /^A system cannot depend on itself\.$/,
    );
    expect(await Promise.all(['cmd-cycle-a', 'cmd-cycle-b', 'cmd-cycle-c'].map(readSystem))).toEqual(before);
    expect(before.map((s) => s?.dependencies.map((d) => d.id))).toEqual([['cmd-cycle-b'], ['cmd-cycle-c'], []]);
  });

  it('refuses an unknown dependsOnId (UNKNOWN_REFERENCE) and an unknown system (NOT_FOUND), recording nothing', async () => {
    await systemAt('cmd-dep-lonely', 'cmd-dep-late', 'INVENTORIED');
    const before = await readSystem('cmd-dep-lonely');
    const unknown = await addDependency({ systemId: 'cmd-dep-lonely', dependsOnId: 'cmd-no-such-system' });
    refused(unknown, 'UNKNOWN_REFERENCE', /^There is no information system cmd-no-such-system\.$/);
    expect(extensionOf(unknown, 'field')).toBe('dependsOnId');
    refused(
      await addDependency({ systemId: 'cmd-no-such-system', dependsOnId: 'cmd-dep-lonely' }),
      'NOT_FOUND',
      /^Information system cmd-no-such-system does not exist\.$/,
    );
    expect(await readSystem('cmd-dep-lonely')).toEqual(before);
    expect(before).toMatchObject({ dependencies: [], dependents: [] });
  });
});

describe('budgets (§6.2)', () => {
  beforeAll(async () => {
    await institution('cmd-budget-unit');
  });

  it('keeps a line for servers or base software but flags it non-compliant with the §6.2 reason; cloud services are compliant', async () => {
    const line = { unitId: 'cmd-budget-unit', year: 2017 } as const;
    expect(
      dataOf(await addBudgetLine({ ...line, category: 'SERVERS', description: 'New servers', amountCny: '300000.00' })).addBudgetLine,
    ).toEqual({
      unit: { id: 'cmd-budget-unit' },
      year: 2017,
      category: 'SERVERS',
      description: 'New servers',
      amountCny: '300000.00',
      compliant: false,
      nonComplianceReason: '§6.2: budgets may not contain servers; buy cloud services instead.',
      recordedBy: 'cmd-budget-unit-officer',
    });
    expect(
      dataOf(await addBudgetLine({ ...line, category: 'BASE_SOFTWARE', description: 'Database licences', amountCny: '80000.00' }))
        .addBudgetLine,
    ).toMatchObject({ compliant: false, nonComplianceReason: '§6.2: budgets may not contain base software; buy cloud services instead.' });
    expect(
      dataOf(await addBudgetLine({ ...line, category: 'CLOUD_SERVICES', description: 'Cloud', amountCny: '120000.50' })).addBudgetLine,
    ).toMatchObject({ compliant: true, nonComplianceReason: null });
    expect(present(await readUnit('cmd-budget-unit'), 'cmd-budget-unit').budgetLines?.map((l) => [l.category, l.compliant])).toEqual([
      ['SERVERS', false],
      ['BASE_SOFTWARE', false],
      ['CLOUD_SERVICES', true],
    ]);
  });

  const compliance = (variables: { year: number; groupBy: 'UNIT' | 'COORDINATING_UNIT'; asOf?: string; nonCompliantOnly?: boolean }) =>
    execute(
      units,
      graphql(`query CommandBudgetCompliance($year: Int!, $groupBy: BudgetGrouping!, $asOf: String, $nonCompliantOnly: Boolean) {
  budgetCompliance(year: $year, groupBy: $groupBy, asOf: $asOf, nonCompliantOnly: $nonCompliantOnly, first: 100) { totalCount
  edges { node { unit { id } lineCount totalCny nonCompliantLineCount nonCompliantCny compliant } } } }`),
      variables,
      OFFICE,
    );
  const rowOf = async (unitId: string, variables: Parameters<typeof compliance>[0]) =>
    present(dataOf(await compliance(variables)).budgetCompliance, 'budget compliance').edges.find((e) => e.node.unit.id === unitId)?.node;
  const tourismLines = async () =>
    present(
      dataOf(
        await execute(
          units,
          graphql(`query CommandTourismBudget { unit(id: "tourism-bureau") { budgetLines(year: 2015) { category description amountCny
  compliant nonComplianceReason recordedAt } } }`),
          {},
          OFFICE,
        ),
      ).unit?.budgetLines,
      'tourism-bureau budget lines',
    );

  it("does not count a hardware line recorded before the notice (§6.2 applies from 14 July 2015): the tourism bureau's database licences", async () => {
    expect(await tourismLines()).toEqual([
      {
        category: 'OPERATIONS_SERVICES',
        description: 'Operations of existing systems',
        amountCny: expect.any(String),
        compliant: true,
        nonComplianceReason: null,
        recordedAt: '2015-03-01T02:00:00.000Z',
      },
      {
        category: 'BASE_SOFTWARE',
        description: 'Database licences (budgeted before the notice)',
        amountCny: '86000.00',
        compliant: true,
        nonComplianceReason: null,
        recordedAt: '2015-03-01T02:00:00.000Z',
      },
    ]);
    // The report counts the line, and does not count it against the bureau or its coordinator's subtree.
    expect(await rowOf('tourism-bureau', { year: 2015, groupBy: 'UNIT' })).toMatchObject({
      lineCount: 2,
      nonCompliantLineCount: 0,
      nonCompliantCny: '0.00',
      compliant: true,
    });
    expect(await rowOf('tourism-bureau', { year: 2015, groupBy: 'COORDINATING_UNIT' })).toMatchObject({
      nonCompliantLineCount: 0,
      compliant: true,
    });
    expect(await rowOf('tourism-bureau', { year: 2015, groupBy: 'UNIT', nonCompliantOnly: true })).toBeUndefined();
    // Lines recorded after the notice are checked: Banan's 2016 servers stay flagged.
    expect(await rowOf('banan-district', { year: 2016, groupBy: 'UNIT' })).toMatchObject({
      nonCompliantLineCount: 1,
      nonCompliantCny: '420000.00',
      compliant: false,
    });
  });

  it('checks a line added now, whatever its year: a 2015 hardware line recorded after the notice is non-compliant, in the line and in the report', async () => {
    const added = dataOf(
      await addBudgetLine({
        unitId: 'tourism-bureau',
        year: 2015,
        category: 'STORAGE',
        description: 'Storage bought after the notice',
        amountCny: '50000.00',
      }),
    ).addBudgetLine;
    expect(added).toMatchObject({
      year: 2015,
      compliant: false,
      nonComplianceReason: '§6.2: budgets may not contain storage equipment; buy cloud services instead.',
    });
    expect((await tourismLines()).map((l) => [l.category, l.compliant])).toEqual([
      ['OPERATIONS_SERVICES', true],
      ['BASE_SOFTWARE', true],
      ['STORAGE', false],
    ]);
    expect(await rowOf('tourism-bureau', { year: 2015, groupBy: 'UNIT', nonCompliantOnly: true })).toMatchObject({
      lineCount: 3,
      nonCompliantLineCount: 1,
      nonCompliantCny: '50000.00',
      compliant: false,
    });
    expect(await rowOf('tourism-bureau', { year: 2015, groupBy: 'COORDINATING_UNIT' })).toMatchObject({
      nonCompliantLineCount: 1,
      nonCompliantCny: '50000.00',
      compliant: false,
    });
    // As it stood before the line was recorded, the bureau's 2015 budget was compliant.
    expect(await rowOf('tourism-bureau', { year: 2015, groupBy: 'UNIT', asOf: '2016-01-01' })).toMatchObject({
      lineCount: 2,
      nonCompliantLineCount: 0,
      compliant: true,
    });
  });

  it('refuses a line for an unknown unit (UNKNOWN_REFERENCE) or with an amount or year out of bounds, recording nothing', async () => {
    const before = await readUnit('cmd-budget-unit');
    const line = { unitId: 'cmd-budget-unit', year: 2017, category: 'OTHER', description: 'Nothing', amountCny: '10.00' } as const;
    const unknown = await addBudgetLine({ ...line, unitId: 'cmd-no-such-unit' });
    refused(unknown, 'UNKNOWN_REFERENCE', /^There is no unit cmd-no-such-unit\.$/);
    expect(extensionOf(unknown, 'field')).toBe('unitId');
    refused(await addBudgetLine({ ...line, amountCny: '0.00' }), 'BAD_USER_INPUT', /^amountCny must be more than zero\.$/);
    refused(await addBudgetLine({ ...line, amountCny: '-5.00' }), 'NEGATIVE_PRICE', /amountCny must not be negative/);
    refused(await addBudgetLine({ ...line, year: 2031 }), 'BAD_USER_INPUT', /^year must be between 2015 and 2030\.$/);
    expect(await readUnit('cmd-budget-unit')).toEqual(before);
  });
});
