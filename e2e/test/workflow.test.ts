/**
 * The notice's workflow through the gateway, rule by rule: each allowed step, each refused one (with
 * its code, its message, and nothing changed when read back), overdue with and without an extension,
 * budget compliance, and the roll-up along the coordination tree.
 */
import type { Viewer } from '@cq/kit/identity';
import { ANALYST, at, dataOf, errorOf, OFFICE, officerOf, PARK_OPERATOR, present } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResult, type Hub, startHub } from '../src/hub.ts';
import {
  type AddBudgetLineInput,
  type ApproveMigrationPlanInput,
  type AssessSystemInput,
  type CreateSystemInput,
  type CreateUnitInput,
  type DecideExtensionInput,
  graphql,
  type RequestExtensionInput,
  type SelectVendorInput,
  type StepInput,
} from './generated/graphql.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

// The officer of the unit whose systems go through the steps below; each step is the unit officer's (§3).
const officer = officerOf('test-permits-centre');

async function readSystem(id: string) {
  const result = await hub.query(
    graphql(`query WorkflowSystem($id: ID!) { system(id: $id) { id stage version vendor { name } history { from to actor note }
  migrationPlan { destination { name } writtenWith { name } plannedCutover } isOverdue dueDate } }`),
    { id },
    OFFICE,
  );
  return dataOf(result).system;
}

function refused(result: GraphQLResult<Record<string, unknown>>, code: string, message: RegExp) {
  const [first] = Object.values(result.data ?? {});
  expect(first ?? null).toBeNull();
  const error = errorOf(result);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

// What every step answers: the system as it stands after the step.
graphql(`fragment WorkflowSystemFields on InformationSystem { id stage version vendor { name } history { from to actor note }
  migrationPlan { destination { name } writtenWith { name } plannedCutover } }`);

// One document per step, each with the same selection of the system.
const assessSystem = (input: AssessSystemInput, viewer = officer) =>
  hub.query(
    graphql(`mutation WorkflowAssessSystem($input: AssessSystemInput!) { assessSystem(input: $input) { ...WorkflowSystemFields } }`),
    { input },
    viewer,
  );
const selectVendor = (input: SelectVendorInput, viewer = officer) =>
  hub.query(
    graphql(`mutation WorkflowSelectVendor($input: SelectVendorInput!) { selectVendor(input: $input) { ...WorkflowSystemFields } }`),
    { input },
    viewer,
  );
const approveMigrationPlan = (input: ApproveMigrationPlanInput, viewer = officer) =>
  hub.query(
    graphql(
      `mutation WorkflowApproveMigrationPlan($input: ApproveMigrationPlanInput!) { approveMigrationPlan(input: $input) { ...WorkflowSystemFields } }`,
    ),
    { input },
    viewer,
  );
const startMigration = (input: StepInput, viewer = officer) =>
  hub.query(
    graphql(`mutation WorkflowStartMigration($input: StepInput!) { startMigration(input: $input) { ...WorkflowSystemFields } }`),
    { input },
    viewer,
  );
const PLACE = graphql(`mutation WorkflowPlaceSystem($input: PlaceSystemInput!) { placeSystem(input: $input) { id dataCenter { id } } }`);
const REMOVE_PLACEMENT = graphql(`mutation WorkflowRemovePlacement($systemId: ID!) { removePlacement(systemId: $systemId) { id } }`);
const markCentralised = (input: StepInput, viewer = officer) =>
  hub.query(
    graphql(`mutation WorkflowMarkCentralised($input: StepInput!) { markCentralised(input: $input) { ...WorkflowSystemFields } }`),
    { input },
    viewer,
  );
const markIntegrated = (input: StepInput, viewer = officer) =>
  hub.query(
    graphql(`mutation WorkflowMarkIntegrated($input: StepInput!) { markIntegrated(input: $input) { ...WorkflowSystemFields } }`),
    { input },
    viewer,
  );

const createUnit = (input: CreateUnitInput, viewer = OFFICE) =>
  hub.query(
    graphql(
      `mutation WorkflowCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id kind batch { number } coordinatingUnit { id } hasAdministrativeApproval } }`,
    ),
    { input },
    viewer,
  );

// A unit's officer registers its own unit's systems.
const createSystem = (input: CreateSystemInput, viewer: Viewer = officerOf(String(input.unitId))) =>
  hub.query(
    graphql(`mutation WorkflowCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { id stage version } }`),
    { input },
    viewer,
  );

const plan: Omit<ApproveMigrationPlanInput, 'systemId' | 'expectedVersion'> = {
  destinationDataCenterId: 'government-cloud-platform',
  writtenWithVendorId: 'sample-jialing-cloud',
  plannedStart: '2016-03-01',
  plannedCutover: '2016-05-15',
  contingencyPlan: 'Keep the old servers running until two weeks after cut-over.',
};

describe('registering units by §5 and §6.2', () => {
  it('derives the batch and the coordinating unit of a new unit', async () => {
    const result = await createUnit({
      id: 'test-permits-centre',
      name: 'Test Permits Centre',
      officialName: '测试许可中心',
      kind: 'PUBLIC_INSTITUTION',
      parentId: 'sample-transport-commission',
      hasAdministrativeApproval: true,
    });
    expect(result.errors).toBeUndefined();
    expect(dataOf(result).createUnit).toEqual({
      id: 'test-permits-centre',
      kind: 'PUBLIC_INSTITUTION',
      batch: { number: 3 },
      coordinatingUnit: { id: 'sample-transport-commission' },
      hasAdministrativeApproval: true,
    });
  });

  it('refuses a coordinator that contradicts §6.2, requires one where §6.2 is silent, and creates nothing', async () => {
    refused(
      await createUnit({
        id: 'test-mismatch',
        name: 'X',
        officialName: '某',
        kind: 'MUNICIPAL_SOE_GROUP',
        coordinatingUnitId: 'finance-bureau',
      }),
      'COORDINATOR_MISMATCH',
      /§6\.2 makes sasac the coordinating unit/,
    );
    refused(
      await createUnit({ id: 'test-central', name: 'X', officialName: '某', kind: 'CENTRAL_AGENCY' }),
      'COORDINATOR_REQUIRED',
      /§6\.2 fixes no coordinating unit/,
    );
    refused(
      await createUnit({
        id: 'test-central',
        name: 'X',
        officialName: '某',
        kind: 'CENTRAL_AGENCY',
        coordinatingUnitId: 'rural-commercial-bank',
      }),
      'COORDINATOR_INVALID',
      /coordinating units are municipal departments/,
    );
    const { data } = await hub.query(
      graphql(`query WorkflowRefusedUnits { a: unit(id: "test-mismatch") { id } b: unit(id: "test-central") { id } }`),
      {},
      OFFICE,
    );
    expect(data).toEqual({ a: null, b: null });
  });

  it('refuses changes from an unidentified caller', async () => {
    refused(
      await hub.query(graphql(`mutation WorkflowAnonymousCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id } }`), {
        input: { id: 'test-anon', name: 'X', officialName: '某', kind: 'MUNICIPAL_DEPARTMENT' },
      }),
      'UNAUTHENTICATED',
      /createUnit needs a signed-in caller/,
    );
    const { data } = await hub.query(graphql(`query WorkflowAnonymousUnit { unit(id: "test-anon") { id } }`), {}, OFFICE);
    expect(data).toEqual({ unit: null });
  });
});

describe('the four steps of §3 and the milestones of §2.2, in order', () => {
  beforeAll(async () => {
    expect(
      (
        await createSystem({
          id: 'test-permits',
          unitId: 'test-permits-centre',
          name: 'Permits',
          officialName: '许可系统',
          classification: 'NON_CLASSIFIED',
          businessType: 'GOVERNMENT_SERVICE',
          hosting: 'OWN_MACHINE_ROOM',
        })
      ).errors,
    ).toBeUndefined();
    expect(
      (
        await createSystem({
          id: 'test-secret',
          unitId: 'test-permits-centre',
          name: 'Secret',
          officialName: '涉密系统',
          classification: 'CLASSIFIED',
          businessType: 'OFFICE_AUTOMATION',
          hosting: 'OWN_MACHINE_ROOM',
        })
      ).errors,
    ).toBeUndefined();
  });

  it('refuses a skipped step and changes nothing', async () => {
    const before = await readSystem('test-permits');
    expect(before).toMatchObject({ stage: 'INVENTORIED', version: 1 });
    refused(
      await selectVendor({
        systemId: 'test-permits',
        expectedVersion: 1,
        vendorId: 'sample-jialing-cloud',
        cloudServiceIds: ['jialing-vm'],
        procurementMethod: 'PUBLIC_TENDER',
        procurementReference: 'T-1',
      }),
      'STEP_OUT_OF_ORDER',
      /§3: steps go in order .* test-permits is INVENTORIED/,
    );
    refused(await markCentralised({ systemId: 'test-permits', expectedVersion: 1 }), 'STEP_OUT_OF_ORDER', /needs MIGRATING/);
    expect(await readSystem('test-permits')).toEqual(before);
  });

  it('never migrates a classified system (§1)', async () => {
    refused(
      await assessSystem({
        systemId: 'test-secret',
        expectedVersion: 1,
        readiness: 'READY',
        strategy: 'REHOST',
        recommendedServiceModel: 'IAAS',
      }),
      'CLASSIFIED_SYSTEM_EXEMPT',
      /§1: test-secret is classified/,
    );
    expect(await readSystem('test-secret')).toMatchObject({ stage: 'EXEMPT', isOverdue: false, dueDate: null });
  });

  it('assesses; refuses a stale version with CONFLICT and overwrites nothing', async () => {
    const assessed = await assessSystem({
      systemId: 'test-permits',
      expectedVersion: 1,
      readiness: 'NOT_READY',
      strategy: 'REHOST',
      recommendedServiceModel: 'IAAS',
      note: 'First look',
    });
    expect(dataOf(assessed).assessSystem).toMatchObject({ stage: 'ASSESSED', version: 2 });
    const before = await readSystem('test-permits');
    refused(
      await assessSystem({
        systemId: 'test-permits',
        expectedVersion: 1,
        readiness: 'READY',
        strategy: 'REFACTOR',
        recommendedServiceModel: 'PAAS',
      }),
      'CONFLICT',
      /changed since it was read \(version 1, now 2\)/,
    );
    expect(await readSystem('test-permits')).toEqual(before);
  });

  it('refuses a provider while the assessment says NOT_READY, then accepts one after a reassessment', async () => {
    const selection: Omit<SelectVendorInput, 'expectedVersion'> = {
      systemId: 'test-permits',
      vendorId: 'sample-jialing-cloud',
      cloudServiceIds: ['jialing-vm', 'jialing-backup'],
      procurementMethod: 'PUBLIC_TENDER',
      procurementReference: 'CQGP-2016-0001',
    };
    refused(await selectVendor({ ...selection, expectedVersion: 2 }), 'SYSTEM_NOT_READY', /NOT_READY/);
    const reassessed = await assessSystem({
      systemId: 'test-permits',
      expectedVersion: 2,
      readiness: 'READY_WITH_CONDITIONS',
      strategy: 'REHOST',
      recommendedServiceModel: 'IAAS',
      blockers: [{ description: 'Old licences', severity: 'MEDIUM' }],
    });
    expect(dataOf(reassessed).assessSystem).toMatchObject({ stage: 'ASSESSED', version: 3 });
    const selected = await selectVendor({ ...selection, expectedVersion: 3 });
    expect(selected.errors).toBeUndefined();
    // The vendor's name comes from the vendors subgraph, through the gateway.
    expect(dataOf(selected).selectVendor).toMatchObject({
      stage: 'VENDOR_SELECTED',
      version: 4,
      vendor: { name: 'Jialing Cloud (sample)' },
    });
  });

  it('refuses plans that break §4, §5, §3.3 or §6.5, each by its rule, and changes nothing', async () => {
    const before = await readSystem('test-permits');
    const tryPlan = (changes: Partial<ApproveMigrationPlanInput>) =>
      approveMigrationPlan({ systemId: 'test-permits', expectedVersion: 4, ...plan, ...changes });
    refused(
      await tryPlan({ destinationDataCenterId: 'sample-jialing-data-center' }),
      'DESTINATION_NOT_ALLOWED',
      /§4: test-permits-centre has administrative-approval functions/,
    );
    refused(await tryPlan({ plannedCutover: '2016-07-15' }), 'PLAN_OUTSIDE_WINDOW', /§5: batch 3 runs from 2016-01-01 to 2016-06-30/);
    // A batch is a deadline: a plan may start early, but not before the notice.
    refused(await tryPlan({ plannedStart: '2015-07-13' }), 'PLAN_OUTSIDE_WINDOW', /§5: .*before the notice/);
    refused(
      await tryPlan({ writtenWithVendorId: 'sample-yangtze-cloud' }),
      'PLAN_NOT_WRITTEN_WITH_VENDOR',
      /§3\.3: .*selected provider \(sample-jialing-cloud\)/,
    );
    refused(await tryPlan({ contingencyPlan: '  ' }), 'CONTINGENCY_PLAN_REQUIRED', /§6\.5/);
    refused(
      await tryPlan({ plannedCutover: '2016-02-30' }),
      'BAD_USER_INPUT',
      /Date expects a calendar date written YYYY-MM-DD.*got "2016-02-30"/,
    );
    refused(
      await tryPlan({ plannedCutover: '2016-02-29' }),
      'INVALID_RANGE',
      /A migration plan cannot end \(2016-02-29\) before it starts \(2016-03-01\)/,
    );
    expect(await readSystem('test-permits')).toEqual(before);
  });

  it('approves the plan, migrates, centralises and integrates, recording who, when, from and to', async () => {
    // The plan is the unit's to approve (§3.3); a second officer of the unit approves it, so that history shows
    // each step's own actor.
    const director: Viewer = { ...officer, id: 'test-permits-centre-director' };
    const approved = await approveMigrationPlan({ systemId: 'test-permits', expectedVersion: 4, ...plan }, director);
    expect(approved.errors).toBeUndefined();
    // The destination's name comes from the park subgraph.
    expect(dataOf(approved).approveMigrationPlan.migrationPlan).toEqual({
      destination: { name: 'Government Cloud Platform' },
      writtenWith: { name: 'Jialing Cloud (sample)' },
      plannedCutover: '2016-05-15',
    });
    expect(dataOf(await startMigration({ systemId: 'test-permits', expectedVersion: 5 })).startMigration.stage).toBe('MIGRATING');
    // Centralised means placed (§2.2): not before the park has placed the system where its plan says.
    refused(
      await markCentralised({ systemId: 'test-permits', expectedVersion: 6 }),
      'PLACEMENT_NOT_AS_PLANNED',
      /government-cloud-platform/,
    );
    const placement = {
      systemId: 'test-permits',
      dataCenterId: 'sample-jialing-data-center',
      racks: 1,
      powerKw: '4.0',
      monthlyFeeCny: '4200.00',
      since: '2016-05-15',
    };
    const place = (dataCenterId: string) => hub.query(PLACE, { input: { ...placement, dataCenterId } }, PARK_OPERATOR);
    // The park asks units: §4 holds for a unit with administrative-approval functions, and so does the plan.
    refused(await place('sample-jialing-data-center'), 'DESTINATION_NOT_ALLOWED', /test-permits/);
    refused(await place('transitional-government-data-center'), 'PLACEMENT_NOT_AS_PLANNED', /government-cloud-platform/);
    expect(dataOf(await place('government-cloud-platform')).placeSystem.dataCenter.id).toBe('government-cloud-platform');
    expect(
      dataOf(await markCentralised({ systemId: 'test-permits', expectedVersion: 6, note: 'Running in the park' })).markCentralised.stage,
    ).toBe('CENTRALISED');
    // §2.2: it runs in the park now, as the cloud services its assessment chose; inventoried in its own machine room.
    const hosting = dataOf(
      await hub.query(
        graphql(`query WorkflowHosting($id: ID!) { system(id: $id) { hosting corrections { field before after } } }`),
        { id: 'test-permits' },
        OFFICE,
      ),
    ).system;
    expect(hosting).toEqual({
      hosting: 'CLOUD_SERVICE',
      corrections: [{ field: 'HOSTING', before: 'OWN_MACHINE_ROOM', after: 'CLOUD_SERVICE' }],
    });
    // From now on the placement is the proof that the system was centralised: the park asks units, and keeps it.
    refused(
      await hub.query(REMOVE_PLACEMENT, { systemId: 'test-permits' }, PARK_OPERATOR),
      'PLACEMENT_IS_PROOF',
      /§2\.2: test-permits is CENTRALISED/,
    );
    const done = await markIntegrated({ systemId: 'test-permits', expectedVersion: 7 });
    const { history } = dataOf(done).markIntegrated;
    expect(history.map((h) => [h.from, h.to, h.actor])).toEqual([
      [null, 'INVENTORIED', 'test-permits-centre-officer'],
      ['INVENTORIED', 'ASSESSED', 'test-permits-centre-officer'],
      ['ASSESSED', 'ASSESSED', 'test-permits-centre-officer'],
      ['ASSESSED', 'VENDOR_SELECTED', 'test-permits-centre-officer'],
      ['VENDOR_SELECTED', 'PLAN_APPROVED', 'test-permits-centre-director'],
      ['PLAN_APPROVED', 'MIGRATING', 'test-permits-centre-officer'],
      ['MIGRATING', 'CENTRALISED', 'test-permits-centre-officer'],
      ['CENTRALISED', 'INTEGRATED', 'test-permits-centre-officer'],
    ]);
    expect(at(history, 6).note).toBe('Running in the park');
    refused(await markIntegrated({ systemId: 'test-permits', expectedVersion: 8 }), 'STEP_OUT_OF_ORDER', /INTEGRATED/);
  });
});

describe('deadlines and extensions (§5, §6.4)', () => {
  // A unit's officer asks for its own unit's extension; the joint-conference office decides (§6.4).
  const request = (input: RequestExtensionInput, viewer: Viewer = officerOf(String(input.unitId))) =>
    hub.query(
      graphql(
        `mutation WorkflowRequestExtension($input: RequestExtensionInput!) { requestExtension(input: $input) { id status newDueDate } }`,
      ),
      { input },
      viewer,
    );
  const decide = (input: DecideExtensionInput) =>
    hub.query(
      graphql(
        `mutation WorkflowDecideExtension($input: DecideExtensionInput!) { decideExtension(input: $input) { id status decision { approved decidedBy note } } }`,
      ),
      { input },
      OFFICE,
    );

  beforeAll(async () => {
    for (const id of ['test-late-a', 'test-late-b']) {
      expect(
        (await createUnit({ id, name: id, officialName: '测试', kind: 'PUBLIC_INSTITUTION', parentId: 'yuzhong-district' })).errors,
      ).toBeUndefined();
      expect(
        (
          await createSystem({
            id: `${id}-system`,
            unitId: id,
            name: 'Late',
            officialName: '迟',
            classification: 'NON_CLASSIFIED',
            businessType: 'MONITORING',
            hosting: 'OWN_MACHINE_ROOM',
          })
        ).errors,
      ).toBeUndefined();
    }
  });

  it('counts a system overdue once its batch has ended, and no longer once an extension is approved', async () => {
    expect(await readSystem('test-late-a-system')).toMatchObject({ isOverdue: true, dueDate: '2016-06-30' });
    refused(await request({ unitId: 'test-late-a', reason: 'More time', newDueDate: '2016-05-01' }), 'EXTENSION_NOT_AFTER_WINDOW', /§6\.4/);
    const asked = await request({ unitId: 'test-late-a', reason: 'The vendor was replaced.', newDueDate: '2099-12-31' });
    const { requestExtension } = dataOf(asked);
    expect(requestExtension).toMatchObject({ status: 'PENDING', newDueDate: '2099-12-31' });
    refused(
      await request({ unitId: 'test-late-a', reason: 'Again', newDueDate: '2099-06-30' }),
      'EXTENSION_ALREADY_PENDING',
      /already has request/,
    );
    // Still overdue while the joint conference has not decided.
    expect(await readSystem('test-late-a-system')).toMatchObject({ isOverdue: true });
    const decided = await decide({ requestId: requestExtension.id, approve: true, note: 'Approved by the joint conference.' });
    expect(dataOf(decided).decideExtension).toMatchObject({
      status: 'APPROVED',
      decision: { approved: true, decidedBy: 'joint-conference-office' },
    });
    expect(await readSystem('test-late-a-system')).toMatchObject({ isOverdue: false, dueDate: '2099-12-31' });
    refused(await decide({ requestId: requestExtension.id, approve: false }), 'EXTENSION_ALREADY_DECIDED', /decisions are final/);
    // A second request must ask for more than the date already approved.
    refused(
      await request({ unitId: 'test-late-a', reason: 'Less time', newDueDate: '2099-06-30' }),
      'EXTENSION_NOT_AFTER_WINDOW',
      /already due by 2099-12-31/,
    );
  });

  it('lets nobody decide their own extension request', async () => {
    // The same person asks as the unit's officer and then decides as the joint-conference office.
    const asker = officerOf('test-late-b');
    const asked = await request({ unitId: 'test-late-b', reason: 'Self-serve.', newDueDate: '2098-12-31' }, asker);
    const selfDecided = await hub.query(
      graphql(`mutation WorkflowSelfDecideExtension($input: DecideExtensionInput!) { decideExtension(input: $input) { id } }`),
      { input: { requestId: dataOf(asked).requestExtension.id, approve: true } },
      { id: asker.id, role: 'joint-conference' },
    );
    refused(selfDecided, 'EXTENSION_SELF_DECISION', /cannot decide it/);
    await decide({ requestId: dataOf(asked).requestExtension.id, approve: false, note: 'No.' });
  });

  it('keeps a system overdue when its extension is rejected', async () => {
    const asked = await request({ unitId: 'test-late-b', reason: 'Busy.', newDueDate: '2099-12-31' });
    expect(asked.errors).toBeUndefined();
    await decide({ requestId: dataOf(asked).requestExtension.id, approve: false, note: 'No reason given.' });
    expect(await readSystem('test-late-b-system')).toMatchObject({ isOverdue: true, dueDate: '2016-06-30' });
    const data = dataOf(
      await hub.query(
        graphql(
          `query WorkflowOverdueAndRejected { overdueSystems(first: 100) { edges { node { system { id } } } } extensionRequests(status: REJECTED) { edges { node { unit { id } } } } }`,
        ),
        {},
        OFFICE,
      ),
    );
    const overdue = present(data.overdueSystems, 'overdue systems').edges.map((e) => e.node.system.id);
    expect(overdue).toContain('test-late-b-system');
    expect(overdue).not.toContain('test-late-a-system');
    expect(present(data.extensionRequests, 'extension requests').edges.map((e) => e.node.unit?.id)).toContain('test-late-b');
  });
});

describe('budgets (§6.2)', () => {
  // A unit's officer records its own unit's budget lines.
  const add = (input: AddBudgetLineInput) =>
    hub.query(
      graphql(
        `mutation WorkflowAddBudgetLine($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { category amountCny compliant nonComplianceReason } }`,
      ),
      { input },
      officerOf(String(input.unitId)),
    );

  it('flags hardware and base software as non-compliant and reports them by unit and coordinating unit', async () => {
    const servers = await add({
      unitId: 'test-late-a',
      year: 2017,
      category: 'SERVERS',
      description: 'New servers',
      amountCny: '300000.00',
    });
    expect(dataOf(servers).addBudgetLine).toEqual({
      category: 'SERVERS',
      amountCny: '300000.00',
      compliant: false,
      nonComplianceReason: '§6.2: budgets may not contain servers; buy cloud services instead.',
    });
    const cloud = await add({
      unitId: 'test-late-a',
      year: 2017,
      category: 'CLOUD_SERVICES',
      description: 'Cloud',
      amountCny: '120000.50',
    });
    expect(dataOf(cloud).addBudgetLine).toMatchObject({ compliant: true, nonComplianceReason: null });
    const report = await hub.query(
      graphql(`query WorkflowBudgetCompliance {
      byUnit: budgetCompliance(year: 2017, groupBy: UNIT) { edges { node { unit { id } lines totalCny nonCompliantLines nonCompliantCny compliant } } }
      byCoordinator: budgetCompliance(year: 2017, groupBy: COORDINATING_UNIT, nonCompliantOnly: true) { edges { node { unit { id } nonCompliantCny } } } }`),
      {},
      OFFICE,
    );
    const data = dataOf(report);
    const byUnit = present(data.byUnit, 'compliance by unit');
    const byCoordinator = present(data.byCoordinator, 'compliance by coordinating unit');
    expect(byUnit.edges).toEqual([
      {
        node: {
          unit: { id: 'test-late-a' },
          lines: 2,
          totalCny: '420000.50',
          nonCompliantLines: 1,
          nonCompliantCny: '300000.00',
          compliant: false,
        },
      },
    ]);
    expect(byCoordinator.edges).toEqual([{ node: { unit: { id: 'yuzhong-district' }, nonCompliantCny: '300000.00' } }]);
  });

  it('refuses a negative, empty or over-precise amount and records nothing', async () => {
    refused(
      await add({ unitId: 'test-late-a', year: 2017, category: 'OTHER', description: 'Nothing', amountCny: '-5.00' }),
      'NEGATIVE_PRICE',
      /amountCny must not be negative/,
    );
    refused(
      await add({ unitId: 'test-late-a', year: 2017, category: 'OTHER', description: 'Nothing', amountCny: '0.00' }),
      'BAD_USER_INPUT',
      /amountCny must be more than zero/,
    );
    refused(
      await add({ unitId: 'test-late-a', year: 2017, category: 'OTHER', description: 'Nothing', amountCny: '100.005' }),
      'BAD_USER_INPUT',
      /at most two decimals/,
    );
    refused(
      await add({ unitId: 'test-late-a', year: 2017, category: 'OTHER', description: 'Nothing', amountCny: 'lots' }),
      'BAD_USER_INPUT',
      /Decimal/,
    );
    const data = dataOf(
      await hub.query(
        graphql(`query WorkflowBudgetLines { unit(id: "test-late-a") { budgetLines(year: 2017) { category } } }`),
        {},
        OFFICE,
      ),
    );
    expect(present(data.unit, 'the unit').budgetLines).toHaveLength(2);
  });
});

describe('reports for analysts', () => {
  it("rolls a coordinating unit's figures up its whole subtree (§6.2)", async () => {
    const result = await hub.query(
      graphql(`query WorkflowRollUp {
      district: unit(id: "yuzhong-district") { progress { systemCount overdueCount centralisedCount } coordinatedUnits { id progress { systemCount overdueCount centralisedCount } } }
      report: progressReport(groupBy: COORDINATING_UNIT) { groups { coordinatingUnit { id } figures { systemCount overdueCount centralisedCount } } total { systemCount } }
      subtree: systems(first: 0, filter: { coordinatingUnitId: "yuzhong-district" }) { totalCount }
      overdueInSubtree: systems(first: 0, filter: { coordinatingUnitId: "yuzhong-district", isOverdue: true }) { totalCount }
      all: systems(first: 0) { totalCount } }`),
      {},
      ANALYST,
    );
    const data = dataOf(result);
    const district = present(data.district, 'yuzhong-district');
    const progress = present(district.progress, "yuzhong-district's progress");
    const report = present(data.report, 'the progress report');
    const own = await hub.query(
      graphql(`query WorkflowDistrictOwnSystems { systems(first: 100, filter: { unitId: "yuzhong-district" }) { totalCount } }`),
      {},
      ANALYST,
    );
    const sum = (field: 'systemCount' | 'overdueCount' | 'centralisedCount') =>
      district.coordinatedUnits.reduce((n, u) => n + present(u.progress, `the progress of ${u.id}`)[field], 0);
    expect(progress.systemCount).toBe(present(dataOf(own).systems, 'systems').totalCount + sum('systemCount'));
    expect(progress.overdueCount).toBeGreaterThanOrEqual(sum('overdueCount'));
    expect(progress.overdueCount).toBeGreaterThanOrEqual(1); // test-late-b-system
    // The systems filter reads the same subtree (§6.2) and the same overdue rule as the figures.
    expect(present(data.subtree, 'subtree').totalCount).toBe(progress.systemCount);
    expect(present(data.overdueInSubtree, 'overdue in subtree').totalCount).toBe(progress.overdueCount);
    expect(report.groups.find((g) => g.coordinatingUnit?.id === 'yuzhong-district')?.figures).toEqual(progress);
    expect(report.total.systemCount).toBe(present(data.all, 'all systems').totalCount);
  });

  it('answers two requests registering the same id at once with one system and ALREADY_EXISTS', async () => {
    const input: CreateSystemInput = {
      id: 'test-twin',
      unitId: 'test-late-a',
      name: 'Twin',
      officialName: '双',
      classification: 'NON_CLASSIFIED',
      businessType: 'MONITORING',
      hosting: 'OWN_MACHINE_ROOM',
    };
    const results = await Promise.all([createSystem(input), createSystem({ ...input, unitId: 'test-late-b' })]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    const codes = results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).toEqual(['ALREADY_EXISTS']);
    expect(JSON.stringify(results)).not.toMatch(/insert into/i);
  });

  it('warns when a system depends on one scheduled in a later batch, and refuses a cycle', async () => {
    // Each dependency is recorded by the officer of the unit whose system depends on the other.
    const add = (systemId: string, dependsOnId: string, viewer: Viewer) =>
      hub.query(
        graphql(
          `mutation WorkflowAddDependency($input: AddDependencyInput!) { addDependency(input: $input) { id scheduleWarnings { dependsOn { id } message } } }`,
        ),
        { input: { systemId, dependsOnId } },
        viewer,
      );
    const warned = await add('general-office-system-1', 'test-late-a-system', officerOf('general-office'));
    expect(dataOf(warned).addDependency.scheduleWarnings).toEqual([
      {
        dependsOn: { id: 'test-late-a-system' },
        message: expect.stringMatching(/batch 1 but depends on test-late-a-system, scheduled in batch 3/),
      },
    ]);
    refused(await add('test-late-a-system', 'general-office-system-1', officerOf('test-late-a')), 'DEPENDENCY_CYCLE', /already depends on/);
  });
});
