/**
 * Who may see and change what, through the gateway over real HTTP: verified identity, the notice's roles
 * held by the subgraph that owns the data, the gateway's abuse limits, and the audit log.
 */
import {
  ANALYST,
  at,
  carrierStaff,
  coordinatorOf,
  dataOf,
  errorOf,
  FINANCE,
  OFFICE,
  officerOf,
  PARK_OPERATOR,
  present,
  vendorStaff,
} from '@cq/kit/testing';
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

const PUBLIC = graphql(`query SecurityPublic { batches { number } cloudServices { id } tariffs { id } dataCenters { id } }`);
const UNITS_AND_BATCHES = graphql(`query SecurityUnitsAndBatches { batches { number } units(first: 3) { totalCount } }`);
const UNIT_BUDGET = graphql(`query SecurityUnitBudget($id: ID!) { unit(id: $id) { id name budgetLines { year amountCny } } }`);
const UNIT = graphql(`query SecurityUnit($id: ID!) { unit(id: $id) { id name } }`);
const UNITS_SEEN = graphql(`query SecurityUnitsSeen { units(first: 100) { totalCount edges { node { id } } } }`);
const COMPLIANCE = graphql(`query SecurityCompliance { budgetCompliance(year: 2015, groupBy: UNIT, first: 5) { totalCount } }`);
const PROGRESS = graphql(`query SecurityProgress { progressReport(groupBy: BATCH) { groups { batch { number } } } }`);
const PENDING = graphql(
  `query SecurityPendingExtensions { extensionRequests(status: PENDING, first: 50) { edges { node { id unit { id } } } } }`,
);
const DECIDE = graphql(`mutation SecurityDecideExtension($input: DecideExtensionInput!) { decideExtension(input: $input) { id status } }`);
const CREATE_UNIT = graphql(`mutation SecurityCreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id } }`);
const ADD_BUDGET_LINE = graphql(
  `mutation SecurityAddBudgetLine($input: AddBudgetLineInput!) { addBudgetLine(input: $input) { id compliant } }`,
);
const UPDATE_SERVICE = graphql(
  `mutation SecurityUpdateService($input: UpdateCloudServiceInput!) { updateCloudService(input: $input) { id unitPriceCny } }`,
);
const CREATE_TARIFF = graphql(`mutation SecurityCreateTariff($input: CreateTariffInput!) { createTariff(input: $input) { id } }`);
const PLACE = graphql(`mutation SecurityPlaceSystem($input: PlaceSystemInput!) { placeSystem(input: $input) { id } }`);
const UNIT_CONTRACTS = graphql(`query SecurityUnitContracts($id: ID!) { unit(id: $id) { id contracts { id vendor { id } } } }`);
const AUDIT = graphql(
  `query SecurityAudit($operation: String!) { auditLog { units(filter: { operation: $operation }, first: 10) { totalCount edges { node { actor role tenant operation arguments outcome code message } } } } }`,
);

const kaiOfficer = officerOf('kai-county');
const nanan = coordinatorOf('nanan-district');

describe('identity, verified at the gateway', () => {
  it('lets anyone signed out read batches, the catalogue, tariffs and data centres, and nothing more', async () => {
    const open = dataOf(await hub.query(PUBLIC));
    expect(open.batches).toHaveLength(3);
    expect(open.cloudServices?.length).toBeGreaterThan(0);
    const closed = await hub.query(UNITS_AND_BATCHES);
    expect(closed.data?.batches).toHaveLength(3);
    expect(closed.data?.units).toBeNull();
    expect(errorOf(closed).code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token, a bad signature and a wrong audience with 401, before any subgraph is asked', async () => {
    const before = hub.subgraph('units').listening.requests.count;
    const body = { query: '{ batches { number } }' };
    const expired = await hub.post(body, { authorization: `Bearer ${await hub.token(OFFICE, { expiresIn: '-1m' })}` });
    expect(expired.status).toBe(401);
    expect(expired.body.errors?.[0]).toMatchObject({
      message: 'The bearer token is refused: it has expired.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const token = await hub.token(OFFICE);
    const [header = '', payload = ''] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'finance' })).toString('base64url')}.${token.split('.')[2]}`;
    const badSignature = await hub.post(body, { authorization: `Bearer ${forged}` });
    expect(badSignature.status).toBe(401);
    expect(badSignature.body.errors?.[0]?.message).toMatch(/signature does not verify/);
    const otherAudience = await hub.post(body, { authorization: `Bearer ${await hub.token(OFFICE, { audience: 'another-api' })}` });
    expect(otherAudience.status).toBe(401);
    expect(otherAudience.body.errors?.[0]?.message).toMatch(/aud claim is not accepted/);
    expect(hub.subgraph('units').listening.requests.count).toBe(before);
  });

  it("refuses a call straight to a subgraph without the gateway's signature, even with a valid user token", async () => {
    const url = hub.subgraph('units').listening.url;
    const ask = (headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"query":"{ units(first: 1) { totalCount } }"}',
      });
    for (const response of [await ask({}), await ask({ authorization: `Bearer ${await hub.token(OFFICE)}` })]) {
      const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(response.status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await fetch(url.replace('/graphql', '/health/ready'))).status).toBe(200);
  });
});

describe("the notice's roles, held by the subgraph that owns the data", () => {
  it('refuses a county deciding its own extension (§6.4), and lets the joint-conference office decide it', async () => {
    const pending = present(dataOf(await hub.query(PENDING, {}, OFFICE)).extensionRequests, 'extension requests').edges;
    const kai = present(
      pending.find((e) => e.node.unit?.id === 'kai-county'),
      "Kai County's pending request",
    ).node;
    const refused = await hub.query(DECIDE, { input: { requestId: kai.id, approve: true } }, kaiOfficer);
    expect(errorOf(refused)).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^Refused for the unit-officer role of unit kai-county: .*decideExtension.*joint-conference/),
    });
    const decided = dataOf(await hub.query(DECIDE, { input: { requestId: kai.id, approve: false, note: 'Not yet.' } }, OFFICE));
    expect(decided.decideExtension).toMatchObject({ id: kai.id, status: 'REJECTED' });

    // Both attempts are in the audit log, which only the joint-conference office reads.
    const log = present(dataOf(await hub.query(AUDIT, { operation: 'decideExtension' }, OFFICE)).auditLog?.units, 'the units audit log');
    expect(log.edges.map((e) => [e.node.actor, e.node.role, e.node.tenant, e.node.outcome, e.node.code])).toEqual([
      ['joint-conference-office', 'joint-conference', null, 'ALLOWED', null],
      ['kai-county-officer', 'unit-officer', 'unit:kai-county', 'REFUSED', 'FORBIDDEN'],
    ]);
    expect(JSON.parse(at(log.edges, 1).node.arguments)).toEqual({ input: { requestId: kai.id, approve: true } });
    const notForAnalysts = await hub.query(AUDIT, { operation: 'decideExtension' }, ANALYST);
    expect(errorOf(notForAnalysts).code).toBe('FORBIDDEN');
  });

  it("keeps a unit's budget lines to its own officer, its coordinators, finance and the office", async () => {
    const liangping = officerOf('liangping-county');
    const own = dataOf(await hub.query(UNIT_BUDGET, { id: 'liangping-county' }, liangping)).unit;
    expect(own?.budgetLines?.length).toBeGreaterThan(0);
    const other = await hub.query(UNIT_BUDGET, { id: 'banan-district' }, liangping);
    expect(other.data?.unit).toBeNull();
    expect(errorOf(other).code).toBe('FORBIDDEN');
    const analyst = await hub.query(UNIT_BUDGET, { id: 'liangping-county' }, ANALYST);
    expect(analyst.data?.unit).toMatchObject({ id: 'liangping-county', budgetLines: null });
    expect(errorOf(analyst)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/analyst role/) });
    expect(dataOf(await hub.query(UNIT_BUDGET, { id: 'liangping-county' }, FINANCE)).unit?.budgetLines?.length).toBeGreaterThan(0);
    expect(errorOf(await hub.query(COMPLIANCE, {}, ANALYST)).code).toBe('FORBIDDEN');
    expect(dataOf(await hub.query(COMPLIANCE, {}, FINANCE)).budgetCompliance?.totalCount).toBeGreaterThan(0);
    expect(dataOf(await hub.query(PROGRESS, {}, ANALYST)).progressReport?.groups).toHaveLength(3);
  });

  it('shows a coordinating unit its subtree and nothing outside it, in units and in vendors', async () => {
    const seen = present(dataOf(await hub.query(UNITS_SEEN, {}, nanan)).units, 'units').edges.map((e) => e.node.id);
    expect(seen).toContain('nanan-district');
    expect(seen).toContain('sample-nanan-water-company');
    expect(seen).not.toContain('banan-district');
    expect(dataOf(await hub.query(UNIT, { id: 'sample-nanan-water-company' }, nanan)).unit?.id).toBe('sample-nanan-water-company');
    const outside = await hub.query(UNIT, { id: 'banan-district' }, nanan);
    expect(outside.data?.unit).toBeNull();
    expect(errorOf(outside).code).toBe('FORBIDDEN');
    // Contracts live in vendors, which asks units which units the coordinator covers.
    const contracts = await hub.query(UNIT_CONTRACTS, { id: 'nanan-district' }, nanan);
    expect(contracts.errors).toBeUndefined();
    expect(present(contracts.data?.unit, 'the unit').contracts).not.toBeNull();
  });

  it("refuses a vendor changing another vendor's service, and lets it change its own", async () => {
    const jialing = vendorStaff('sample-jialing-cloud');
    const refused = await hub.query(UPDATE_SERVICE, { input: { id: 'yangtze-hosting', unitPriceCny: '1.00' } }, jialing);
    expect(errorOf(refused)).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/vendor role of vendor sample-jialing-cloud/),
    });
    const own = dataOf(await hub.query(UPDATE_SERVICE, { input: { id: 'jialing-vm', unitPriceCny: '0.95' } }, jialing));
    expect(own.updateCloudService).toMatchObject({ id: 'jialing-vm', unitPriceCny: '0.95' });
  });

  it('refuses a carrier pricing for another carrier, a vendor placing a system, finance creating a unit', async () => {
    const tariff = {
      id: 'security-test-tariff',
      carrierId: 'china-mobile-chongqing',
      product: 'Dedicated line',
      bandwidthMbps: 100,
      standardMonthlyPriceCny: '5000.00',
      oneTimeChargeCny: '0.00',
      commitmentMonths: 12,
      validFrom: '2015-07-01',
    };
    expect(errorOf(await hub.query(CREATE_TARIFF, { input: tariff }, carrierStaff('china-telecom-chongqing'))).code).toBe('FORBIDDEN');
    expect(dataOf(await hub.query(CREATE_TARIFF, { input: tariff }, carrierStaff('china-mobile-chongqing'))).createTariff?.id).toBe(
      tariff.id,
    );
    const placement = {
      systemId: 'nope',
      dataCenterId: 'sample-yangtze-data-center',
      racks: 1,
      powerKw: '1.0',
      monthlyFeeCny: '1.00',
      since: '2015-08-01',
    };
    expect(errorOf(await hub.query(PLACE, { input: placement }, vendorStaff('sample-yangtze-cloud'))).code).toBe('FORBIDDEN');
    expect(errorOf(await hub.query(PLACE, { input: placement }, PARK_OPERATOR)).code).not.toBe('FORBIDDEN');
    const unit = { id: 'security-test-unit', name: 'Test unit', officialName: '测试单位', kind: 'MUNICIPAL_DEPARTMENT' as const };
    expect(errorOf(await hub.query(CREATE_UNIT, { input: unit }, FINANCE)).code).toBe('FORBIDDEN');
    const line = {
      unitId: 'banan-district',
      year: 2016,
      category: 'CLOUD_SERVICES' as const,
      description: 'Cloud hosting',
      amountCny: '1000.00',
    };
    expect(dataOf(await hub.query(ADD_BUDGET_LINE, { input: line }, FINANCE)).addBudgetLine?.compliant).toBe(true);
    expect(errorOf(await hub.query(ADD_BUDGET_LINE, { input: line }, kaiOfficer)).code).toBe('FORBIDDEN');
  });
});

const MATRIX = graphql(`query SecurityMatrix {
  units(first: 100) { totalCount }
  budgetCompliance(year: 2015, groupBy: UNIT, first: 1) { totalCount }
  auditLog { id }
  staleMigrationTasks { id vendor { id } }
  dataCenter(id: "transitional-government-data-center") { placements { id } }
  unit(id: "nanan-district") { circuits { id } contracts { id } }
}`);

/** What one role gets of each part of the matrix query: a count of what it sees, or the refusal's code. */
async function matrixFor(viewer: Parameters<Hub['query']>[2]) {
  const { data, errors = [] } = await hub.query(MATRIX, {}, viewer);
  const refusal = (path: string) => errors.find((e) => e.path?.join('.') === path)?.extensions?.code;
  const seen = (path: string, value: unknown) => refusal(path) ?? (Array.isArray(value) ? value.length : value == null ? 'null' : 'ok');
  return {
    units: refusal('units') ?? data?.units?.totalCount,
    budgetCompliance: seen('budgetCompliance', data?.budgetCompliance),
    auditLog: seen('auditLog', data?.auditLog),
    staleTasks: refusal('staleMigrationTasks') ?? data?.staleMigrationTasks?.map((t) => t.vendor.id).join(' '),
    placements: seen('dataCenter.placements', data?.dataCenter?.placements),
    circuits: refusal('unit') ?? seen('unit.circuits', data?.unit?.circuits),
    contracts: refusal('unit') ?? seen('unit.contracts', data?.unit?.contracts),
  };
}

describe('every role against representative reads', () => {
  it('answers each role what the notice gives it, and refuses the rest with a code', async () => {
    const roles = {
      anonymous: undefined,
      'joint-conference': OFFICE,
      finance: FINANCE,
      analyst: ANALYST,
      'park-operator': PARK_OPERATOR,
      'carrier (China Telecom)': carrierStaff('china-telecom-chongqing'),
      'vendor (Jialing)': vendorStaff('sample-jialing-cloud'),
      'vendor (Yangtze)': vendorStaff('sample-yangtze-cloud'),
      "coordinator (Nan'an)": nanan,
      "unit-officer (Nan'an)": officerOf('nanan-district'),
    };
    const matrix: Record<string, unknown> = {};
    for (const [role, viewer] of Object.entries(roles)) matrix[role] = await matrixFor(viewer);
    // Numbers count what the role sees; codes are refusals. The seed's stale tasks are those of the systems
    // still moving (their providers' last reports came in 2016), in id order; three are Jialing's, two Yangtze's.
    const stale = [
      'chongqing-cloud-investment',
      'sample-yangtze-cloud',
      'sample-shancheng-data',
      'sample-jialing-cloud',
      'sample-jialing-cloud',
      'sample-jialing-cloud',
      'sample-yangtze-cloud',
      'sample-shancheng-data',
    ];
    const all = stale.join(' ');
    const own = (vendorId: string) => stale.filter((v) => v === vendorId).join(' ');
    const [U, F] = ['UNAUTHENTICATED', 'FORBIDDEN'];
    const columns = ['units', 'budgetCompliance', 'auditLog', 'staleTasks', 'placements', 'circuits', 'contracts'];
    const row = (...cells: unknown[]) => Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
    // biome-ignore format: one role a line, in the order of `columns`
    const expected = {
      anonymous: row(U, U, U, U, U, U, U),
      // 43 systems placed in the transitional centre; Nan'an has one circuit and two contracts (Shancheng Data, Yangtze Cloud).
      'joint-conference': row(61, 'ok', 'ok', all, 43, 1, 2),
      finance: row(61, 'ok', F, all, 43, 1, 2),
      analyst: row(61, F, F, all, 43, 1, 2),
      'park-operator': row(61, F, F, F, 43, 1, F),
      // Nan'an's one circuit is China Mobile's.
      'carrier (China Telecom)': row(61, F, F, F, F, 0, F),
      // A provider reaches the units whose systems selected it: not Nan'an; nor does Jialing run the transitional data centre.
      'vendor (Jialing)': row(27, F, F, own('sample-jialing-cloud'), 0, F, F),
      // Nan'an is among Yangtze's units: of its contracts, only Yangtze's own; circuits are not a provider's.
      'vendor (Yangtze)': row(33, F, F, own('sample-yangtze-cloud'), 0, F, 1),
      "coordinator (Nan'an)": row(2, F, F, F, 3, 1, 2),
      "unit-officer (Nan'an)": row(1, F, F, F, 3, 1, 2),
    };
    expect(matrix).toEqual(expected);
  });
});

describe("the gateway's abuse limits", () => {
  it('refuses 200 aliases and deep nesting with QUERY_TOO_COMPLEX, asking no subgraph', async () => {
    const requests = () => ['units', 'vendors', 'park', 'telecom'].map((name) => hub.subgraph(name).listening.requests.count);
    const before = requests();
    const heavy = 'units(first: 100) { edges { node { id systems { id vendor { id } dataCenter { id carriers { id } } } } } }';
    const aliases = await hub.post(
      { query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: ${heavy}`).join(' ')} }` },
      {
        authorization: `Bearer ${await hub.token(OFFICE)}`,
      },
    );
    expect(aliases.body.data).toBeUndefined();
    expect(aliases.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // Short enough to parse, but over the alias limit: refused once the operation is known, still before any plan runs.
    const few = await hub.post({ query: `{ ${Array.from({ length: 25 }, (_, i) => `b${i}: batches { number }`).join(' ')} }` });
    expect(few.status).toBe(400);
    expect(few.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Aliases limit of 20 exceeded/),
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
    let deep = 'id';
    for (let i = 0; i < 14; i++) deep = `coordinatingUnit { ${deep} }`;
    const nested = await hub.post(
      { query: `{ unit(id: "kai-county") { ${deep} } }` },
      { authorization: `Bearer ${await hub.token(OFFICE)}` },
    );
    expect(nested.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(requests()).toEqual(before);
  });
});
