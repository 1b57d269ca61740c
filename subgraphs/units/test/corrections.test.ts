/**
 * Corrections as history (issue 10): a unit's flags and parent, a system's hosting and classification,
 * re-planning, a change of provider, retirement and the withdrawal of an extension request. Each refused
 * with its rule's code and a message citing the clause, with nothing changed when read back; each success
 * visible in the history, with who (actor and role) and why. In process, with the real park and vendors
 * subgraphs answering what units asks them (with-peers.ts). What these tests create is named cor-…; who may
 * make each change is policy.test.ts's.
 */
import type { Viewer } from '@cq/kit/identity';
import { at, dataOf, errorOf, execute, OFFICE, present } from '@cq/kit/testing';
import { sql } from 'drizzle-orm';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApproveMigrationPlanInput,
  type AssessSystemInput,
  type ChangeProviderInput,
  type CorrectUnitInput,
  type CreateSystemInput,
  type CreateUnitInput,
  graphql,
  type MigrationStage,
  type ReplanMigrationInput,
  type SelectVendorInput,
} from './generated/graphql.ts';
import { placeInPark, removeFromPark, startUnitsWithPeers, type UnitsWithPeers } from './with-peers.ts';

let units: UnitsWithPeers;
beforeAll(async () => {
  units = await startUnitsWithPeers();
});
afterAll(async () => units?.stop());

const officerOf = (unitId: string): Viewer => ({ id: `${unitId}-officer`, role: 'unit-officer', unitId });
const coordinatorOf = (unitId: string): Viewer => ({ id: `${unitId}-coordinator`, role: 'coordinator', unitId });
/** The unit of each system these tests register, so that its own officer changes it. */
const unitOfSystem = new Map<string, string>();
const officerOfSystem = (systemId: string) => officerOf(unitOfSystem.get(systemId) ?? 'cor-unregistered');

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

const extensionOf = (result: Outcome, name: string) => at(result.errors, 0).extensions?.[name];

graphql(`fragment CorrectionFields on Correction { field before after reason derived actor role }`);
graphql(`fragment CorrectionSystemFields on InformationSystem { id stage version hosting classification isExempt
  vendor { id } migrationPlan { destination { id } writtenWith { id } plannedStart plannedCutover }
  history { from to actor note } corrections { ...CorrectionFields } }`);

const readSystem = async (id: string) =>
  dataOf(
    await execute(
      units,
      graphql(`query CorrectionSystem($id: ID!) { system(id: $id) { ...CorrectionSystemFields dueDate isOverdue
  reclassificationRequests { id from to reason requestedBy status decision { approved note decidedBy } } } }`),
      { id },
      OFFICE,
    ),
  ).system;

const readUnit = async (id: string) =>
  dataOf(
    await execute(
      units,
      graphql(`query CorrectionUnit($id: ID!) { unit(id: $id) { id batch { number } coordinatingUnit { id } parent { id }
  systemsAlreadyHosted hasAdministrativeApproval corrections { ...CorrectionFields unit { id } system { id } }
  extensionRequests { id status withdrawal { reason withdrawnBy role } } } }`),
      { id },
      OFFICE,
    ),
  ).unit;

const CREATE_UNIT = graphql(
  `mutation CorrectionCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id batch { number } } }`,
);
const CREATE_SYSTEM = graphql(
  `mutation CorrectionCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { ...CorrectionSystemFields } }`,
);
const ASSESS = graphql(
  `mutation CorrectionAssess($input: AssessSystemInput!) { assessSystem(input: $input) { ...CorrectionSystemFields } }`,
);
const SELECT = graphql(
  `mutation CorrectionSelect($input: SelectVendorInput!) { selectVendor(input: $input) { ...CorrectionSystemFields } }`,
);
const APPROVE = graphql(
  `mutation CorrectionApprove($input: ApproveMigrationPlanInput!) { approveMigrationPlan(input: $input) { ...CorrectionSystemFields } }`,
);
const START = graphql(`mutation CorrectionStart($input: StepInput!) { startMigration(input: $input) { ...CorrectionSystemFields } }`);
const CENTRALISE = graphql(
  `mutation CorrectionCentralise($input: StepInput!) { markCentralised(input: $input) { ...CorrectionSystemFields } }`,
);
const INTEGRATE = graphql(
  `mutation CorrectionIntegrate($input: StepInput!) { markIntegrated(input: $input) { ...CorrectionSystemFields } }`,
);
const CORRECT_UNIT = graphql(`mutation CorrectionCorrectUnit($input: CorrectUnitInput!) { correctUnit(input: $input) { id batch { number }
  coordinatingUnit { id } parent { id } systemsAlreadyHosted hasAdministrativeApproval } }`);
const CORRECT_HOSTING = graphql(
  `mutation CorrectionCorrectHosting($input: CorrectSystemHostingInput!) { correctSystemHosting(input: $input) { ...CorrectionSystemFields } }`,
);
const REQUEST_RECLASSIFICATION = graphql(`mutation CorrectionRequestReclassification($input: RequestReclassificationInput!) {
  requestReclassification(input: $input) { id from to reason requestedBy status decision { approved } system { id classification } } }`);
const DECIDE_RECLASSIFICATION = graphql(`mutation CorrectionDecideReclassification($input: DecideReclassificationInput!) {
  decideReclassification(input: $input) { id status decision { approved note decidedBy } system { id classification version } } }`);
const REPLAN = graphql(
  `mutation CorrectionReplan($input: ReplanMigrationInput!) { replanMigration(input: $input) { ...CorrectionSystemFields } }`,
);
const CHANGE_PROVIDER = graphql(
  `mutation CorrectionChangeProvider($input: ChangeProviderInput!) { changeProvider(input: $input) { ...CorrectionSystemFields } }`,
);
const RETIRE = graphql(
  `mutation CorrectionRetire($input: RetireSystemInput!) { retireSystem(input: $input) { ...CorrectionSystemFields dueDate isOverdue } }`,
);
const REQUEST_EXTENSION = graphql(
  `mutation CorrectionRequestExtension($input: RequestExtensionInput!) { requestExtension(input: $input) { id status } }`,
);
const DECIDE_EXTENSION = graphql(
  `mutation CorrectionDecideExtension($input: DecideExtensionInput!) { decideExtension(input: $input) { id status } }`,
);
const WITHDRAW = graphql(`mutation CorrectionWithdraw($input: WithdrawExtensionRequestInput!) { withdrawExtensionRequest(input: $input) {
  id status decision { approved } withdrawal { reason withdrawnBy role withdrawnAt } } }`);

const correctUnit = (input: CorrectUnitInput, viewer = OFFICE) => execute(units, CORRECT_UNIT, { input }, viewer);

/** A new public institution (batch 3 under Yuzhong District unless said otherwise). */
async function institution(id: string, changes: Partial<CreateUnitInput> = {}) {
  return dataOf(
    await execute(
      units,
      CREATE_UNIT,
      { input: { id, name: `Test ${id}`, officialName: '测试单位', kind: 'PUBLIC_INSTITUTION', parentId: 'yuzhong-district', ...changes } },
      OFFICE,
    ),
  ).createUnit;
}

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

const createSystem = (input: CreateSystemInput, viewer = officerOf(String(input.unitId))) => {
  unitOfSystem.set(String(input.id), String(input.unitId));
  return execute(units, CREATE_SYSTEM, { input }, viewer);
};

const ASSESSMENT: Omit<AssessSystemInput, 'systemId' | 'expectedVersion'> = {
  readiness: 'READY',
  strategy: 'REHOST',
  recommendedServiceModel: 'IAAS',
};
const SELECTION: Omit<SelectVendorInput, 'systemId' | 'expectedVersion'> = {
  vendorId: 'sample-jialing-cloud',
  cloudServiceIds: ['jialing-vm'],
  procurementMethod: 'PUBLIC_TENDER',
  procurementReference: 'CQGP-2016-0301',
};
/** A plan that fits batch 3 (due 2016-06-30) and goes to a government data centre (§4). */
const PLAN: Omit<ApproveMigrationPlanInput, 'systemId' | 'expectedVersion'> = {
  destinationDataCenterId: 'government-cloud-platform',
  writtenWithVendorId: 'sample-jialing-cloud',
  plannedStart: '2016-03-01',
  plannedCutover: '2016-05-15',
  contingencyPlan: 'Keep the old servers running until two weeks after cut-over.',
};

type SystemFields = NonNullable<Awaited<ReturnType<typeof readSystem>>>;

/**
 * A new non-classified system brought through the steps to a stage (INVENTORIED to MIGRATING), with an
 * assessment and a plan that may be changed.
 */
async function systemAt(
  id: string,
  unitId: string,
  stage: MigrationStage,
  options: { assessment?: Partial<typeof ASSESSMENT>; plan?: Partial<typeof PLAN>; system?: Partial<CreateSystemInput> } = {},
): Promise<SystemFields> {
  dataOf(await createSystem(systemInput(id, unitId, options.system)));
  let system = present(await readSystem(id), id);
  const officer = officerOf(unitId);
  const steps: [MigrationStage, () => Promise<Outcome>][] = [
    [
      'ASSESSED',
      () =>
        execute(units, ASSESS, { input: { systemId: id, expectedVersion: system.version, ...ASSESSMENT, ...options.assessment } }, officer),
    ],
    ['VENDOR_SELECTED', () => execute(units, SELECT, { input: { systemId: id, expectedVersion: system.version, ...SELECTION } }, officer)],
    [
      'PLAN_APPROVED',
      () => execute(units, APPROVE, { input: { systemId: id, expectedVersion: system.version, ...PLAN, ...options.plan } }, officer),
    ],
    ['MIGRATING', () => execute(units, START, { input: { systemId: id, expectedVersion: system.version } }, officer)],
  ];
  for (const [to, run] of steps) {
    if (system.stage === stage) break;
    const result = await run();
    expect(result.errors, to).toBeUndefined();
    system = present(await readSystem(id), id);
  }
  expect(system.stage).toBe(stage);
  return present(await readSystem(id), id);
}

/** A MIGRATING system centralised: the park's operator places it where its plan says, then its officer marks it. */
async function centralised(id: string, unitId: string, options: Parameters<typeof systemAt>[3] = {}) {
  const system = await systemAt(id, unitId, 'MIGRATING', options);
  dataOf(await placeInPark(units, id, present(system.migrationPlan, 'plan').destination.id));
  return dataOf(await execute(units, CENTRALISE, { input: { systemId: id, expectedVersion: system.version } }, officerOf(unitId)))
    .markCentralised;
}

describe('correctUnit: a unit’s flags and parent, and what the rules derive from them (§4, §5, §6.2, §1)', () => {
  it('marks a unit already hosted (batch 3 → 1, §5) only once no approved plan cuts over after batch 1 (PLAN_OUTSIDE_WINDOW), recording the flag and the derived batch', async () => {
    await institution('cor-hosted-centre');
    await systemAt('cor-hosted-centre-system', 'cor-hosted-centre', 'PLAN_APPROVED');
    const before = await readUnit('cor-hosted-centre');
    const late = await correctUnit({
      unitId: 'cor-hosted-centre',
      systemsAlreadyHosted: true,
      reason: 'The inventory missed its hosting contract.',
    });
    refused(
      late,
      'PLAN_OUTSIDE_WINDOW',
      /^§5: corrected, cor-hosted-centre would be in batch 1 and due by 2015-09-30, but the approved plan of cor-hosted-centre-system cuts over on 2016-05-15; re-plan it first \(replanMigration\)\.$/,
    );
    expect(extensionOf(late, 'systemId')).toBe('cor-hosted-centre-system');
    expect(await readUnit('cor-hosted-centre')).toEqual(before);
    expect(before?.corrections).toEqual([]);

    // Re-planned to cut over by batch 1's end, the correction holds.
    const system = present(await readSystem('cor-hosted-centre-system'), 'system');
    const replanned = await execute(
      units,
      REPLAN,
      {
        input: {
          systemId: system.id,
          expectedVersion: system.version,
          ...PLAN,
          plannedStart: '2015-08-01',
          plannedCutover: '2015-09-20',
          reason: 'The unit moves with batch 1.',
        },
      },
      officerOf('cor-hosted-centre'),
    );
    expect(replanned.errors).toBeUndefined();
    expect(
      dataOf(
        await correctUnit({
          unitId: 'cor-hosted-centre',
          systemsAlreadyHosted: true,
          reason: 'The inventory missed its hosting contract.',
        }),
      ).correctUnit,
    ).toMatchObject({ batch: { number: 1 }, systemsAlreadyHosted: true, coordinatingUnit: { id: 'yuzhong-district' } });
    const after = present(await readUnit('cor-hosted-centre'), 'unit');
    const who = { actor: OFFICE.id, role: 'joint-conference' };
    expect(after.corrections).toEqual([
      {
        field: 'SYSTEMS_ALREADY_HOSTED',
        before: 'false',
        after: 'true',
        reason: 'The inventory missed its hosting contract.',
        derived: false,
        unit: { id: 'cor-hosted-centre' },
        system: null,
        ...who,
      },
      {
        field: 'BATCH',
        before: '3',
        after: '1',
        reason: '§5, derived from the correction: The inventory missed its hosting contract.',
        derived: true,
        unit: { id: 'cor-hosted-centre' },
        system: null,
        ...who,
      },
    ]);
    // Its system is due by batch 1's end now.
    expect(await readSystem('cor-hosted-centre-system')).toMatchObject({ dueDate: '2015-09-30' });
  });

  it('refuses administrative-approval functions while a standing plan names a commercial data centre (DESTINATION_NOT_ALLOWED, §4), asking the park its kind', async () => {
    await institution('cor-approvals-centre');
    await systemAt('cor-approvals-system', 'cor-approvals-centre', 'MIGRATING', {
      plan: { destinationDataCenterId: 'sample-jialing-data-center' },
    });
    const before = await readUnit('cor-approvals-centre');
    const result = await correctUnit({ unitId: 'cor-approvals-centre', hasAdministrativeApproval: true, reason: 'It issues permits.' });
    refused(
      result,
      'DESTINATION_NOT_ALLOWED',
      /^§4: with administrative-approval functions, cor-approvals-centre's systems may only go to the transitional government data centre or the Government Cloud Platform, but the approved plan of cor-approvals-system \(MIGRATING\) names sample-jialing-data-center \(a PARK_DATA_CENTER\); re-plan it first \(replanMigration\)\.$/,
    );
    expect(await readUnit('cor-approvals-centre')).toEqual(before);
    // Re-planned to the Government Cloud Platform, the flag is corrected.
    const system = present(await readSystem('cor-approvals-system'), 'system');
    dataOf(
      await execute(
        units,
        REPLAN,
        { input: { systemId: system.id, expectedVersion: system.version, ...PLAN, reason: 'The unit issues permits (§4).' } },
        officerOf('cor-approvals-centre'),
      ),
    );
    expect(
      dataOf(await correctUnit({ unitId: 'cor-approvals-centre', hasAdministrativeApproval: true, reason: 'It issues permits.' }))
        .correctUnit,
    ).toMatchObject({ hasAdministrativeApproval: true, batch: { number: 3 } });
    expect(present(await readUnit('cor-approvals-centre'), 'unit').corrections).toEqual([
      expect.objectContaining({
        field: 'HAS_ADMINISTRATIVE_APPROVAL',
        before: 'false',
        after: 'true',
        derived: false,
        reason: 'It issues permits.',
      }),
    ]);
    // Only a public institution can have them (§4).
    const district = await correctUnit({ unitId: 'yuzhong-district', hasAdministrativeApproval: true, reason: 'x' });
    refused(district, 'BAD_USER_INPUT', /^§4: only public institutions \(事业单位\) can have administrative-approval functions\.$/);
    expect(extensionOf(district, 'field')).toBe('hasAdministrativeApproval');
  });

  it('moves a unit to another parent: its coordinator, voluntariness and batch, and those of the units below it, are derived again and recorded (§6.2, §1)', async () => {
    await institution('cor-parent');
    await institution('cor-child', { parentId: 'cor-parent' });
    expect(
      dataOf(await correctUnit({ unitId: 'cor-parent', parentId: 'sample-transport-commission', reason: 'It belongs to the commission.' }))
        .correctUnit,
    ).toEqual({
      id: 'cor-parent',
      batch: { number: 3 },
      coordinatingUnit: { id: 'sample-transport-commission' },
      parent: { id: 'sample-transport-commission' },
      systemsAlreadyHosted: false,
      hasAdministrativeApproval: false,
    });
    expect(
      present(await readUnit('cor-parent'), 'parent').corrections.map(({ field, before, after, derived }) => ({
        field,
        before,
        after,
        derived,
      })),
    ).toEqual([
      { field: 'PARENT', before: 'yuzhong-district', after: 'sample-transport-commission', derived: false },
      { field: 'COORDINATING_UNIT', before: 'yuzhong-district', after: 'sample-transport-commission', derived: true },
    ]);
    const child = present(await readUnit('cor-child'), 'child');
    expect(child).toMatchObject({ coordinatingUnit: { id: 'sample-transport-commission' }, parent: { id: 'cor-parent' } });
    expect(child.corrections).toEqual([
      expect.objectContaining({
        field: 'COORDINATING_UNIT',
        before: 'yuzhong-district',
        after: 'sample-transport-commission',
        derived: true,
        reason: '§6.2, derived from the correction of cor-parent above it: It belongs to the commission.',
      }),
    ]);

    // Under a central SOE, both are only encouraged to migrate (§1): no due date from then on.
    dataOf(
      await execute(
        units,
        CREATE_UNIT,
        {
          input: {
            id: 'cor-central-soe',
            name: 'Test Central SOE',
            officialName: '测试在渝央企',
            kind: 'CENTRAL_SOE',
            coordinatingUnitId: 'sasac',
          },
        },
        OFFICE,
      ),
    );
    await createSystem(systemInput('cor-child-system', 'cor-child'));
    expect((await readSystem('cor-child-system'))?.dueDate).toBe('2016-06-30');
    dataOf(await correctUnit({ unitId: 'cor-parent', parentId: 'cor-central-soe', reason: 'It was sold to a central SOE.' }));
    expect((await readSystem('cor-child-system'))?.dueDate).toBeNull();
    expect(present(await readUnit('cor-child'), 'child').corrections.map(({ field, before, after }) => [field, before, after])).toEqual([
      ['COORDINATING_UNIT', 'yuzhong-district', 'sample-transport-commission'],
      ['COORDINATING_UNIT', 'sample-transport-commission', 'sasac'],
      ['VOLUNTARY', 'false', 'true'],
    ]);
  });

  it('refuses a parent that would close a cycle (PARENT_CYCLE), an unknown parent or unit, a coordinator §6.2 contradicts, and a correction that changes nothing', async () => {
    await institution('cor-loop-top');
    await institution('cor-loop-middle', { parentId: 'cor-loop-top' });
    await institution('cor-loop-bottom', { parentId: 'cor-loop-middle' });
    const before = await readUnit('cor-loop-top');
    refused(
      await correctUnit({ unitId: 'cor-loop-top', parentId: 'cor-loop-bottom', reason: 'x' }),
      'PARENT_CYCLE',
      /^§6\.2: cor-loop-bottom is below cor-loop-top; it cannot become its parent\.$/,
    );
    refused(
      await correctUnit({ unitId: 'cor-loop-top', parentId: 'cor-loop-top', reason: 'x' }),
      'PARENT_CYCLE',
      /^§6\.2: cor-loop-top cannot be its own parent\.$/,
    );
    const unknown = await correctUnit({ unitId: 'cor-loop-top', parentId: 'cor-no-such-unit', reason: 'x' });
    refused(unknown, 'UNKNOWN_REFERENCE', /^There is no unit cor-no-such-unit\.$/);
    expect(extensionOf(unknown, 'field')).toBe('parentId');
    refused(
      await correctUnit({ unitId: 'cor-no-such-unit', systemsAlreadyHosted: true, reason: 'x' }),
      'NOT_FOUND',
      /^Unit cor-no-such-unit does not exist\.$/,
    );
    refused(
      await correctUnit({ unitId: 'cor-loop-top', coordinatingUnitId: 'banan-district', reason: 'x' }),
      'COORDINATOR_MISMATCH',
      /^§6\.2 makes yuzhong-district the coordinating unit of such a unit, not banan-district\.$/,
    );
    refused(
      await correctUnit({ unitId: 'cor-loop-top', parentId: 'yuzhong-district', reason: 'x' }),
      'BAD_USER_INPUT',
      /changes nothing of cor-loop-top/,
    );
    refused(await correctUnit({ unitId: 'cor-loop-top', reason: 'x' }), 'BAD_USER_INPUT', /^Name what to correct/);
    const reasonless = await correctUnit({ unitId: 'cor-loop-top', systemsAlreadyHosted: true, reason: '  ' });
    refused(reasonless, 'BAD_USER_INPUT', /^reason must not be empty\.$/);
    expect(extensionOf(reasonless, 'field')).toBe('reason');
    // A subsidiary keeps a parent.
    refused(
      await correctUnit({ unitId: 'sample-energy-group-gas', parentId: null, reason: 'x' }),
      'BAD_USER_INPUT',
      /^An SOE_SUBSIDIARY needs its parent enterprise \(parentId\)\.$/,
    );
    expect(await readUnit('cor-loop-top')).toEqual(before);
    expect(before?.corrections).toEqual([]);
  });
});

describe('§5 "already hosted" and where a system runs', () => {
  it('puts the unit of a system inventoried as hosted by a third party in batch 1, recorded as derived corrections; refused while a plan would cut over late', async () => {
    await institution('cor-third-party');
    expect(
      dataOf(await createSystem(systemInput('cor-third-party-system', 'cor-third-party', { hosting: 'THIRD_PARTY_HOSTED' }))).createSystem,
    ).toMatchObject({
      hosting: 'THIRD_PARTY_HOSTED',
      corrections: [],
    });
    const unit = present(await readUnit('cor-third-party'), 'unit');
    expect(unit).toMatchObject({ batch: { number: 1 }, systemsAlreadyHosted: true });
    const officer = officerOf('cor-third-party');
    expect(unit.corrections).toEqual([
      {
        field: 'SYSTEMS_ALREADY_HOSTED',
        before: 'false',
        after: 'true',
        reason: "§5: cor-third-party-system is hosted by a third party (THIRD_PARTY_HOSTED), so its unit's systems already use hosting.",
        derived: true,
        actor: officer.id,
        role: 'unit-officer',
        unit: { id: 'cor-third-party' },
        system: null,
      },
      expect.objectContaining({ field: 'BATCH', before: '3', after: '1', derived: true, actor: officer.id }),
    ]);
    // Not cleared while such a system remains (SYSTEMS_ALREADY_HOSTED).
    refused(
      await correctUnit({ unitId: 'cor-third-party', systemsAlreadyHosted: false, reason: 'x' }),
      'SYSTEMS_ALREADY_HOSTED',
      /^§5: cor-third-party-system of cor-third-party is hosted by a third party \(THIRD_PARTY_HOSTED\), so the unit's systems already use hosting; correct the system's hosting first\.$/,
    );

    // A unit with a plan cutting over after batch 1 cannot take such a system before it re-plans.
    await institution('cor-late-hosted');
    await systemAt('cor-late-hosted-planned', 'cor-late-hosted', 'PLAN_APPROVED');
    refused(
      await createSystem(systemInput('cor-late-hosted-system', 'cor-late-hosted', { hosting: 'THIRD_PARTY_HOSTED' })),
      'PLAN_OUTSIDE_WINDOW',
      /^§5: corrected, cor-late-hosted would be in batch 1 and due by 2015-09-30, but the approved plan of cor-late-hosted-planned cuts over on 2016-05-15/,
    );
    expect(await readSystem('cor-late-hosted-system')).toBeNull();
    expect(present(await readUnit('cor-late-hosted'), 'unit')).toMatchObject({ batch: { number: 3 }, corrections: [] });
  });

  it('corrects where a system runs, raising its version; a correction to THIRD_PARTY_HOSTED moves its unit to batch 1; it is answered as of a moment', async () => {
    await institution('cor-hosting-unit');
    const created = dataOf(await createSystem(systemInput('cor-hosting-system', 'cor-hosting-unit'))).createSystem;
    const officer = officerOf('cor-hosting-unit');
    const correct = (hosting: 'THIRD_PARTY_HOSTED' | 'OWN_MACHINE_ROOM' | 'CLOUD_SERVICE', expectedVersion: number, viewer = officer) =>
      execute(
        units,
        CORRECT_HOSTING,
        { input: { systemId: created.id, expectedVersion, hosting, reason: 'Hosted by a carrier since 2013.' } },
        viewer,
      );
    const same = await correct('OWN_MACHINE_ROOM', 1);
    refused(same, 'BAD_USER_INPUT', /^cor-hosting-system is recorded as OWN_MACHINE_ROOM already\.$/);
    expect(extensionOf(same, 'field')).toBe('hosting');
    refused(await correct('THIRD_PARTY_HOSTED', 7), 'CONFLICT', /changed since it was read \(version 7, now 1\)/);
    refused(
      await execute(
        units,
        CORRECT_HOSTING,
        { input: { systemId: 'cor-no-such-system', expectedVersion: 1, hosting: 'CLOUD_SERVICE', reason: 'x' } },
        OFFICE,
      ),
      'NOT_FOUND',
      /^Information system cor-no-such-system does not exist\.$/,
    );
    expect(await readSystem(created.id)).toMatchObject({ version: 1, hosting: 'OWN_MACHINE_ROOM', corrections: [] });

    const corrected = dataOf(await correct('THIRD_PARTY_HOSTED', 1)).correctSystemHosting;
    expect(corrected).toMatchObject({ version: 2, hosting: 'THIRD_PARTY_HOSTED', stage: 'INVENTORIED' });
    expect(corrected.corrections).toEqual([
      {
        field: 'HOSTING',
        before: 'OWN_MACHINE_ROOM',
        after: 'THIRD_PARTY_HOSTED',
        reason: 'Hosted by a carrier since 2013.',
        derived: false,
        actor: officer.id,
        role: 'unit-officer',
      },
    ]);
    expect(present(await readUnit('cor-hosting-unit'), 'unit')).toMatchObject({ batch: { number: 1 }, systemsAlreadyHosted: true });
    // The office corrects it too; as of a moment before a correction the system ran where it ran then.
    dataOf(await correct('CLOUD_SERVICE', 2, OFFICE));
    const history = present(await readSystem(created.id), 'system').corrections;
    expect(history.map((c) => [c.after, c.role])).toEqual([
      ['THIRD_PARTY_HOSTED', 'unit-officer'],
      ['CLOUD_SERVICE', 'joint-conference'],
    ]);
    const asOf = graphql(`query CorrectionHostingAsOf($id: ID!, $early: String, $now: String) { system(id: $id) {
      early: hosting(asOf: $early) now: hosting(asOf: $now) today: hosting } }`);
    expect(dataOf(await execute(units, asOf, { id: created.id, early: '2015-07-14', now: null }, OFFICE)).system).toEqual({
      early: 'OWN_MACHINE_ROOM',
      now: 'CLOUD_SERVICE',
      today: 'CLOUD_SERVICE',
    });
    // A whole operation as of a moment before the corrections reads none of them, and the hosting then.
    const before = { at: new Date('2015-07-14T00:00:00+08:00'), asOf: true };
    const then = graphql(`query CorrectionsAsOf($id: ID!) { system(id: $id) { hosting corrections { field } } }`);
    expect(dataOf(await execute(units, then, { id: created.id }, OFFICE, before)).system).toEqual({
      hosting: 'OWN_MACHINE_ROOM',
      corrections: [],
    });
  });

  it('moves a centralised system into the park (§2.2): CLOUD_SERVICE for a cloud model, PARK_DATA_CENTER for hosting, cloud services once integrated; never back out of it', async () => {
    await institution('cor-centralised-unit');
    const cloud = await centralised('cor-cloud-system', 'cor-centralised-unit');
    expect(cloud).toMatchObject({ stage: 'CENTRALISED', hosting: 'CLOUD_SERVICE' });
    expect(cloud.corrections).toEqual([
      {
        field: 'HOSTING',
        before: 'OWN_MACHINE_ROOM',
        after: 'CLOUD_SERVICE',
        reason: "§2.2: centralised in government-cloud-platform; it runs there on the provider's cloud services, as its assessment chose.",
        derived: true,
        actor: 'cor-centralised-unit-officer',
        role: 'unit-officer',
      },
    ]);
    const hosted = await centralised('cor-hosted-system', 'cor-centralised-unit', { assessment: { recommendedServiceModel: 'HOSTING' } });
    expect(hosted).toMatchObject({
      hosting: 'PARK_DATA_CENTER',
      corrections: [expect.objectContaining({ after: 'PARK_DATA_CENTER', derived: true })],
    });
    const integrated = dataOf(
      await execute(
        units,
        INTEGRATE,
        { input: { systemId: hosted.id, expectedVersion: hosted.version } },
        officerOf('cor-centralised-unit'),
      ),
    ).markIntegrated;
    expect(integrated.hosting).toBe('CLOUD_SERVICE');
    expect(integrated.corrections.map((c) => [c.before, c.after, c.reason])).toEqual([
      [
        'OWN_MACHINE_ROOM',
        'PARK_DATA_CENTER',
        '§2.2: centralised in government-cloud-platform; it runs there on its own equipment under unified operations, as its assessment chose.',
      ],
      ['PARK_DATA_CENTER', 'CLOUD_SERVICE', '§2.2: integrated; it runs as cloud services.'],
    ]);
    const back = await execute(
      units,
      CORRECT_HOSTING,
      { input: { systemId: cloud.id, expectedVersion: cloud.version, hosting: 'OWN_MACHINE_ROOM', reason: 'x' } },
      officerOf('cor-centralised-unit'),
    );
    refused(
      back,
      'BAD_USER_INPUT',
      /^§2\.2: cor-cloud-system is CENTRALISED: it runs in the park, as PARK_DATA_CENTER or CLOUD_SERVICE, not OWN_MACHINE_ROOM\.$/,
    );
  });
});

describe('classification (§1): asked for by the unit, decided by the joint-conference office', () => {
  it('approves a system becoming classified only once the park has no placement of it (§1: never placed), asking the park', async () => {
    await institution('cor-placed-secret-unit');
    const system = await systemAt('cor-placed-secret', 'cor-placed-secret-unit', 'MIGRATING');
    dataOf(await placeInPark(units, system.id, present(system.migrationPlan, 'plan').destination.id));
    const request = dataOf(
      await execute(
        units,
        REQUEST_RECLASSIFICATION,
        { input: { systemId: system.id, classification: 'CLASSIFIED', reason: 'It now holds state secrets.' } },
        officerOf('cor-placed-secret-unit'),
      ),
    ).requestReclassification;
    const approve = () => execute(units, DECIDE_RECLASSIFICATION, { input: { requestId: request.id, approve: true } }, OFFICE);
    refused(
      await approve(),
      'CLASSIFIED_SYSTEM_EXEMPT',
      /^§1: a classified system is never placed in the park, and the park holds cor-placed-secret in .* since .*; the park removes the placement/,
    );
    expect(await readSystem(system.id)).toMatchObject({ classification: 'NON_CLASSIFIED', version: system.version });
    // Not yet centralised, the system can leave the park; then the office approves.
    dataOf(await removeFromPark(units, system.id));
    expect(dataOf(await approve()).decideReclassification).toMatchObject({
      status: 'APPROVED',
      system: { id: system.id, classification: 'CLASSIFIED' },
    });
  });

  it('changes nothing until approved; refuses a second pending request and the classification the system has; an approval makes a migrating system exempt from then on', async () => {
    await institution('cor-secret-unit');
    const system = await systemAt('cor-becomes-secret', 'cor-secret-unit', 'MIGRATING');
    const officer = officerOf('cor-secret-unit');
    const ask = (classification: 'CLASSIFIED' | 'NON_CLASSIFIED') =>
      execute(
        units,
        REQUEST_RECLASSIFICATION,
        { input: { systemId: system.id, classification, reason: 'It now holds state secrets.' } },
        officer,
      );
    refused(await ask('NON_CLASSIFIED'), 'RECLASSIFICATION_UNCHANGED', /^§1: cor-becomes-secret is NON_CLASSIFIED already/);
    const request = dataOf(await ask('CLASSIFIED')).requestReclassification;
    expect(request).toMatchObject({
      from: 'NON_CLASSIFIED',
      to: 'CLASSIFIED',
      requestedBy: officer.id,
      status: 'PENDING',
      decision: null,
      system: { id: system.id, classification: 'NON_CLASSIFIED' },
    });
    refused(
      await ask('CLASSIFIED'),
      'RECLASSIFICATION_ALREADY_PENDING',
      new RegExp(`already has reclassification request ${request.id} waiting`),
    );
    expect(await readSystem(system.id)).toMatchObject({ classification: 'NON_CLASSIFIED', version: system.version, corrections: [] });

    // Nobody decides their own request, even with the office's role.
    const selfDecider: Viewer = { id: officer.id, role: 'joint-conference' };
    refused(
      await execute(units, DECIDE_RECLASSIFICATION, { input: { requestId: request.id, approve: true } }, selfDecider),
      'RECLASSIFICATION_SELF_DECISION',
      new RegExp(
        `^§1: the joint-conference office decides reclassification requests; ${officer.id} asked for request ${request.id} and cannot decide it\\.$`,
      ),
    );
    refused(
      await execute(units, DECIDE_RECLASSIFICATION, { input: { requestId: '999999', approve: true } }, OFFICE),
      'NOT_FOUND',
      /^Reclassification request 999999 does not exist\.$/,
    );
    // A millisecond before the decision's own instant, at which the system is already classified.
    const beforeApproval = new Date(Date.now() - 1).toISOString();
    const decided = dataOf(
      await execute(
        units,
        DECIDE_RECLASSIFICATION,
        { input: { requestId: request.id, approve: true, note: 'Confirmed by the secrecy bureau.' } },
        OFFICE,
      ),
    ).decideReclassification;
    expect(decided).toEqual({
      id: request.id,
      status: 'APPROVED',
      decision: { approved: true, note: 'Confirmed by the secrecy bureau.', decidedBy: OFFICE.id },
      system: { id: system.id, classification: 'CLASSIFIED', version: system.version + 1 },
    });
    refused(
      await execute(units, DECIDE_RECLASSIFICATION, { input: { requestId: request.id, approve: false } }, OFFICE),
      'RECLASSIFICATION_ALREADY_DECIDED',
      /was already approved on \d{4}-\d{2}-\d{2}; decisions are final\.$/,
    );
    const after = present(await readSystem(system.id), 'system');
    // Exempt from then on: its stage reads EXEMPT (its steps stay as history), it is never overdue, has no due date and takes no further step.
    expect(after).toMatchObject({ classification: 'CLASSIFIED', isExempt: true, stage: 'EXEMPT', dueDate: null, isOverdue: false });
    expect(after.history.at(-1)?.to).toBe('MIGRATING');
    // Before the approval the system read its step: EXEMPT counts from the decision on.
    const before = dataOf(
      await execute(
        units,
        graphql(`query StageBeforeReclassification($id: ID!, $asOf: String) { system(id: $id) { stage(asOf: $asOf) } }`),
        { id: system.id, asOf: beforeApproval },
        OFFICE,
      ),
    ).system;
    expect(before?.stage).toBe('MIGRATING');
    // The stage filter reads the same: EXEMPT from the decision on, its step before it.
    const stageCount = async (stage: 'EXEMPT' | 'MIGRATING', asOf?: string) =>
      present(
        dataOf(
          await execute(
            units,
            graphql(`query ReclassifiedByStage($filter: SystemFilter) { systems(filter: $filter) { totalCount } }`),
            { filter: { unitId: 'cor-secret-unit', stage } },
            OFFICE,
            asOf ? { at: new Date(asOf), asOf: true } : undefined,
          ),
        ).systems,
        'systems',
      ).totalCount;
    expect([await stageCount('EXEMPT'), await stageCount('MIGRATING')]).toEqual([1, 0]);
    expect([await stageCount('EXEMPT', beforeApproval), await stageCount('MIGRATING', beforeApproval)]).toEqual([0, 1]);
    expect(after.corrections).toEqual([
      {
        field: 'CLASSIFICATION',
        before: 'NON_CLASSIFIED',
        after: 'CLASSIFIED',
        reason: `It now holds state secrets. (request ${request.id} by ${officer.id}, approved: Confirmed by the secrecy bureau.)`,
        derived: false,
        actor: OFFICE.id,
        role: 'joint-conference',
      },
    ]);
    expect(after.reclassificationRequests).toEqual([expect.objectContaining({ id: request.id, status: 'APPROVED' })]);
    refused(
      await execute(units, START, { input: { systemId: system.id, expectedVersion: after.version } }, officer),
      'CLASSIFIED_SYSTEM_EXEMPT',
      /^§1: cor-becomes-secret is classified/,
    );
    const inMigration =
      graphql(`query CorrectionVendorSystems { _entities(representations: [{ __typename: "Vendor", id: "sample-jialing-cloud" }]) {
      ... on Vendor { systemsInMigration { id } } } }`);
    const listed = dataOf(await execute(units, inMigration, {}, OFFICE))._entities[0] as { systemsInMigration: { id: string }[] };
    expect(listed.systemsInMigration.map((s) => s.id)).not.toContain(system.id);
  });

  it('counts a system that becomes classified as overdue before the approval, and never after it (exempt from then on)', async () => {
    await institution('cor-late-secret-unit');
    const system = await systemAt('cor-late-secret', 'cor-late-secret-unit', 'INVENTORIED');
    // Batch 3 ended on 2016-06-30: the system is overdue today.
    expect(await readSystem(system.id)).toMatchObject({ isOverdue: true, dueDate: '2016-06-30' });
    const officer = officerOf('cor-late-secret-unit');
    const request = dataOf(
      await execute(
        units,
        REQUEST_RECLASSIFICATION,
        { input: { systemId: system.id, classification: 'CLASSIFIED', reason: 'Secrets.' } },
        officer,
      ),
    ).requestReclassification;
    // A millisecond before the decision is asked for: the approval's own moment is strictly later.
    const beforeApproval = new Date(Date.now() - 1).toISOString();
    dataOf(await execute(units, DECIDE_RECLASSIFICATION, { input: { requestId: request.id, approve: true } }, OFFICE));
    const asOf = graphql(`query CorrectionOverdueAsOf($id: ID!, $at: String) { system(id: $id) { overdueThen: isOverdue(asOf: $at)
      dueThen: dueDate(asOf: $at) overdueNow: isOverdue dueNow: dueDate } }`);
    expect(dataOf(await execute(units, asOf, { id: system.id, at: beforeApproval }, OFFICE)).system).toEqual({
      overdueThen: true,
      dueThen: '2016-06-30',
      overdueNow: false,
      dueNow: null,
    });
  });

  it("lets a classified system enter the workflow once declassified: rejected first, approved on a new request; due as its unit's batch", async () => {
    await institution('cor-declassified-unit');
    const officer = officerOf('cor-declassified-unit');
    const created = dataOf(
      await createSystem(systemInput('cor-declassified', 'cor-declassified-unit', { classification: 'CLASSIFIED' })),
    ).createSystem;
    expect(await readSystem(created.id)).toMatchObject({ isExempt: true, dueDate: null, isOverdue: false });
    const ask = async () =>
      dataOf(
        await execute(
          units,
          REQUEST_RECLASSIFICATION,
          { input: { systemId: created.id, classification: 'NON_CLASSIFIED', reason: 'Declassified.' } },
          officer,
        ),
      ).requestReclassification;
    const first = await ask();
    expect(
      dataOf(await execute(units, DECIDE_RECLASSIFICATION, { input: { requestId: first.id, approve: false } }, OFFICE))
        .decideReclassification,
    ).toMatchObject({
      status: 'REJECTED',
      system: { classification: 'CLASSIFIED', version: 1 },
    });
    expect(await readSystem(created.id)).toMatchObject({ classification: 'CLASSIFIED', corrections: [] });
    const second = await ask();
    dataOf(await execute(units, DECIDE_RECLASSIFICATION, { input: { requestId: second.id, approve: true } }, OFFICE));
    const after = present(await readSystem(created.id), 'system');
    expect(after).toMatchObject({
      classification: 'NON_CLASSIFIED',
      isExempt: false,
      stage: 'INVENTORIED',
      dueDate: '2016-06-30',
      isOverdue: true,
      version: 2,
    });
    expect(after.reclassificationRequests.map((r) => [r.id, r.status])).toEqual([
      [second.id, 'APPROVED'],
      [first.id, 'REJECTED'],
    ]);
    const assessed = await execute(units, ASSESS, { input: { systemId: created.id, expectedVersion: 2, ...ASSESSMENT } }, officer);
    expect(dataOf(assessed).assessSystem.stage).toBe('ASSESSED');
  });
});

describe('re-planning and a change of provider (§3.2, §3.3)', () => {
  const replan = (system: { id: string; version: number }, changes: Partial<ReplanMigrationInput> = {}) =>
    execute(
      units,
      REPLAN,
      {
        input: {
          systemId: system.id,
          expectedVersion: system.version,
          ...PLAN,
          plannedCutover: '2016-06-20',
          reason: 'The provider needs more time.',
          ...changes,
        },
      },
      officerOfSystem(system.id),
    );

  it('approves a new plan while PLAN_APPROVED or MIGRATING with the checks of a first plan; the latest counts; refused before and once centralised', async () => {
    await institution('cor-replan-unit');
    const early = await systemAt('cor-replan-selected', 'cor-replan-unit', 'VENDOR_SELECTED');
    refused(
      await replan(early),
      'STEP_OUT_OF_ORDER',
      /^§3: .*cor-replan-selected is VENDOR_SELECTED, so a new migration plan cannot be recorded \(it needs PLAN_APPROVED or MIGRATING\)\.$/,
    );
    const system = await systemAt('cor-replan-system', 'cor-replan-unit', 'MIGRATING');
    const before = await readSystem(system.id);
    refused(
      await replan(system, { destinationDataCenterId: 'cor-basement' }),
      'UNKNOWN_REFERENCE',
      /^There is no park data centre cor-basement\.$/,
    );
    refused(
      await replan(system, { writtenWithVendorId: 'sample-yangtze-cloud' }),
      'PLAN_NOT_WRITTEN_WITH_VENDOR',
      /^§3\.3: the plan is written jointly with the selected provider \(sample-jialing-cloud\)/,
    );
    refused(
      await replan(system, { plannedCutover: '2016-07-15' }),
      'PLAN_OUTSIDE_WINDOW',
      /^§5: batch 3 runs from 2016-01-01 to 2016-06-30 for cor-replan-unit/,
    );
    refused(await replan(system, { contingencyPlan: ' ' }), 'CONTINGENCY_PLAN_REQUIRED', /^§6\.5: /);
    refused(
      await replan(system, { plannedCutover: '2016-02-01' }),
      'INVALID_RANGE',
      /cannot end \(2016-02-01\) before it starts \(2016-03-01\)/,
    );
    refused(await replan(system, { expectedVersion: 1 }), 'CONFLICT', /changed since it was read/);
    const reasonless = await replan(system, { reason: '' });
    refused(reasonless, 'BAD_USER_INPUT', /^reason must not be empty\.$/);
    expect(await readSystem(system.id)).toEqual(before);

    const replanned = dataOf(await replan(system)).replanMigration;
    expect(replanned).toMatchObject({ stage: 'MIGRATING', version: system.version + 1, migrationPlan: { plannedCutover: '2016-06-20' } });
    expect(replanned.history).toEqual(present(before, 'before').history);
    expect(replanned.corrections).toEqual([
      {
        field: 'MIGRATION_PLAN',
        before: 'government-cloud-platform, 2016-03-01 to 2016-05-15',
        after: 'government-cloud-platform, 2016-03-01 to 2016-06-20',
        reason: 'The provider needs more time.',
        derived: false,
        actor: 'cor-replan-unit-officer',
        role: 'unit-officer',
      },
    ]);
    // Centralised where the latest plan says, it cannot be re-planned any more.
    const moved = dataOf(
      await replan(replanned, { destinationDataCenterId: 'transitional-government-data-center', reason: 'The platform is full.' }),
    ).replanMigration;
    dataOf(await placeInPark(units, moved.id, 'transitional-government-data-center'));
    const done = dataOf(
      await execute(units, CENTRALISE, { input: { systemId: moved.id, expectedVersion: moved.version } }, officerOfSystem(moved.id)),
    ).markCentralised;
    expect(done).toMatchObject({ stage: 'CENTRALISED', migrationPlan: { destination: { id: 'transitional-government-data-center' } } });
    refused(await replan(done), 'STEP_OUT_OF_ORDER', /cor-replan-system is CENTRALISED, so a new migration plan cannot be recorded/);
  });

  it('changes the provider with the checks of a first selection: the old plan no longer stands, the system goes back to VENDOR_SELECTED with the reason as the note', async () => {
    await institution('cor-provider-unit');
    const system = await systemAt('cor-provider-system', 'cor-provider-unit', 'PLAN_APPROVED');
    const officer = officerOf('cor-provider-unit');
    const change = (changes: Partial<ChangeProviderInput> = {}, current: { id: string; version: number } = system) =>
      execute(
        units,
        CHANGE_PROVIDER,
        {
          input: {
            systemId: current.id,
            expectedVersion: current.version,
            vendorId: 'sample-yangtze-cloud',
            cloudServiceIds: ['yangtze-hosting'],
            procurementMethod: 'COMPETITIVE_NEGOTIATION',
            procurementReference: 'CQGP-2016-0777',
            reason: 'The first provider withdrew from the contract.',
            ...changes,
          },
        },
        officer,
      );
    const before = await readSystem(system.id);
    const same = await change({ vendorId: 'sample-jialing-cloud', cloudServiceIds: ['jialing-vm'] });
    refused(same, 'BAD_USER_INPUT', /^sample-jialing-cloud is cor-provider-system's selected provider already/);
    expect(extensionOf(same, 'field')).toBe('vendorId');
    const unknown = await change({ vendorId: 'cor-no-such-provider' });
    refused(unknown, 'UNKNOWN_REFERENCE', /^There is no cloud service provider cor-no-such-provider\.$/);
    refused(
      await change({ cloudServiceIds: ['jialing-vm'] }),
      'UNKNOWN_REFERENCE',
      /^§3\.2: sample-yangtze-cloud does not sell jialing-vm/,
    );
    refused(await change({ reason: ' ' }), 'BAD_USER_INPUT', /^reason must not be empty\.$/);
    expect(await readSystem(system.id)).toEqual(before);

    const changed = dataOf(await change()).changeProvider;
    expect(changed).toMatchObject({
      stage: 'VENDOR_SELECTED',
      version: system.version + 1,
      vendor: { id: 'sample-yangtze-cloud' },
      migrationPlan: null,
    });
    expect(changed.history.at(-1)).toEqual({
      from: 'PLAN_APPROVED',
      to: 'VENDOR_SELECTED',
      actor: officer.id,
      note: 'The first provider withdrew from the contract.',
    });
    expect(changed.corrections).toEqual([
      {
        field: 'PROVIDER',
        before: 'sample-jialing-cloud',
        after: 'sample-yangtze-cloud',
        reason: 'The first provider withdrew from the contract.',
        derived: false,
        actor: officer.id,
        role: 'unit-officer',
      },
    ]);
    // A plan with the old provider no longer does; one written with the new one is approved.
    refused(
      await execute(units, APPROVE, { input: { systemId: system.id, expectedVersion: changed.version, ...PLAN } }, officer),
      'PLAN_NOT_WRITTEN_WITH_VENDOR',
      /selected provider \(sample-yangtze-cloud\), not sample-jialing-cloud/,
    );
    const planned = dataOf(
      await execute(
        units,
        APPROVE,
        { input: { systemId: system.id, expectedVersion: changed.version, ...PLAN, writtenWithVendorId: 'sample-yangtze-cloud' } },
        officer,
      ),
    ).approveMigrationPlan;
    expect(planned).toMatchObject({ stage: 'PLAN_APPROVED', migrationPlan: { writtenWith: { id: 'sample-yangtze-cloud' } } });
    // Changing again while VENDOR_SELECTED keeps the stage: no step back to record.
    const other = await systemAt('cor-provider-selected', 'cor-provider-unit', 'VENDOR_SELECTED');
    const kept = dataOf(await change({}, other)).changeProvider;
    expect(kept).toMatchObject({ stage: 'VENDOR_SELECTED', version: other.version + 1, vendor: { id: 'sample-yangtze-cloud' } });
    expect(kept.history).toEqual(other.history);
    // Before a selection or once centralised: no change of provider.
    const assessed = await systemAt('cor-provider-assessed', 'cor-provider-unit', 'ASSESSED');
    refused(
      await change({}, assessed),
      'STEP_OUT_OF_ORDER',
      /is ASSESSED, so a change of provider cannot be recorded \(it needs VENDOR_SELECTED or PLAN_APPROVED or MIGRATING\)/,
    );
    const done = await centralised('cor-provider-done', 'cor-provider-unit');
    refused(await change({}, done), 'STEP_OUT_OF_ORDER', /is CENTRALISED, so a change of provider cannot be recorded/);
  });
});

describe('end states: RETIRE and RETAIN (§1, §2, §3.1)', () => {
  it('refuses RETAIN as a strategy (STRATEGY_NOT_ALLOWED): every non-classified system is to be centralised', async () => {
    await institution('cor-retain-unit');
    const created = dataOf(await createSystem(systemInput('cor-retain-system', 'cor-retain-unit'))).createSystem;
    const result = await execute(
      units,
      ASSESS,
      { input: { systemId: created.id, expectedVersion: 1, ...ASSESSMENT, strategy: 'RETAIN' } },
      officerOf('cor-retain-unit'),
    );
    refused(
      result,
      'STRATEGY_NOT_ALLOWED',
      /^§1, §2: every non-classified system is to be centralised in the park; RETAIN is no strategy the notice allows\./,
    );
    expect(await readSystem(created.id)).toMatchObject({ stage: 'INVENTORIED', version: 1 });
  });

  it('retires a system its latest assessment says to RETIRE: an end state, no due date, never overdue, counted apart in the progress figures', async () => {
    await institution('cor-retire-unit');
    const officer = officerOf('cor-retire-unit');
    const retire = (system: { id: string; version: number }, reason = 'Replaced by the provincial platform.') =>
      execute(units, RETIRE, { input: { systemId: system.id, expectedVersion: system.version, reason } }, officer);
    const inventoried = dataOf(await createSystem(systemInput('cor-retire-inventoried', 'cor-retire-unit'))).createSystem;
    refused(
      await retire(inventoried),
      'STEP_OUT_OF_ORDER',
      /is INVENTORIED, so retirement cannot be recorded \(it needs ASSESSED or VENDOR_SELECTED or PLAN_APPROVED or MIGRATING\)/,
    );
    const rehost = await systemAt('cor-retire-rehost', 'cor-retire-unit', 'ASSESSED');
    refused(
      await retire(rehost),
      'RETIREMENT_NOT_ASSESSED',
      /^§3\.1: the latest assessment of cor-retire-rehost chose REHOST; a system is retired only when its assessment says RETIRE \(reassess it first\)\.$/,
    );
    const system = await systemAt('cor-retire-system', 'cor-retire-unit', 'ASSESSED', { assessment: { strategy: 'RETIRE' } });
    refused(await retire(system, ''), 'BAD_USER_INPUT', /^reason must not be empty\.$/);
    expect(await readSystem(system.id)).toMatchObject({ stage: 'ASSESSED', version: system.version });
    const progress =
      graphql(`query CorrectionRetiredProgress { unit(id: "cor-retire-unit") { progress { systemCount retiredCount overdueCount centralisedCount
      percentCentralised byStage { stage count } } } }`);
    const figuresBefore = present(dataOf(await execute(units, progress, {}, OFFICE)).unit?.progress, 'progress');
    expect(figuresBefore).toMatchObject({ systemCount: 3, retiredCount: 0, overdueCount: 3 });

    const retired = dataOf(await retire(system)).retireSystem;
    expect(retired).toMatchObject({ stage: 'RETIRED', version: system.version + 1, dueDate: null, isOverdue: false });
    expect(retired.history.at(-1)).toEqual({
      from: 'ASSESSED',
      to: 'RETIRED',
      actor: officer.id,
      note: 'Replaced by the provincial platform.',
    });
    const figures = present(dataOf(await execute(units, progress, {}, OFFICE)).unit?.progress, 'progress');
    expect(figures).toMatchObject({ systemCount: 3, retiredCount: 1, overdueCount: 2, centralisedCount: 0, percentCentralised: 0 });
    expect(figures.byStage.find((s) => s.stage === 'RETIRED')?.count).toBe(1);
    const overdue = graphql(
      `query CorrectionRetiredOverdue { overdueSystems(coordinatingUnitId: "yuzhong-district", first: 100) { edges { node { system { id } } } } }`,
    );
    const listed = present(dataOf(await execute(units, overdue, {}, OFFICE)).overdueSystems, 'overdue').edges.map((e) => e.node.system.id);
    expect(listed).toContain('cor-retire-rehost');
    expect(listed).not.toContain('cor-retire-system');
    // An end state: no further step, no second retirement.
    refused(await retire(retired), 'STEP_OUT_OF_ORDER', /is RETIRED, so retirement cannot be recorded/);
    refused(
      await execute(units, SELECT, { input: { systemId: retired.id, expectedVersion: retired.version, ...SELECTION } }, officer),
      'STEP_OUT_OF_ORDER',
      /is RETIRED, so a provider selection \(step 2\) cannot be recorded/,
    );
  });
});

describe('withdrawing an extension request (§6.4)', () => {
  it('withdraws a pending request with a reason: WITHDRAWN, never decided, and the unit may ask again; a decided one stays', async () => {
    await institution('cor-withdraw-unit');
    const officer = officerOf('cor-withdraw-unit');
    const ask = async () =>
      dataOf(
        await execute(
          units,
          REQUEST_EXTENSION,
          { input: { unitId: 'cor-withdraw-unit', reason: 'Flooding.', newDueDate: '2016-09-30' } },
          officer,
        ),
      ).requestExtension;
    const withdraw = (requestId: string, viewer: Viewer = officer, reason = 'The flood has passed.') =>
      execute(units, WITHDRAW, { input: { requestId, reason } }, viewer);
    const request = await ask();
    refused(await withdraw(request.id, officer, ' '), 'BAD_USER_INPUT', /^reason must not be empty\.$/);
    refused(await withdraw('999999'), 'NOT_FOUND', /^Extension request 999999 does not exist\.$/);
    const withdrawn = dataOf(await withdraw(request.id)).withdrawExtensionRequest;
    expect(withdrawn).toMatchObject({
      id: request.id,
      status: 'WITHDRAWN',
      decision: null,
      withdrawal: { reason: 'The flood has passed.', withdrawnBy: officer.id, role: 'unit-officer' },
    });
    refused(await withdraw(request.id), 'EXTENSION_WITHDRAWN', new RegExp(`^§6\\.4: request ${request.id} was withdrawn already on `));
    refused(
      await execute(units, DECIDE_EXTENSION, { input: { requestId: request.id, approve: true } }, OFFICE),
      'EXTENSION_WITHDRAWN',
      new RegExp(`^§6\\.4: request ${request.id} was withdrawn on \\d{4}-\\d{2}-\\d{2} by ${officer.id}; there is nothing to decide\\.$`),
    );
    const withdrawnList = graphql(
      `query CorrectionWithdrawnRequests { extensionRequests(status: WITHDRAWN, first: 100) { edges { node { id } } } }`,
    );
    expect(
      present(dataOf(await execute(units, withdrawnList, {}, OFFICE)).extensionRequests, 'requests').edges.map((e) => e.node.id),
    ).toContain(request.id);

    // A new request may follow; its coordinating unit withdraws it, and it no longer counts as pending.
    const again = await ask();
    const pending = graphql(`query CorrectionPendingFigure { unit(id: "cor-withdraw-unit") { progress { pendingExtensionCount } } }`);
    expect(dataOf(await execute(units, pending, {}, OFFICE)).unit?.progress?.pendingExtensionCount).toBe(1);
    expect(dataOf(await withdraw(again.id, coordinatorOf('yuzhong-district'))).withdrawExtensionRequest.withdrawal).toMatchObject({
      withdrawnBy: 'yuzhong-district-coordinator',
      role: 'coordinator',
    });
    expect(dataOf(await execute(units, pending, {}, OFFICE)).unit?.progress?.pendingExtensionCount).toBe(0);
    // A decided request cannot be withdrawn.
    const third = await ask();
    dataOf(await execute(units, DECIDE_EXTENSION, { input: { requestId: third.id, approve: false } }, OFFICE));
    refused(await withdraw(third.id), 'EXTENSION_ALREADY_DECIDED', /was already rejected on .*; a decided request cannot be withdrawn\.$/);
    expect(present(await readUnit('cor-withdraw-unit'), 'unit').extensionRequests).toEqual([
      { id: third.id, status: 'REJECTED', withdrawal: null },
      {
        id: again.id,
        status: 'WITHDRAWN',
        withdrawal: { reason: 'The flood has passed.', withdrawnBy: 'yuzhong-district-coordinator', role: 'coordinator' },
      },
      {
        id: request.id,
        status: 'WITHDRAWN',
        withdrawal: { reason: 'The flood has passed.', withdrawnBy: officer.id, role: 'unit-officer' },
      },
    ]);
  });
});

describe('the history of corrections', () => {
  it('refuses any update or delete of a correction in the database itself', async () => {
    const { db } = units.database;
    await institution('cor-append-only');
    dataOf(await correctUnit({ unitId: 'cor-append-only', systemsAlreadyHosted: true, reason: 'Hosted.' }));
    for (const statement of [sql`update corrections set reason = 'rewritten'`, sql`delete from corrections`, sql`truncate corrections`]) {
      const error: unknown = await db.execute(statement).then(
        () => undefined,
        (e: unknown) => e,
      );
      const messages = [error, (error as { cause?: unknown } | undefined)?.cause].map((e) => String((e as Error | undefined)?.message));
      expect(messages.join(' ')).toMatch(/corrections is append-only: (DELETE|UPDATE|TRUNCATE) refused/);
    }
    expect(present(await readUnit('cor-append-only'), 'unit').corrections.map((c) => c.reason)).toEqual([
      'Hosted.',
      '§5, derived from the correction: Hosted.',
    ]);
  });
});

describe('reading the history of corrections', () => {
  it('answers corrections, hosting as of a moment and reclassification requests in statements that do not grow with the systems', async () => {
    // Six systems, each with a corrected hosting and a decided reclassification request, of a corrected unit.
    await institution('cor-read-unit');
    dataOf(await correctUnit({ unitId: 'cor-read-unit', systemsAlreadyHosted: true, reason: 'Hosted.' }));
    const officer = officerOf('cor-read-unit');
    for (let i = 1; i <= 6; i++) {
      const id = `cor-read-system-${i}`;
      dataOf(await createSystem(systemInput(id, 'cor-read-unit')));
      dataOf(
        await execute(
          units,
          CORRECT_HOSTING,
          { input: { systemId: id, expectedVersion: 1, hosting: 'CLOUD_SERVICE', reason: 'Cloud.' } },
          officer,
        ),
      );
      const request = dataOf(
        await execute(
          units,
          REQUEST_RECLASSIFICATION,
          { input: { systemId: id, classification: 'CLASSIFIED', reason: 'Secrets?' } },
          officer,
        ),
      ).requestReclassification;
      dataOf(await execute(units, DECIDE_RECLASSIFICATION, { input: { requestId: request.id, approve: false } }, OFFICE));
    }
    const history = graphql(`query CorrectionHistoryStatements($first: Int) { systems(first: $first, filter: { unitId: "cor-read-unit" }) {
      edges { node { id early: hosting(asOf: "2015-12-31") hosting corrections { field unit { id } system { id } }
      reclassificationRequests { status decision { approved } } unit { corrections { field system { id } } } } } } }`);
    const statements = async (first: number) => {
      const before = units.database.statements.count;
      const result = await execute(units, history, { first }, OFFICE);
      const count = units.database.statements.count - before;
      const systems = present(result.data?.systems, 'systems').edges.map((e) => e.node);
      expect(systems).toHaveLength(first);
      for (const system of systems) {
        expect(system).toMatchObject({ early: 'OWN_MACHINE_ROOM', hosting: 'CLOUD_SERVICE' });
        expect(system.corrections).toEqual([{ field: 'HOSTING', unit: null, system: { id: system.id } }]);
        expect(system.reclassificationRequests).toEqual([{ status: 'REJECTED', decision: { approved: false } }]);
        expect(system.unit.corrections.map((c) => c.field)).toEqual(['SYSTEMS_ALREADY_HOSTED', 'BATCH']);
      }
      return count;
    };
    expect(await statements(6)).toBe(await statements(2));
  });
});
