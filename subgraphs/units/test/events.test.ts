/**
 * The units subgraph's events (src/domain/events.ts): every mutation, run once by a role allowed to, adds
 * exactly one event to its outbox, the next seq of the log, of its kind and naming the unit, the system and
 * the provider it concerns (the gateway's filter by tenant reads them); a refused change adds none, except a
 * refusal by §4's destinations, which adds exactly one RULE_REFUSED. One unit's systems go through the whole
 * workflow, in order, with the real park and vendors subgraphs answering as in the hub.
 */
import { dataOf, execute, OFFICE, officerOf } from '@cq/kit/testing';
import { type Outcome, watchOutbox } from '@cq/kit/testing-outbox';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../src/domain/events.ts';
import { graphql, type StepInput } from './generated/graphql.ts';
import { placeInPark, startUnitsWithPeers, type UnitsWithPeers } from './with-peers.ts';

let units: UnitsWithPeers;
beforeAll(async () => {
  units = await startUnitsWithPeers();
});
afterAll(async () => units?.stop());

const UNIT = 'evt-unit';
const OFFICER = officerOf(UNIT);
const JIALING = 'sample-jialing-cloud';
const YANGTZE = 'sample-yangtze-cloud';

const { ran, told, refused } = watchOutbox(() => units);

const CREATE_UNIT = graphql(`mutation EventsCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id } }`);
const CORRECT_UNIT = graphql(`mutation EventsCorrectUnit($input: CorrectUnitInput!) { correctUnit(input: $input) { id } }`);
const CREATE_SYSTEM = graphql(`mutation EventsCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { id version } }`);
const ADD_DEPENDENCY = graphql(`mutation EventsAddDependency($input: AddDependencyInput!) { addDependency(input: $input) { id } }`);
const ASSESS = graphql(`mutation EventsAssess($input: AssessSystemInput!) { assessSystem(input: $input) { id version } }`);
const SELECT = graphql(`mutation EventsSelect($input: SelectVendorInput!) { selectVendor(input: $input) { id version } }`);
const APPROVE = graphql(
  `mutation EventsApprove($input: ApproveMigrationPlanInput!) { approveMigrationPlan(input: $input) { id version } }`,
);
const REPLAN = graphql(`mutation EventsReplan($input: ReplanMigrationInput!) { replanMigration(input: $input) { id version } }`);
const START = graphql(`mutation EventsStart($input: StepInput!) { startMigration(input: $input) { id version } }`);
const CENTRALISE = graphql(`mutation EventsCentralise($input: StepInput!) { markCentralised(input: $input) { id version } }`);
const INTEGRATE = graphql(`mutation EventsIntegrate($input: StepInput!) { markIntegrated(input: $input) { id version } }`);
const CORRECT_HOSTING = graphql(
  `mutation EventsCorrectHosting($input: CorrectSystemHostingInput!) { correctSystemHosting(input: $input) { id version } }`,
);
const CHANGE_PROVIDER = graphql(
  `mutation EventsChangeProvider($input: ChangeProviderInput!) { changeProvider(input: $input) { id version } }`,
);
const RETIRE = graphql(`mutation EventsRetire($input: RetireSystemInput!) { retireSystem(input: $input) { id version } }`);
const REQUEST_RECLASSIFICATION = graphql(
  `mutation EventsRequestReclassification($input: RequestReclassificationInput!) { requestReclassification(input: $input) { id } }`,
);
const DECIDE_RECLASSIFICATION = graphql(
  `mutation EventsDecideReclassification($input: DecideReclassificationInput!) { decideReclassification(input: $input) { id } }`,
);
const REQUEST_EXTENSION = graphql(
  `mutation EventsRequestExtension($input: RequestExtensionInput!) { requestExtension(input: $input) { id } }`,
);
const DECIDE_EXTENSION = graphql(`mutation EventsDecideExtension($input: DecideExtensionInput!) { decideExtension(input: $input) { id } }`);
const WITHDRAW_EXTENSION = graphql(
  `mutation EventsWithdrawExtension($input: WithdrawExtensionRequestInput!) { withdrawExtensionRequest(input: $input) { id } }`,
);
const ADD_BUDGET_LINE = graphql(`mutation EventsAddBudgetLine($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id } }`);

/** Each system's version as last read, for the next step. */
const versions = new Map<string, number>();
const step = (systemId: string) => ({ systemId, expectedVersion: versions.get(systemId) ?? 1 });
/** Runs a change of a system and keeps its new version. */
const onSystem = (run: () => Promise<Outcome>) => async () => {
  const result = await run();
  for (const answer of Object.values((result.data ?? {}) as Record<string, { id: string; version?: number } | null>)) {
    if (answer?.version !== undefined) versions.set(answer.id, answer.version);
  }
  return result;
};

const newSystem = (id: string) =>
  onSystem(() =>
    execute(
      units,
      CREATE_SYSTEM,
      {
        input: {
          id,
          unitId: UNIT,
          name: `Events ${id}`,
          officialName: '事件测试系统',
          classification: 'NON_CLASSIFIED',
          businessType: 'GOVERNMENT_SERVICE',
          hosting: 'OWN_MACHINE_ROOM',
        },
      },
      OFFICER,
    ),
  );
const assess = (systemId: string, strategy: 'REHOST' | 'RETIRE' = 'REHOST') =>
  onSystem(() =>
    execute(units, ASSESS, { input: { ...step(systemId), readiness: 'READY', strategy, recommendedServiceModel: 'IAAS' } }, OFFICER),
  );
const select = (systemId: string) =>
  onSystem(() =>
    execute(
      units,
      SELECT,
      {
        input: {
          ...step(systemId),
          vendorId: JIALING,
          cloudServiceIds: ['jialing-vm'],
          procurementMethod: 'PUBLIC_TENDER',
          procurementReference: 'CQGP-2016-0901',
        },
      },
      OFFICER,
    ),
  );
/** A plan of batch 3 (the unit's), to a data centre. */
const plan = (systemId: string, destinationDataCenterId: string) => ({
  ...step(systemId),
  destinationDataCenterId,
  writtenWithVendorId: JIALING,
  plannedStart: '2016-03-01',
  plannedCutover: '2016-05-15',
  contingencyPlan: 'Keep the old servers running for two weeks.',
});
const approve = (systemId: string, destination: string) =>
  onSystem(() => execute(units, APPROVE, { input: plan(systemId, destination) }, OFFICER));
const simpleStep = (operation: TypedDocumentNode<unknown, { input: StepInput }>, systemId: string) =>
  onSystem(() => execute(units, operation, { input: step(systemId) }, OFFICER));

describe('every mutation of the units subgraph records its event, and only an allowed change or a §4 refusal does', () => {
  it('tells of a unit registered and corrected, to everyone the kind names', async () => {
    const created = await told(
      'createUnit',
      () =>
        execute(
          units,
          CREATE_UNIT,
          {
            input: {
              id: UNIT,
              name: 'Events Institute',
              officialName: '事件研究所',
              kind: 'PUBLIC_INSTITUTION',
              parentId: 'yuzhong-district',
            },
          },
          OFFICE,
        ),
      { kind: 'UNIT_CREATED', subjectType: 'Unit', subjectId: UNIT, unitId: UNIT, actor: OFFICE.id },
    );
    expect(created.data).toMatchObject({ batch: 3, coordinatingUnitId: 'yuzhong-district' });
    expect(created.roles).toContain('analyst');
    const corrected = await told(
      'correctUnit',
      () =>
        execute(units, CORRECT_UNIT, { input: { unitId: UNIT, hasAdministrativeApproval: true, reason: 'It approves permits.' } }, OFFICE),
      { kind: 'UNIT_CORRECTED', unitId: UNIT },
    );
    expect(corrected.data).toMatchObject({ corrected: ['hasAdministrativeApproval'] });
  });

  it('tells of systems and a dependency, with no provider before one is selected', async () => {
    for (const id of ['evt-system', 'evt-other', 'evt-retired']) {
      await told('createSystem', newSystem(id), { kind: 'SYSTEM_CREATED', subjectId: id, unitId: UNIT, systemId: id, vendorId: null });
    }
    const dependency = await told(
      'addDependency',
      () => execute(units, ADD_DEPENDENCY, { input: { systemId: 'evt-system', dependsOnId: 'evt-other' } }, OFFICER),
      { kind: 'DEPENDENCY_ADDED', unitId: UNIT, systemId: 'evt-system', vendorId: null },
    );
    expect(dependency.data).toEqual({ dependsOnId: 'evt-other' });
  });

  it('tells of each step with the stages it left and reached, and names the provider once one is selected', async () => {
    const assessed = await told('assessSystem', assess('evt-system'), { kind: 'STAGE_MOVED', unitId: UNIT, systemId: 'evt-system' });
    expect(assessed.data).toEqual({ step: 'assessSystem', from: 'INVENTORIED', to: 'ASSESSED' });
    expect(assessed.summary).toBe('System evt-system moved from INVENTORIED to ASSESSED.');
    const selected = await told('selectVendor', select('evt-system'), {
      kind: 'STAGE_MOVED',
      unitId: UNIT,
      systemId: 'evt-system',
      vendorId: JIALING,
    });
    expect(selected.data).toEqual({ step: 'selectVendor', from: 'ASSESSED', to: 'VENDOR_SELECTED' });
  });

  it('adds no event for a step refused out of order, and exactly one RULE_REFUSED for a plan §4 refuses', async () => {
    expect(await refused(simpleStep(START, 'evt-system'), 'STEP_OUT_OF_ORDER')).toEqual([]);
    const [refusal, ...more] = await refused(approve('evt-system', 'sample-jialing-data-center'), 'DESTINATION_NOT_ALLOWED');
    expect(more).toEqual([]);
    expect(refusal).toMatchObject({
      kind: 'RULE_REFUSED',
      unitId: UNIT,
      systemId: 'evt-system',
      data: { code: 'DESTINATION_NOT_ALLOWED', operation: 'approveMigrationPlan' },
    });
    expect(refusal?.data.message).toMatch(/^§4: evt-unit has administrative-approval functions/);
    expect(refusal?.roles).not.toContain('vendor');
  });

  it('tells of a plan approved and replanned, with its destination and dates', async () => {
    const approved = await told('approveMigrationPlan', approve('evt-system', 'government-cloud-platform'), {
      kind: 'PLAN_APPROVED',
      unitId: UNIT,
      systemId: 'evt-system',
      vendorId: JIALING,
    });
    expect(approved.data).toMatchObject({ replanned: false, dataCenterId: 'government-cloud-platform', plannedCutover: '2016-05-15' });
    const replanned = await told(
      'replanMigration',
      onSystem(() =>
        execute(
          units,
          REPLAN,
          {
            input: {
              ...plan('evt-system', 'transitional-government-data-center'),
              plannedCutover: '2016-06-01',
              reason: 'The platform is full.',
            },
          },
          OFFICER,
        ),
      ),
      { kind: 'PLAN_APPROVED', unitId: UNIT, systemId: 'evt-system', vendorId: JIALING },
    );
    expect(replanned.data).toMatchObject({
      replanned: true,
      dataCenterId: 'transitional-government-data-center',
      plannedCutover: '2016-06-01',
    });
  });

  it('tells of the migration, both milestones and a correction of hosting', async () => {
    const expected = { kind: 'STAGE_MOVED' as const, unitId: UNIT, systemId: 'evt-system', vendorId: JIALING };
    expect((await told('startMigration', simpleStep(START, 'evt-system'), expected)).data).toMatchObject({ to: 'MIGRATING' });
    dataOf(await placeInPark(units, 'evt-system', 'transitional-government-data-center'));
    expect((await told('markCentralised', simpleStep(CENTRALISE, 'evt-system'), expected)).data).toEqual({
      step: 'markCentralised',
      from: 'MIGRATING',
      to: 'CENTRALISED',
    });
    expect((await told('markIntegrated', simpleStep(INTEGRATE, 'evt-system'), expected)).data).toMatchObject({ to: 'INTEGRATED' });
    const hosting = await told(
      'correctSystemHosting',
      onSystem(() =>
        execute(
          units,
          CORRECT_HOSTING,
          { input: { ...step('evt-system'), hosting: 'PARK_DATA_CENTER', reason: 'It runs on its own racks.' } },
          OFFICER,
        ),
      ),
      { kind: 'HOSTING_CORRECTED', unitId: UNIT, systemId: 'evt-system', vendorId: JIALING },
    );
    expect(hosting.data).toEqual({ from: 'CLOUD_SERVICE', to: 'PARK_DATA_CENTER' });
  });

  it('tells of a change of provider, naming the new one, and of a reclassification asked and decided', async () => {
    await assess('evt-other')();
    await select('evt-other')();
    const changed = await told(
      'changeProvider',
      onSystem(() =>
        execute(
          units,
          CHANGE_PROVIDER,
          {
            input: {
              ...step('evt-other'),
              vendorId: YANGTZE,
              cloudServiceIds: ['yangtze-hosting'],
              procurementMethod: 'COMPETITIVE_NEGOTIATION',
              procurementReference: 'CQGP-2016-0902',
              reason: 'The first provider withdrew.',
            },
          },
          OFFICER,
        ),
      ),
      { kind: 'PROVIDER_CHANGED', unitId: UNIT, systemId: 'evt-other', vendorId: YANGTZE },
    );
    expect(changed.data).toEqual({ from: JIALING, to: YANGTZE, stage: 'VENDOR_SELECTED' });
    const asked = await told(
      'requestReclassification',
      () =>
        execute(
          units,
          REQUEST_RECLASSIFICATION,
          { input: { systemId: 'evt-other', classification: 'CLASSIFIED', reason: 'It holds secrets.' } },
          OFFICER,
        ),
      {
        kind: 'RECLASSIFICATION_REQUESTED',
        subjectType: 'ReclassificationRequest',
        unitId: UNIT,
        systemId: 'evt-other',
        vendorId: YANGTZE,
      },
    );
    expect(asked.roles).not.toContain('vendor');
    const decided = await told(
      'decideReclassification',
      () => execute(units, DECIDE_RECLASSIFICATION, { input: { requestId: asked.subjectId, approve: false } }, OFFICE),
      { kind: 'RECLASSIFICATION_DECIDED', subjectId: asked.subjectId, unitId: UNIT, systemId: 'evt-other', vendorId: YANGTZE },
    );
    expect(decided.data).toEqual({ from: 'NON_CLASSIFIED', to: 'CLASSIFIED', approved: false });
  });

  it('tells of a system retired instead of moved', async () => {
    await assess('evt-retired', 'RETIRE')();
    const retired = await told(
      'retireSystem',
      onSystem(() => execute(units, RETIRE, { input: { ...step('evt-retired'), reason: 'Replaced by a shared platform.' } }, OFFICER)),
      { kind: 'STAGE_MOVED', unitId: UNIT, systemId: 'evt-retired', vendorId: null },
    );
    expect(retired.data).toEqual({ step: 'retireSystem', from: 'ASSESSED', to: 'RETIRED' });
  });

  it('tells of extension requests asked, decided and withdrawn, to the unit', async () => {
    const ask = (newDueDate: string) => () =>
      execute(units, REQUEST_EXTENSION, { input: { unitId: UNIT, reason: 'The provider changed.', newDueDate } }, OFFICER);
    const asked = await told('requestExtension', ask('2016-09-30'), { kind: 'EXTENSION_REQUESTED', unitId: UNIT });
    const decided = await told(
      'decideExtension',
      () => execute(units, DECIDE_EXTENSION, { input: { requestId: asked.subjectId, approve: true } }, OFFICE),
      { kind: 'EXTENSION_DECIDED', subjectId: asked.subjectId, unitId: UNIT },
    );
    expect(decided.data).toMatchObject({ approved: true, newDueDate: '2016-09-30' });
    expect(
      await refused(
        () => execute(units, DECIDE_EXTENSION, { input: { requestId: asked.subjectId, approve: false } }, OFFICE),
        'EXTENSION_ALREADY_DECIDED',
      ),
    ).toEqual([]);
    const again = await told('requestExtension', ask('2016-12-31'), { kind: 'EXTENSION_REQUESTED', unitId: UNIT });
    await told(
      'withdrawExtensionRequest',
      () => execute(units, WITHDRAW_EXTENSION, { input: { requestId: again.subjectId, reason: 'Done in time after all.' } }, OFFICER),
      { kind: 'EXTENSION_WITHDRAWN', subjectId: again.subjectId, unitId: UNIT },
    );
  });

  it("tells of a budget line with §6.2's reason when it breaks the rule, never to an analyst", async () => {
    const line = await told(
      'addBudgetLine',
      () =>
        execute(
          units,
          ADD_BUDGET_LINE,
          { input: { unitId: UNIT, year: 2016, category: 'SERVERS', description: 'Two rack servers', amountCny: '48000.00' } },
          OFFICER,
        ),
      { kind: 'BUDGET_LINE_ADDED', unitId: UNIT },
    );
    expect(line.data).toEqual({
      year: 2016,
      category: 'SERVERS',
      amountCny: '48000.00',
      nonCompliance: expect.stringMatching(/^§6\.2: budgets may not contain/),
    });
    expect(line.roles).not.toContain('analyst');
  });

  it('ran every mutation the schema has', () => {
    expect([...ran].sort()).toEqual(Object.keys(events.changes).sort());
  });
});
