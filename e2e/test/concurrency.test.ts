/**
 * Concurrent writers through the gateway (issue 12, item 9): many clients, each with its own token, send
 * the same change at the same moment. Exactly one wins each race; the others are refused with CONFLICT or
 * the rule's own code (never an internal error); histories stay consistent (one transition per successful
 * step, versions contiguous); a data centre's racks and power are never exceeded; and changes to
 * different records, or retried after a CONFLICT, all land (no lost update).
 */
import type { Viewer } from '@cq/kit/identity';
import { carrierStaff, dataOf, OFFICE, officerOf, PARK_OPERATOR, vendorStaff } from '@cq/kit/testing';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, clientOf, failures, race, type Tally } from '../src/clients.ts';
import { type Hub, startHub } from '../src/hub.ts';
import { graphql, type SelectVendorInput } from './generated/graphql.ts';

/** Clients per race. */
const N = 24;

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

const UNIT = 'race-centre';
const officer = officerOf(UNIT);
const jialing = vendorStaff('sample-jialing-cloud');
const telecom = carrierStaff('china-telecom-chongqing');
/** A provider's next update is due in the future. */
const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

const CREATE_UNIT = graphql(`mutation RaceCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id } }`);
const CREATE_SYSTEM = graphql(`mutation RaceCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { id version } }`);
const CREATE_DC = graphql(`mutation RaceCreateDataCenter($input: CreateDataCenterInput!) { createDataCenter(input: $input) { id } }`);
const ASSESS = graphql(`mutation RaceAssess($input: AssessSystemInput!) { assessSystem(input: $input) { id stage version } }`);
const SELECT = graphql(`mutation RaceSelectVendor($input: SelectVendorInput!) { selectVendor(input: $input) { id stage version } }`);
const APPROVE = graphql(
  `mutation RaceApprovePlan($input: ApproveMigrationPlanInput!) { approveMigrationPlan(input: $input) { id stage version } }`,
);
const START = graphql(`mutation RaceStartMigration($input: StepInput!) { startMigration(input: $input) { id stage version } }`);
const CENTRALISE = graphql(`mutation RaceMarkCentralised($input: StepInput!) { markCentralised(input: $input) { id stage version } }`);
const UPDATE_DC = graphql(
  `mutation RaceUpdateDataCenter($input: UpdateDataCenterInput!) { updateDataCenter(input: $input) { id racksTotal } }`,
);
const PLACE = graphql(`mutation RacePlace($input: PlaceSystemInput!) { placeSystem(input: $input) { id racks } }`);
const REQUEST_EXTENSION = graphql(
  `mutation RaceRequestExtension($input: RequestExtensionInput!) { requestExtension(input: $input) { id status } }`,
);
const DECIDE_EXTENSION = graphql(
  `mutation RaceDecideExtension($input: DecideExtensionInput!) { decideExtension(input: $input) { id status } }`,
);
const WITHDRAW_EXTENSION = graphql(
  `mutation RaceWithdrawExtension($input: WithdrawExtensionRequestInput!) { withdrawExtensionRequest(input: $input) { id status } }`,
);
const CREATE_CONTRACT = graphql(
  `mutation RaceCreateContract($input: CreateContractInput!) { createContract(input: $input) { id status } }`,
);
const CONTRACT_STATUS = graphql(
  `mutation RaceContractStatus($input: SetContractStatusInput!) { setContractStatus(input: $input) { id status } }`,
);
const REPORT_TASK = graphql(
  `mutation RaceReportTask($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { id percentComplete } }`,
);
const CREATE_CIRCUIT = graphql(`mutation RaceCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id status } }`);
const ADVANCE_CIRCUIT = graphql(
  `mutation RaceAdvanceCircuit($input: AdvanceCircuitInput!) { advanceCircuit(input: $input) { id status } }`,
);

const SYSTEM = graphql(`query RaceSystem($id: ID!) { system(id: $id) { id stage version history { from to actor } } }`);
const PLACEMENT_OF = graphql(`query RacePlacementOf($id: ID!) { system(id: $id) { id stage placement { dataCenter { id } } } }`);
const DATA_CENTER = graphql(
  `query RaceDataCenter($id: ID!) { dataCenter(id: $id) { racksTotal racksUsed racksFree powerCapacityKw powerUsedKw placementsPage(first: 100) { totalCount } } }`,
);
const UNIT_RECORDS = graphql(
  `query RaceUnitRecords($id: ID!) { unit(id: $id) { extensionRequests { id status } contracts { id status } circuits { id status } } }`,
);
const TASK_AUDIT = graphql(
  `query RaceTaskAudit { auditLog { vendors(filter: { operation: "reportTaskProgress", outcome: ALLOWED }) { totalCount } } }`,
);
const TASK_OF = graphql(`query RaceTaskOf($id: ID!) { system(id: $id) { migrationTask { percentComplete vendor { id } } } }`);

/** Sends one operation as a viewer, expecting success. */
async function must<D, V>(op: TypedDocumentNode<D, V>, variables: V, viewer: Viewer): Promise<D> {
  return dataOf(await hub.query(op, variables, viewer));
}

/** No answer of a race is a failure of the hub: no 5xx, no INTERNAL_SERVER_ERROR, no error without a code. */
function noFailures(result: Tally<unknown>) {
  expect(failures(result.answers as Answer<unknown>[]).map((a) => a.body.errors ?? a.status)).toEqual([]);
}

/** `n` clients, each signed in as `viewer`, send the same operation at once. */
const together = <D, V>(n: number, viewer: Viewer | ((i: number) => Viewer), op: TypedDocumentNode<D, V>, variables: (i: number) => V) =>
  race<D>(n, async (i) => {
    const client = await clientOf(hub, typeof viewer === 'function' ? viewer(i) : viewer);
    return () => client(op, variables(i));
  });

const plan = (dataCenterId: string) => ({
  destinationDataCenterId: dataCenterId,
  writtenWithVendorId: 'sample-jialing-cloud',
  plannedStart: '2016-03-01',
  plannedCutover: '2016-05-15',
  contingencyPlan: 'Keep the old servers running until two weeks after cut-over.',
});

/** A placement of a system in a data centre, from the day it was centralised. */
const placement = (systemId: string, dataCenterId: string, racks = 1, powerKw = '4.0') => ({
  input: { systemId, dataCenterId, racks, powerKw, monthlyFeeCny: '100.00', since: '2016-05-15' },
});

async function newSystem(id: string) {
  await must(
    CREATE_SYSTEM,
    {
      input: {
        id,
        unitId: UNIT,
        name: id,
        officialName: id,
        classification: 'NON_CLASSIFIED',
        businessType: 'GOVERNMENT_SERVICE',
        hosting: 'OWN_MACHINE_ROOM',
      },
    },
    officer,
  );
}

const assessment = { readiness: 'READY', strategy: 'REHOST', recommendedServiceModel: 'IAAS' } as const;
const selection: Omit<SelectVendorInput, 'systemId' | 'expectedVersion'> = {
  vendorId: 'sample-jialing-cloud',
  cloudServiceIds: ['jialing-vm'],
  procurementMethod: 'PUBLIC_TENDER',
  procurementReference: 'RACE-1',
};

/** A new system walked to PLAN_APPROVED (version 4), its plan naming the data centre. */
async function plannedSystem(id: string, dataCenterId: string) {
  await newSystem(id);
  await must(ASSESS, { input: { systemId: id, expectedVersion: 1, ...assessment } }, officer);
  await must(SELECT, { input: { systemId: id, expectedVersion: 2, ...selection } }, officer);
  await must(APPROVE, { input: { systemId: id, expectedVersion: 3, ...plan(dataCenterId) } }, officer);
}

async function newDataCenter(id: string, racksTotal: number, powerCapacityKw: string) {
  await must(
    CREATE_DC,
    {
      input: {
        id,
        name: id,
        officialName: id,
        kind: 'PARK_DATA_CENTER',
        tier: 3,
        pue: '1.50',
        racksTotal,
        racksInOtherUse: 0,
        powerCapacityKw,
        powerInOtherUseKw: '0',
      },
    },
    PARK_OPERATOR,
  );
}

beforeAll(async () => {
  // A public institution without administrative-approval functions: batch 3 (due 2016-06-30), any park data centre (§4).
  await must(
    CREATE_UNIT,
    {
      input: {
        id: UNIT,
        name: 'Race Centre',
        officialName: '竞争测试中心',
        kind: 'PUBLIC_INSTITUTION',
        parentId: 'sample-transport-commission',
      },
    },
    OFFICE,
  );
});

describe('the workflow of one system, advanced by many at once', () => {
  it(`lets exactly one of ${N} identical steps through; the others get CONFLICT; one transition is recorded`, async () => {
    await newSystem('race-step');
    const result = await together(N, officer, ASSESS, () => ({ input: { systemId: 'race-step', expectedVersion: 1, ...assessment } }));
    noFailures(result);
    expect(result.wins).toHaveLength(1);
    expect(result.codes).toEqual({ CONFLICT: N - 1 });
    const system = dataOf(await hub.query(SYSTEM, { id: 'race-step' }, OFFICE)).system;
    expect(system?.version).toBe(2);
    expect(system?.history.map((h) => [h.from, h.to])).toEqual([
      [null, 'INVENTORIED'],
      ['INVENTORIED', 'ASSESSED'],
    ]);
  });

  it(`records all ${N} reassessments when each client reads again and retries after a CONFLICT: versions contiguous, none lost`, async () => {
    const retried = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const client = await clientOf(hub, { ...officer, id: `${UNIT}-officer-${i}` });
        const refusals: string[] = [];
        // Bounded: a client that never gets through fails the test below instead of hanging it.
        for (let attempt = 0; attempt < 10 * N; attempt++) {
          const read = dataOf((await client(SYSTEM, { id: 'race-step' })).body).system;
          const answer = await client(ASSESS, { input: { systemId: 'race-step', expectedVersion: read?.version ?? 0, ...assessment } });
          if (!answer.body.errors) return { version: answer.body.data?.assessSystem.version, refusals };
          refusals.push(answer.code ?? 'NO_CODE');
          // Only a lost race is retried; anything else fails the test below.
          if (answer.code !== 'CONFLICT') return { version: undefined, refusals };
        }
        return { version: undefined, refusals };
      }),
    );
    expect(retried.flatMap((r) => r.refusals).filter((c) => c !== 'CONFLICT')).toEqual([]);
    // Each success raised the version by one: together they are 3, 4, …, N + 2, each exactly once.
    expect(retried.map((r) => r.version).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: N }, (_, i) => i + 3));
    const system = dataOf(await hub.query(SYSTEM, { id: 'race-step' }, OFFICE)).system;
    expect(system?.version).toBe(N + 2);
    expect(system?.history).toHaveLength(N + 2);
    // Every client's reassessment is in the history, once.
    expect(new Set(system?.history.slice(2).map((h) => h.actor))).toEqual(
      new Set(Array.from({ length: N }, (_, i) => `${UNIT}-officer-${i}`)),
    );
  });

  it(`advances ${N} different systems at once, all of them`, async () => {
    const ids = Array.from({ length: N }, (_, i) => `race-many-${i}`);
    for (const id of ids) await newSystem(id);
    const result = await together(N, officer, ASSESS, (i) => ({ input: { systemId: ids[i] ?? '', expectedVersion: 1, ...assessment } }));
    noFailures(result);
    expect(result.wins).toHaveLength(N);
    for (const id of ids) expect(dataOf(await hub.query(SYSTEM, { id }, OFFICE)).system).toMatchObject({ stage: 'ASSESSED', version: 2 });
  });

  it(`lets one of ${N} selections of a provider through (§3.2); the others get CONFLICT`, async () => {
    await newSystem('race-select');
    await must(ASSESS, { input: { systemId: 'race-select', expectedVersion: 1, ...assessment } }, officer);
    const result = await together(N, officer, SELECT, (i) => ({
      input: { systemId: 'race-select', expectedVersion: 2, ...selection, procurementReference: `RACE-${i}` },
    }));
    noFailures(result);
    expect(result.wins).toHaveLength(1);
    expect(result.codes).toEqual({ CONFLICT: N - 1 });
    const system = dataOf(await hub.query(SYSTEM, { id: 'race-select' }, OFFICE)).system;
    expect(system).toMatchObject({ stage: 'VENDOR_SELECTED', version: 3 });
    expect(system?.history).toHaveLength(3);
  });
});

describe("a unit's deadline extended by many at once (§6.4)", () => {
  it(`takes one of ${N} requests; the others get EXTENSION_ALREADY_PENDING`, async () => {
    const result = await together(
      N,
      (i) => ({ ...officer, id: `${UNIT}-officer-${i}` }),
      REQUEST_EXTENSION,
      (i) => ({
        input: { unitId: UNIT, newDueDate: '2016-12-31', reason: `More time, asked by client ${i}` },
      }),
    );
    noFailures(result);
    expect(result.wins).toHaveLength(1);
    expect(result.codes).toEqual({ EXTENSION_ALREADY_PENDING: N - 1 });
  });

  it(`records one of ${N} decisions on it; the others get EXTENSION_ALREADY_DECIDED`, async () => {
    const [request] = dataOf(await hub.query(UNIT_RECORDS, { id: UNIT }, OFFICE)).unit?.extensionRequests ?? [];
    const result = await together(
      N,
      (i) => ({ ...OFFICE, id: `office-member-${i}` }),
      DECIDE_EXTENSION,
      (i) => ({
        input: { requestId: request?.id ?? '', approve: i % 2 === 0, note: `decided by member ${i}` },
      }),
    );
    noFailures(result);
    expect(result.wins).toHaveLength(1);
    expect(result.codes).toEqual({ EXTENSION_ALREADY_DECIDED: N - 1 });
    const requests = dataOf(await hub.query(UNIT_RECORDS, { id: UNIT }, OFFICE)).unit?.extensionRequests;
    expect(requests).toHaveLength(1);
    expect(requests?.[0]?.status).toBe(result.wins[0]?.body.data?.decideExtension.status);
  });

  it('lets a decision or a withdrawal through, never both', async () => {
    // After a decision a new request asks past the due date as it now stands (approved or not).
    const asked = await hub.query(REQUEST_EXTENSION, { input: { unitId: UNIT, newDueDate: '2017-06-30', reason: 'Again' } }, officer);
    const id = dataOf(asked).requestExtension.id;
    const [deciders, withdrawers] = await Promise.all([
      together(
        N / 2,
        (i) => ({ ...OFFICE, id: `office-member-${i}` }),
        DECIDE_EXTENSION,
        () => ({ input: { requestId: id, approve: true } }),
      ),
      together(N / 2, officer, WITHDRAW_EXTENSION, () => ({ input: { requestId: id, reason: 'Not needed' } })),
    ]);
    noFailures(deciders);
    noFailures(withdrawers);
    expect(deciders.wins.length + withdrawers.wins.length).toBe(1);
    // Whichever came first, the others are told so by its rule.
    const refusals = { ...deciders.codes, ...withdrawers.codes };
    for (const code of Object.keys(refusals)) expect(['EXTENSION_ALREADY_DECIDED', 'EXTENSION_WITHDRAWN']).toContain(code);
    const status = dataOf(await hub.query(UNIT_RECORDS, { id: UNIT }, OFFICE)).unit?.extensionRequests?.find((r) => r.id === id)?.status;
    expect(status).toBe(deciders.wins.length ? 'APPROVED' : 'WITHDRAWN');
  });
});

describe("placing systems in the park's data centres at once", () => {
  it(`places a system once of ${N} tries; the others get ALREADY_PLACED`, async () => {
    await newDataCenter('race-dc-roomy', 100, '1000.0');
    await plannedSystem('race-placed', 'race-dc-roomy');
    const result = await together(N, PARK_OPERATOR, PLACE, () => placement('race-placed', 'race-dc-roomy', 1, '4.0'));
    noFailures(result);
    expect(result.wins).toHaveLength(1);
    expect(result.codes).toEqual({ ALREADY_PLACED: N - 1 });
    const dc = dataOf(await hub.query(DATA_CENTER, { id: 'race-dc-roomy' }, OFFICE)).dataCenter;
    expect(dc).toMatchObject({ racksUsed: 1, placementsPage: { totalCount: 1 } });
  });

  // Each asks for a share of one resource: the data centre holds exactly `wins` of them, never one more.
  it.each([
    {
      resource: 'racks',
      centre: { id: 'race-dc-racks', racks: 10, kw: '1000.0' },
      ask: { racks: 3, kw: '1.0' },
      wins: 3,
      after: { racksTotal: 10, racksUsed: 9, racksFree: 1, placementsPage: { totalCount: 3 } },
    },
    {
      resource: 'power',
      centre: { id: 'race-dc-power', racks: 100, kw: '30.0' },
      ask: { racks: 1, kw: '7.5' },
      wins: 4,
      after: { powerCapacityKw: '30.0', powerUsedKw: '30.0', racksUsed: 4 },
    },
  ])(
    `never exceeds a data centre's $resource: ${N} systems ask at once for a share of it`,
    async ({ resource, centre, ask, wins, after }) => {
      await newDataCenter(centre.id, centre.racks, centre.kw);
      const ids = Array.from({ length: N }, (_, i) => `race-${resource}-${i}`);
      for (const id of ids) await plannedSystem(id, centre.id);
      const result = await together(N, PARK_OPERATOR, PLACE, (i) => placement(ids[i] ?? '', centre.id, ask.racks, ask.kw));
      noFailures(result);
      expect(result.wins).toHaveLength(wins);
      expect(result.codes).toEqual({ CAPACITY_EXCEEDED: N - wins });
      const dc = dataOf(await hub.query(DATA_CENTER, { id: centre.id }, OFFICE)).dataCenter;
      expect(dc).toMatchObject(after);
    },
  );

  it('never lets a data centre shrink below its placements, nor place beyond its new size, whichever comes first', async () => {
    await newDataCenter('race-dc-shrink', 10, '1000.0');
    const ids = Array.from({ length: N / 2 }, (_, i) => `race-shrink-${i}`);
    for (const id of ids) await plannedSystem(id, 'race-dc-shrink');
    const [placed, shrunk] = await Promise.all([
      together(N / 2, PARK_OPERATOR, PLACE, (i) => placement(ids[i] ?? '', 'race-dc-shrink', 1, '1.0')),
      together(N / 2, PARK_OPERATOR, UPDATE_DC, () => ({ input: { id: 'race-dc-shrink', racksTotal: 5 } })),
    ]);
    noFailures(placed);
    noFailures(shrunk);
    for (const code of [...Object.keys(placed.codes), ...Object.keys(shrunk.codes)]) expect(code).toBe('CAPACITY_EXCEEDED');
    const dc = dataOf(await hub.query(DATA_CENTER, { id: 'race-dc-shrink' }, OFFICE)).dataCenter;
    expect(dc?.racksUsed).toBe(placed.wins.length);
    expect(dc?.racksUsed).toBeLessThanOrEqual(dc?.racksTotal ?? 0);
    // It shrank unless more than five were placed before any shrinking got the data centre's lock.
    expect(dc?.racksTotal).toBe(shrunk.wins.length ? 5 : 10);
  });

  // Across subgraphs there is no shared transaction: each side checks the other's committed state while it
  // holds its own lock. What holds is that one side never accepts on a state the other has not committed
  // (units centralises only on a placement the park has committed). What does not: a placement and a change
  // of plan (replanMigration, changeProvider, retireSystem), or a removal and a centralisation, that each
  // ask the other before either commits can both be accepted; the seeds' agreement check would find it.
  it('centralises a system only once it is placed, however placement and centralisation interleave (§2.2, across subgraphs)', async () => {
    await newDataCenter('race-dc-cross', 100, '1000.0');
    await plannedSystem('race-cross', 'race-dc-cross');
    await must(START, { input: { systemId: 'race-cross', expectedVersion: 4 } }, officer);
    const placing = together(N / 2, PARK_OPERATOR, PLACE, () => placement('race-cross', 'race-dc-cross', 1, '4.0'));
    const centralising = together(N / 2, officer, CENTRALISE, () => ({ input: { systemId: 'race-cross', expectedVersion: 5 } }));
    const [placed, centralised] = await Promise.all([placing, centralising]);
    noFailures(placed);
    noFailures(centralised);
    expect(placed.wins).toHaveLength(1);
    expect(Object.keys(placed.codes)).toEqual(N / 2 > 1 ? ['ALREADY_PLACED'] : []);
    expect(centralised.wins.length).toBeLessThanOrEqual(1);
    for (const code of Object.keys(centralised.codes)) expect(['PLACEMENT_NOT_AS_PLANNED', 'CONFLICT']).toContain(code);
    // Whatever the order: CENTRALISED only with the placement there (the park's placement is the proof).
    const system = dataOf(await hub.query(PLACEMENT_OF, { id: 'race-cross' }, OFFICE)).system;
    expect(system?.placement?.dataCenter.id).toBe('race-dc-cross');
    expect(system?.stage).toBe(centralised.wins.length ? 'CENTRALISED' : 'MIGRATING');
  });
});

describe('two subgraphs whose changes ask each other, at once', () => {
  // Units asks the park while it approves a plan (the destination); the park asks units while it places a
  // system (the approved plan). Each change holds a connection for its transaction while it asks, so more
  // of them than a pool holds, on both sides at once, would wait on each other were the questions served
  // from the same pools (kit: database.ts, peerDb).
  const M = 16;
  it(`lets ${M} approvals of plans and ${M} placements through at once, none refused for want of the other subgraph`, async () => {
    await newDataCenter('race-dc-pools', 200, '2000.0');
    const approving = Array.from({ length: M }, (_, i) => `race-pools-plan-${i}`);
    const placing = Array.from({ length: M }, (_, i) => `race-pools-place-${i}`);
    await Promise.all([
      ...approving.map(async (id) => {
        await newSystem(id);
        await must(ASSESS, { input: { systemId: id, expectedVersion: 1, ...assessment } }, officer);
        await must(SELECT, { input: { systemId: id, expectedVersion: 2, ...selection } }, officer);
      }),
      ...placing.map(async (id) => {
        await plannedSystem(id, 'race-dc-pools');
        await must(START, { input: { systemId: id, expectedVersion: 4 } }, officer);
      }),
    ]);
    const [approved, placed] = await Promise.all([
      together(M, officer, APPROVE, (i) => ({ input: { systemId: approving[i] ?? '', expectedVersion: 3, ...plan('race-dc-pools') } })),
      together(M, PARK_OPERATOR, PLACE, (i) => placement(placing[i] ?? '', 'race-dc-pools', 1, '4.0')),
    ]);
    noFailures(approved);
    noFailures(placed);
    expect({ approved: approved.wins.length, placed: placed.wins.length, refused: { ...approved.codes, ...placed.codes } }).toEqual({
      approved: M,
      placed: M,
      refused: {},
    });
  });
});

describe("providers' contracts and task reports at once", () => {
  const contract = (id: string) => ({
    input: {
      id,
      unitId: UNIT,
      vendorId: 'sample-jialing-cloud',
      startsOn: '2016-01-01',
      endsOn: '2016-12-31',
      lines: [{ serviceId: 'jialing-vm', quantity: '2' }],
    },
  });

  it(`signs a contract once of ${N} tries with one id (ALREADY_EXISTS), and ${N} with their own ids all`, async () => {
    const same = await together(N, jialing, CREATE_CONTRACT, () => contract('race-contract'));
    noFailures(same);
    expect(same.wins).toHaveLength(1);
    expect(same.codes).toEqual({ ALREADY_EXISTS: N - 1 });
    const own = await together(N, jialing, CREATE_CONTRACT, (i) => contract(`race-contract-${i}`));
    noFailures(own);
    expect(own.wins).toHaveLength(N);
    expect(dataOf(await hub.query(UNIT_RECORDS, { id: UNIT }, OFFICE)).unit?.contracts).toHaveLength(N + 1);
  });

  it(`activates a contract once of ${N} tries; the others get STATUS_OUT_OF_ORDER`, async () => {
    const result = await together(N, jialing, CONTRACT_STATUS, () => ({ input: { id: 'race-contract', status: 'ACTIVE' as const } }));
    noFailures(result);
    expect(result.wins).toHaveLength(1);
    expect(result.codes).toEqual({ STATUS_OUT_OF_ORDER: N - 1 });
  });

  it(`keeps all ${N} first reports on a migration task sent at once: one task, every report recorded`, async () => {
    await newSystem('race-task');
    await must(ASSESS, { input: { systemId: 'race-task', expectedVersion: 1, ...assessment } }, officer);
    await must(SELECT, { input: { systemId: 'race-task', expectedVersion: 2, ...selection } }, officer);
    const before = dataOf(await hub.query(TASK_AUDIT, {}, OFFICE)).auditLog?.vendors?.totalCount ?? 0;
    const result = await together(
      N,
      (i) => vendorStaff('sample-jialing-cloud', `jialing-engineer-${i}`),
      REPORT_TASK,
      (i) => ({
        input: {
          systemId: 'race-task',
          vendorId: 'sample-jialing-cloud',
          status: 'IN_PROGRESS' as const,
          percentComplete: i + 1,
          detail: `Report ${i}`,
          nextUpdateDue: nextMonth,
        },
      }),
    );
    noFailures(result);
    expect(result.codes).toEqual({});
    expect(result.wins).toHaveLength(N);
    // One task, whichever report came last.
    expect(new Set(result.wins.map((w) => w.body.data?.reportTaskProgress.id)).size).toBe(1);
    const task = dataOf(await hub.query(TASK_OF, { id: 'race-task' }, OFFICE)).system?.migrationTask;
    expect(task?.vendor.id).toBe('sample-jialing-cloud');
    expect(result.wins.map((w) => w.body.data?.reportTaskProgress.percentComplete)).toContain(task?.percentComplete);
    expect(dataOf(await hub.query(TASK_AUDIT, {}, OFFICE)).auditLog?.vendors?.totalCount).toBe(before + N);
  });
});

describe("carriers' circuits at once", () => {
  it(`orders ${N} circuits at once, all of them, and moves one on once of ${N} tries`, async () => {
    const ordered = await together(N, telecom, CREATE_CIRCUIT, () => ({
      input: { unitId: UNIT, dataCenterId: 'government-cloud-platform', tariffId: 'telecom-line-100' },
    }));
    noFailures(ordered);
    expect(ordered.wins).toHaveLength(N);
    const circuits = dataOf(await hub.query(UNIT_RECORDS, { id: UNIT }, OFFICE)).unit?.circuits ?? [];
    expect(circuits).toHaveLength(N);
    const id = ordered.wins[0]?.body.data?.createCircuit.id ?? '';
    const moved = await together(N, telecom, ADVANCE_CIRCUIT, () => ({ input: { id, status: 'PROVISIONING' as const } }));
    noFailures(moved);
    expect(moved.wins).toHaveLength(1);
    expect(moved.codes).toEqual({ STATUS_OUT_OF_ORDER: N - 1 });
  });
});
