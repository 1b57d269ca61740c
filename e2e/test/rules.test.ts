/**
 * The notice's rules hold whichever subgraph is written to: through the gateway, each write that could
 * break a rule about another subgraph's facts is checked by asking that subgraph, and refused when it
 * cannot be asked.
 */
import { ANALYST, carrierStaff, dataOf, errorOf, FINANCE, OFFICE, officerOf, PARK_OPERATOR, present, vendorStaff } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';
import { graphql } from './generated/graphql.ts';

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

const PLACE = graphql(`mutation RulesPlaceSystem($input: PlaceSystemInput!) { placeSystem(input: $input) { id dataCenter { id } } }`);
const CONTRACT = graphql(`mutation RulesCreateContract($input: CreateContractInput!) { createContract(input: $input) { id } }`);
const REPORT = graphql(`mutation RulesReportTask($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { id status } }`);
const CIRCUIT = graphql(`mutation RulesCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id } }`);
const BUDGET_LINE = graphql(`mutation RulesAddBudgetLine($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id } }`);
const YANGTZE_PLACEMENTS = graphql(
  `query RulesYangtzePlacements { dataCenter(id: "sample-yangtze-data-center") { placements { system { id } } } }`,
);
const PLACEMENT_OF = graphql(`query RulesPlacementOf($id: ID!) { system(id: $id) { id placement { id } } }`);

const placement = (systemId: string, dataCenterId: string) => ({
  input: { systemId, dataCenterId, racks: 1, powerKw: '4.0', monthlyFeeCny: '4200.00', since: '2016-05-15' },
});
const jialing = vendorStaff('sample-jialing-cloud');
/** A provider's next update is due in the future. */
const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const code = (result: Parameters<typeof errorOf>[0]) => errorOf(result).code;

describe('§1 and §4 held by the park, which asks units', () => {
  it('refuses a system of a unit with administrative-approval functions in a commercial data centre (§4), and a classified one anywhere (§1)', async () => {
    const bypass = await hub.query(PLACE, placement('sample-road-permits-centre-system-2', 'sample-yangtze-data-center'), PARK_OPERATOR);
    expect(errorOf(bypass)).toMatchObject({ code: 'DESTINATION_NOT_ALLOWED', message: expect.stringMatching(/§4/) });
    const classified = await hub.query(PLACE, placement('general-office-system-4', 'transitional-government-data-center'), PARK_OPERATOR);
    expect(code(classified)).toBe('CLASSIFIED_SYSTEM_EXEMPT');
    expect(dataOf(await hub.query(PLACEMENT_OF, { id: 'general-office-system-4' }, FINANCE)).system?.placement).toBeNull();
    // Where its approved plan says, the §4 case is placed.
    const planned = await hub.query(PLACE, placement('sample-road-permits-centre-system-2', 'government-cloud-platform'), PARK_OPERATOR);
    expect(dataOf(planned).placeSystem.dataCenter.id).toBe('government-cloud-platform');
  });
});

describe('vendors and telecom check what they store against units', () => {
  it('refuses a contract or a task report for a classified system (§1), and references units does not know', async () => {
    const contract = (unitId: string, systemId: string) => ({
      input: {
        id: `rules-contract-${unitId}-${systemId}`,
        unitId,
        vendorId: 'sample-jialing-cloud',
        startsOn: '2016-01-01',
        endsOn: '2016-12-31',
        lines: [{ serviceId: 'jialing-vm', systemId, quantity: '2' }],
      },
    });
    expect(code(await hub.query(CONTRACT, contract('general-office', 'general-office-system-4'), jialing))).toBe(
      'CLASSIFIED_SYSTEM_EXEMPT',
    );
    expect(errorOf(await hub.query(CONTRACT, contract('no-such-unit', 'general-office-system-1'), jialing))).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
    });
    // A system of another unit is not this unit's to buy for.
    expect(code(await hub.query(CONTRACT, contract('banan-district', 'general-office-system-1'), jialing))).toBe('UNKNOWN_REFERENCE');
    const report = {
      input: {
        systemId: 'general-office-system-4',
        vendorId: 'sample-jialing-cloud',
        status: 'IN_PROGRESS' as const,
        percentComplete: 10,
        detail: 'Started',
        nextUpdateDue: nextWeek,
      },
    };
    expect(code(await hub.query(REPORT, report, jialing))).toBe('CLASSIFIED_SYSTEM_EXEMPT');
    const circuit = { input: { unitId: 'my-basement', dataCenterId: 'government-cloud-platform', tariffId: 'mobile-line-100' } };
    expect(errorOf(await hub.query(CIRCUIT, circuit, carrierStaff('china-mobile-chongqing')))).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      message: expect.stringMatching(/my-basement/),
    });
  });
});

describe('money within bounds', () => {
  it('refuses an amount beyond what its column holds, and money sent as a JSON number, with BAD_USER_INPUT', async () => {
    const line = (amountCny: unknown) => ({
      query: 'mutation ($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id } }',
      variables: { input: { unitId: 'banan-district', year: 2016, category: 'CLOUD_SERVICES', description: 'Cloud hosting', amountCny } },
    });
    const headers = { authorization: `Bearer ${await hub.token(FINANCE)}` };
    const tooLarge = await hub.post(line('99999999999999.99'), headers);
    expect(tooLarge.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'amountCny' } });
    const asNumber = await hub.post(line(1000.5), headers);
    expect(asNumber.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const input = {
      unitId: 'banan-district',
      year: 2016,
      category: 'CLOUD_SERVICES' as const,
      description: 'Cloud hosting',
      amountCny: '1000.50',
    };
    expect(dataOf(await hub.query(BUDGET_LINE, { input }, FINANCE)).addBudgetLine?.id).toBeDefined();
  });
});

const CREATE_UNIT = graphql(`mutation RulesCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) {
  id batch { number } coordinatingUnit { id } } }`);
const CREATE_SYSTEM = graphql(`mutation RulesCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) {
  id version dueDate isOverdue } }`);
const ASSESS = graphql(`mutation RulesAssess($input: AssessSystemInput!) { assessSystem(input: $input) { version } }`);
const SELECT = graphql(`mutation RulesSelect($input: SelectVendorInput!) { selectVendor(input: $input) { version vendor { id } } }`);
const PLAN = graphql(`mutation RulesPlan($input: ApproveMigrationPlanInput!) { approveMigrationPlan(input: $input) {
  version stage migrationPlan { destination { id } plannedStart plannedCutover } } }`);
const PLATFORM = graphql(`query RulesPlatform { dataCenters(kind: GOVERNMENT_CLOUD_PLATFORM) { id opensOn placements { since } } }`);
const GOVERNMENT_PLANS = graphql(`query RulesGovernmentPlans($after: String) {
  systems(first: 100, after: $after, filter: { governmentDepartment: true }) {
    edges { node { id stage migrationPlan { destination { kind } plannedCutover } } } pageInfo { hasNextPage endCursor } } }`);
const OPEN_ON = graphql(`mutation RulesOpenOn($input: UpdateDataCenterInput!) { updateDataCenter(input: $input) { id opensOn } }`);
const BUDGET = graphql(`query RulesBudget($year: Int!) { budgetCompliance(year: $year, groupBy: UNIT, first: 100) {
  edges { node { unit { id } lines nonCompliantLines } } } }`);

/** A district (a government department, batch 3) registered for these tests, and its officer. */
const DISTRICT = 'rules-district';
const districtOfficer = officerOf(DISTRICT);
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('a government department through the steps (findings 3, 4, 8)', () => {
  let version = 0;
  beforeAll(async () => {
    const unit = dataOf(
      await hub.query(CREATE_UNIT, { input: { id: DISTRICT, name: 'Rules District', officialName: '规则区', kind: 'DISTRICT' } }, OFFICE),
    ).createUnit;
    expect(unit.batch.number).toBe(3);
    const system = { id: 'rules-district-system', unitId: DISTRICT, name: 'District portal', officialName: '区门户' };
    const created = dataOf(
      await hub.query(
        CREATE_SYSTEM,
        { input: { ...system, classification: 'NON_CLASSIFIED', businessType: 'PUBLIC_WEBSITE', hosting: 'OWN_MACHINE_ROOM' } },
        districtOfficer,
      ),
    ).createSystem;
    const assess = { readiness: 'READY', strategy: 'REHOST', recommendedServiceModel: 'IAAS' } as const;
    version = dataOf(
      await hub.query(ASSESS, { input: { systemId: created.id, expectedVersion: created.version, ...assess } }, districtOfficer),
    ).assessSystem.version;
  });
  const selection = (changes: { vendorId?: string; cloudServiceIds?: string[] } = {}) => ({
    input: {
      systemId: 'rules-district-system',
      expectedVersion: version,
      vendorId: 'sample-jialing-cloud',
      cloudServiceIds: ['jialing-vm'],
      procurementMethod: 'PUBLIC_TENDER' as const,
      procurementReference: 'RULES-2015-001',
      ...changes,
    },
  });
  const plan = (changes: { destinationDataCenterId?: string; plannedStart?: string; plannedCutover?: string }) => ({
    input: {
      systemId: 'rules-district-system',
      expectedVersion: version,
      destinationDataCenterId: 'government-cloud-platform',
      writtenWithVendorId: 'sample-jialing-cloud',
      plannedStart: '2016-02-01',
      plannedCutover: '2016-06-01',
      contingencyPlan: 'Keep the district machine room running until the cut-over is confirmed.',
      ...changes,
    },
  });

  it('finding 3: a selection names a provider and services the vendors subgraph has, and a plan a data centre the park has', async () => {
    expect(errorOf(await hub.query(SELECT, selection({ vendorId: 'no-such-provider' }), districtOfficer))).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      message: expect.stringMatching(/no-such-provider/),
    });
    // A service of another provider's catalogue is not the selected provider's to sell.
    expect(errorOf(await hub.query(SELECT, selection({ cloudServiceIds: ['yangtze-hosting'] }), districtOfficer))).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      message: expect.stringMatching(/§3\.2: sample-jialing-cloud does not sell yangtze-hosting/),
    });
    const selected = dataOf(await hub.query(SELECT, selection(), districtOfficer)).selectVendor;
    expect(selected.vendor?.id).toBe('sample-jialing-cloud');
    version = selected.version;
    expect(errorOf(await hub.query(PLAN, plan({ destinationDataCenterId: 'my-basement' }), districtOfficer))).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      message: expect.stringMatching(/my-basement/),
    });
  });

  it('finding 4: the platform opens on a day the park holds; before it a department goes to the transitional centre, from it to the platform', async () => {
    const [platform] = dataOf(await hub.query(PLATFORM, {}, PARK_OPERATOR)).dataCenters;
    const opensOn = present(platform?.opensOn, "the platform's opening day");
    expect(opensOn).toBe('2016-01-01');
    const beforeOpening = await hub.query(PLAN, plan({ plannedStart: '2015-10-01', plannedCutover: '2015-12-15' }), districtOfficer);
    expect(errorOf(beforeOpening)).toMatchObject({
      code: 'DESTINATION_NOT_ALLOWED',
      message: expect.stringMatching(/§4: rules-district is a government department and the Government Cloud Platform opens on 2016-01-01/),
    });
    const afterOpening = await hub.query(PLAN, plan({ destinationDataCenterId: 'transitional-government-data-center' }), districtOfficer);
    expect(errorOf(afterOpening)).toMatchObject({ code: 'DESTINATION_NOT_ALLOWED', message: expect.stringMatching(/names the platform/) });
    expect(code(await hub.query(PLAN, plan({ destinationDataCenterId: 'sample-jialing-data-center' }), districtOfficer))).toBe(
      'DESTINATION_NOT_ALLOWED',
    );
  });

  it('finding 8: a batch is a deadline: a plan may start before its window opens, from the notice on', async () => {
    // Batch 3 opens on 2016-01-01; this plan starts in August 2015.
    const early = dataOf(await hub.query(PLAN, plan({ plannedStart: '2015-08-01' }), districtOfficer)).approveMigrationPlan;
    expect(early).toMatchObject({
      stage: 'PLAN_APPROVED',
      migrationPlan: { destination: { id: 'government-cloud-platform' }, plannedStart: '2015-08-01', plannedCutover: '2016-06-01' },
    });
  });

  it("§4 held by the park too: the platform's opening day cannot move against approved plans or placements", async () => {
    // The days the seeded plans and placements allow, computed from what units and the park answer.
    let transitionalLast = '2015-07-13';
    let platformFirst = '9999-12-31';
    const pageAfter = async (after: string | null) => dataOf(await hub.query(GOVERNMENT_PLANS, { after }, ANALYST)).systems;
    let after: string | null = null;
    do {
      const page = await pageAfter(after);
      for (const { node } of page?.edges ?? []) {
        const planned = node.migrationPlan;
        if (!planned || !['PLAN_APPROVED', 'MIGRATING', 'CENTRALISED', 'INTEGRATED'].includes(String(node.stage))) continue;
        if (planned.destination?.kind === 'TRANSITIONAL_GOVERNMENT_DATA_CENTER' && planned.plannedCutover > transitionalLast)
          transitionalLast = planned.plannedCutover;
        if (planned.destination?.kind === 'GOVERNMENT_CLOUD_PLATFORM' && planned.plannedCutover < platformFirst)
          platformFirst = planned.plannedCutover;
      }
      after = page?.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
    } while (after);
    const [platform] = dataOf(await hub.query(PLATFORM, {}, PARK_OPERATOR)).dataCenters;
    for (const { since } of platform?.placements ?? []) if (since < platformFirst) platformFirst = since;
    // The rules district's plan cuts over to the platform on 2016-06-01: the platform cannot open after that.
    expect(platformFirst <= '2016-06-01').toBe(true);
    const move = (opensOn: string) => hub.query(OPEN_ON, { input: { id: 'government-cloud-platform', opensOn } }, PARK_OPERATOR);
    expect(errorOf(await move(dayAfter(platformFirst)))).toMatchObject({
      code: 'OPENING_DAY_IN_USE',
      message: expect.stringMatching(/§4/),
    });
    expect(errorOf(await move(transitionalLast))).toMatchObject({ code: 'OPENING_DAY_IN_USE', message: expect.stringMatching(/§4/) });
    // Any day after the last transitional cut-over and no later than the first use of the platform is free.
    expect(transitionalLast < platformFirst).toBe(true);
    expect(dataOf(await move(platformFirst)).updateDataCenter.opensOn).toBe(platformFirst);
    expect(dataOf(await move('2016-01-01')).updateDataCenter.opensOn).toBe('2016-01-01');
  });
});

const CORRECT_UNIT = graphql(`mutation RulesCorrectUnit($input: CorrectUnitInput!) { correctUnit(input: $input) {
  id systemsAlreadyHosted batch { number } corrections { field before after reason derived actor role } } }`);
const CORRECT_HOSTING = graphql(`mutation RulesCorrectHosting($input: CorrectSystemHostingInput!) { correctSystemHosting(input: $input) {
  id version hosting } }`);
const UNIT_BATCH = graphql(`query RulesUnitBatch($id: ID!) { unit(id: $id) { systemsAlreadyHosted batch { number }
  corrections { field before after derived actor role } } }`);
const RECLASSIFY = graphql(`mutation RulesReclassify($input: RequestReclassificationInput!) { requestReclassification(input: $input) {
  id status } }`);
const DECIDE_RECLASSIFICATION = graphql(`mutation RulesDecideReclassification($input: DecideReclassificationInput!) {
  decideReclassification(input: $input) { id status system { classification isExempt isOverdue } } }`);
const RETIRE = graphql(`mutation RulesRetire($input: RetireSystemInput!) { retireSystem(input: $input) {
  stage dueDate isOverdue history { to note } } }`);
const SYSTEM_STATE = graphql(`query RulesSystemState($id: ID!) { system(id: $id) { stage classification dueDate isOverdue } }`);

describe('corrections as history, each by its role (findings 5, 7, 8)', () => {
  const OFFICE_UNIT = 'rules-bureau';
  const bureauOfficer = officerOf(OFFICE_UNIT);
  const newSystem = async (id: string, hosting: 'OWN_MACHINE_ROOM' | 'THIRD_PARTY_HOSTED') =>
    dataOf(
      await hub.query(
        CREATE_SYSTEM,
        {
          input: {
            id,
            unitId: OFFICE_UNIT,
            name: `Bureau system ${id}`,
            officialName: '局系统',
            classification: 'NON_CLASSIFIED',
            businessType: 'OFFICE_AUTOMATION',
            hosting,
          },
        },
        bureauOfficer,
      ),
    ).createSystem;
  beforeAll(async () => {
    const bureau = dataOf(
      await hub.query(
        CREATE_UNIT,
        { input: { id: OFFICE_UNIT, name: 'Rules Bureau', officialName: '规则局', kind: 'MUNICIPAL_DEPARTMENT' } },
        OFFICE,
      ),
    ).createUnit;
    expect(bureau.batch.number).toBe(2);
  });

  it('finding 5: a system hosted by a third party puts its unit in batch 1; the flag is corrected only by the office, with who and why', async () => {
    const hosted = await newSystem('rules-bureau-hosted', 'THIRD_PARTY_HOSTED');
    const marked = present(dataOf(await hub.query(UNIT_BATCH, { id: OFFICE_UNIT }, OFFICE)).unit, 'the bureau');
    expect(marked).toMatchObject({ systemsAlreadyHosted: true, batch: { number: 1 } });
    expect(marked.corrections?.map((c) => [c.field, c.before, c.after, c.derived, c.actor])).toEqual([
      ['SYSTEMS_ALREADY_HOSTED', 'false', 'true', true, 'rules-bureau-officer'],
      ['BATCH', '2', '1', true, 'rules-bureau-officer'],
    ]);
    const clear = { input: { unitId: OFFICE_UNIT, systemsAlreadyHosted: false, reason: 'The hosting contract ended before the notice.' } };
    // Not while a system is still recorded as hosted by a third party; and never by the unit itself.
    expect(code(await hub.query(CORRECT_UNIT, clear, OFFICE))).toBe('SYSTEMS_ALREADY_HOSTED');
    expect(code(await hub.query(CORRECT_UNIT, clear, bureauOfficer))).toBe('FORBIDDEN');
    const corrected = dataOf(
      await hub.query(
        CORRECT_HOSTING,
        { input: { systemId: hosted.id, expectedVersion: hosted.version, hosting: 'OWN_MACHINE_ROOM', reason: 'Moved back in 2014.' } },
        bureauOfficer,
      ),
    ).correctSystemHosting;
    expect(corrected.hosting).toBe('OWN_MACHINE_ROOM');
    const unit = dataOf(await hub.query(CORRECT_UNIT, clear, OFFICE)).correctUnit;
    expect(unit).toMatchObject({ systemsAlreadyHosted: false, batch: { number: 2 } });
    expect(unit.corrections.slice(-2).map((c) => [c.field, c.after, c.reason, c.derived, c.actor, c.role])).toEqual([
      [
        'SYSTEMS_ALREADY_HOSTED',
        'false',
        'The hosting contract ended before the notice.',
        false,
        'joint-conference-office',
        'joint-conference',
      ],
      [
        'BATCH',
        '2',
        expect.stringMatching(/^§5, derived from the correction: The hosting contract ended/),
        true,
        'joint-conference-office',
        'joint-conference',
      ],
    ]);
  });

  it("finding 7: a classification changes only when the office approves the unit's request; then vendors refuse to contract for it", async () => {
    const system = await newSystem('rules-bureau-secret', 'OWN_MACHINE_ROOM');
    const request = dataOf(
      await hub.query(
        RECLASSIFY,
        { input: { systemId: system.id, classification: 'CLASSIFIED', reason: 'Holds personnel files graded secret.' } },
        bureauOfficer,
      ),
    ).requestReclassification;
    expect(request?.status).toBe('PENDING');
    // Nothing changes until decided, and the unit cannot decide its own request.
    expect(dataOf(await hub.query(SYSTEM_STATE, { id: system.id }, ANALYST)).system?.classification).toBe('NON_CLASSIFIED');
    const decide = { input: { requestId: String(request?.id), approve: true, note: 'Confirmed by the secrecy bureau.' } };
    expect(code(await hub.query(DECIDE_RECLASSIFICATION, decide, bureauOfficer))).toBe('FORBIDDEN');
    const decided = dataOf(await hub.query(DECIDE_RECLASSIFICATION, decide, OFFICE)).decideReclassification;
    expect(decided).toMatchObject({ status: 'APPROVED', system: { classification: 'CLASSIFIED', isExempt: true, isOverdue: false } });
    const contract = {
      input: {
        id: 'rules-bureau-secret-contract',
        unitId: OFFICE_UNIT,
        vendorId: 'sample-jialing-cloud',
        startsOn: '2016-01-01',
        endsOn: '2016-12-31',
        lines: [{ serviceId: 'jialing-vm', systemId: system.id, quantity: '2' }],
      },
    };
    expect(code(await hub.query(CONTRACT, contract, jialing))).toBe('CLASSIFIED_SYSTEM_EXEMPT');
  });

  it('finding 8: a system assessed RETIRE is retired: an end state, never overdue, though its batch has ended', async () => {
    const kept = await newSystem('rules-bureau-kept', 'OWN_MACHINE_ROOM');
    const retiring = await newSystem('rules-bureau-retired', 'OWN_MACHINE_ROOM');
    // Batch 2 ended on 2015-12-31: a system still to move is overdue.
    expect(dataOf(await hub.query(SYSTEM_STATE, { id: kept.id }, ANALYST)).system).toMatchObject({
      dueDate: '2015-12-31',
      isOverdue: true,
    });
    const assess = { readiness: 'READY', strategy: 'RETIRE', recommendedServiceModel: 'SAAS' } as const;
    const assessed = dataOf(
      await hub.query(ASSESS, { input: { systemId: retiring.id, expectedVersion: retiring.version, ...assess } }, bureauOfficer),
    ).assessSystem;
    const retire = {
      input: { systemId: retiring.id, expectedVersion: assessed.version, reason: 'Replaced by the municipal OA platform.' },
    };
    expect(code(await hub.query(RETIRE, retire, OFFICE))).toBe('FORBIDDEN');
    const retired = dataOf(await hub.query(RETIRE, retire, bureauOfficer)).retireSystem;
    expect(retired).toMatchObject({ stage: 'RETIRED', dueDate: null, isOverdue: false });
    expect(retired.history.at(-1)).toEqual({ to: 'RETIRED', note: 'Replaced by the municipal OA platform.' });
  });
});

describe('units only encouraged, and who coordinates (finding 6)', () => {
  it('gives a subsidiary of a central SOE no due date, and lets a department coordinate an SOE group under it', async () => {
    const central = dataOf(
      await hub.query(
        CREATE_UNIT,
        {
          input: {
            id: 'rules-central-soe',
            name: 'A central SOE',
            officialName: '某央企',
            kind: 'CENTRAL_SOE',
            coordinatingUnitId: 'sasac',
          },
        },
        OFFICE,
      ),
    ).createUnit;
    expect(central.batch.number).toBe(3);
    const subsidiary = dataOf(
      await hub.query(
        CREATE_UNIT,
        {
          input: {
            id: 'rules-central-soe-branch',
            name: "A central SOE's Chongqing branch",
            officialName: '某央企重庆分公司',
            kind: 'SOE_SUBSIDIARY',
            ownershipStake: 'WHOLLY_OWNED',
            parentId: 'rules-central-soe',
          },
        },
        OFFICE,
      ),
    ).createUnit;
    expect(subsidiary.batch.number).toBe(3);
    const system = dataOf(
      await hub.query(
        CREATE_SYSTEM,
        {
          input: {
            id: 'rules-central-soe-branch-system',
            unitId: 'rules-central-soe-branch',
            name: 'Branch ERP',
            officialName: '分公司ERP',
            classification: 'NON_CLASSIFIED',
            businessType: 'ENTERPRISE_OPERATIONS',
            hosting: 'OWN_MACHINE_ROOM',
          },
        },
        officerOf('rules-central-soe-branch'),
      ),
    ).createSystem;
    // §1: encouraged, not obliged: no due date, never overdue.
    expect(system).toMatchObject({ dueDate: null, isOverdue: false });
    const group = dataOf(
      await hub.query(
        CREATE_UNIT,
        {
          input: {
            id: 'rules-commission-group',
            name: 'An SOE group under the Economic and Information Commission',
            officialName: '某集团',
            kind: 'MUNICIPAL_SOE_GROUP',
            parentId: 'economic-information-commission',
          },
        },
        OFFICE,
      ),
    ).createUnit;
    // §6.2: the department it belongs to coordinates it, not the SASAC.
    expect(group.coordinatingUnit.id).toBe('economic-information-commission');
  });
});

describe('budgets from the notice on (finding 9)', () => {
  it('counts a 2015 line recorded before the notice but does not flag it', async () => {
    const rows = dataOf(await hub.query(BUDGET, { year: 2015 }, FINANCE)).budgetCompliance?.edges ?? [];
    const tourism = rows.find((r) => r.node.unit.id === 'tourism-bureau');
    // Operations and the database licences budgeted on 1 March 2015: two lines, neither non-compliant.
    expect(tourism?.node).toMatchObject({ lines: 2, nonCompliantLines: 0 });
  });
});

describe('a cross-graph check when its owner is down', () => {
  it('refuses a write unchecked never: with units down, the park and vendors refuse with SUBGRAPH_UNAVAILABLE', async () => {
    // Last in this file: the units subgraph stays down.
    await hub.subgraph('units').listening.stop();
    {
      // Still moving in the seed, its approved plan naming the Yangtze data centre: the park has not placed it yet.
      const place = await hub.query(PLACE, placement('sample-nanan-water-company-system-2', 'sample-yangtze-data-center'), PARK_OPERATOR);
      expect(errorOf(place)).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        message: expect.stringMatching(/^The units subgraph could not be asked/),
      });
      const report = {
        input: {
          systemId: 'general-office-system-1',
          vendorId: 'sample-jialing-cloud',
          status: 'IN_PROGRESS' as const,
          percentComplete: 10,
          detail: 'Started',
          nextUpdateDue: nextWeek,
        },
      };
      expect(code(await hub.query(REPORT, report, jialing))).toBe('SUBGRAPH_UNAVAILABLE');
    }
    // The park placed nothing: its own list of the data centre's placements says so, without units.
    const yangtze = dataOf(await hub.query(YANGTZE_PLACEMENTS, {}, PARK_OPERATOR)).dataCenter?.placements ?? [];
    expect(yangtze.map((p) => p.system.id)).not.toContain('sample-nanan-water-company-system-2');
  });
});
