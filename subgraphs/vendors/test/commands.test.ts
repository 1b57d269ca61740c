/**
 * The vendors subgraph's mutations and the rules they enforce (src/domain/rules.ts, commands.ts), run
 * in-process on the subgraph, with the real units subgraph it asks, served over HTTP on its own seed: each
 * refusal carries the rule's code and says why, and changes nothing. Then who may change what
 * (src/domain/policy.ts) and the audit log that records every attempt.
 */
import { ANONYMOUS, type Viewer } from '@cq/kit/identity';
import {
  type AskingTestSubgraph,
  at,
  dataOf,
  errorOf,
  execute,
  present,
  serveTestSubgraph,
  startTestSubgraph,
  startTestSubgraphAsking,
  type TestSubgraph,
} from '@cq/kit/testing';
import { createUnitsSubgraph } from '@cq/units';
import { sql } from 'drizzle-orm';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import {
  type AuditFilter,
  type ContractStatus,
  type CreateCloudServiceInput,
  type CreateContractInput,
  graphql,
  type ReportTaskProgressInput,
  type UpdateCloudServiceInput,
} from './generated/graphql.ts';
import { ANALYST, CARRIER, CCI, FINANCE, JIALING, OFFICE, officerOf, PARK_OPERATOR, SHANCHENG, vendorStaff, YANGTZE } from './viewers.ts';

let vendors: AskingTestSubgraph<Context, 'units'>;
beforeAll(async () => {
  // The real units subgraph, on its own seeded database and served over HTTP, answers what vendors asks.
  vendors = await startTestSubgraphAsking('vendors', createVendorsSubgraph, { units: createUnitsSubgraph });
});
afterAll(() => vendors?.stop());

type Result = Parameters<typeof errorOf>[0];

/** A refused mutation: no data, the rule's code, a message saying why and, when given, the field it names. */
function refused(result: Result, code: string, message: RegExp, field?: string) {
  expect(result.data ?? null).toBeNull();
  const error = errorOf(result);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  if (field) expect(at(result.errors, 0).extensions?.field).toBe(field);
}

const CREATE_SERVICE = graphql(
  `mutation CommandCreateCloudService($input: CreateCloudServiceInput!) { createCloudService(input: $input) { id name officialName vendor { id } serviceModel category unitOfSale unitPriceCny inProcurementCatalogue meetsPurchaseStandards isSample } }`,
);
const UPDATE_SERVICE = graphql(
  `mutation CommandUpdateCloudService($input: UpdateCloudServiceInput!) { updateCloudService(input: $input) { id unitPriceCny } }`,
);
const SERVICE = graphql(
  `query CommandCloudService($id: ID!) { cloudService(id: $id) { id name vendor { id } unitPriceCny inProcurementCatalogue meetsPurchaseStandards } }`,
);
const CREATE_CONTRACT = graphql(
  `mutation CommandCreateContract($input: CreateContractInput!) { createContract(input: $input) { id status unit { id } vendor { id } startsOn endsOn monthlyAmountCny isSample lines { service { id } system { id } quantity monthlyAmountCny } } }`,
);
const SET_STATUS = graphql(
  `mutation CommandSetContractStatus($input: SetContractStatusInput!) { setContractStatus(input: $input) { id status } }`,
);
const CONTRACT = graphql(`query CommandContract($id: ID!) { contract(id: $id) { id status monthlyAmountCny } }`);
const REPORT = graphql(
  `mutation CommandReportTaskProgress($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { id system { id } vendor { id } status percentComplete detail updatedAt nextUpdateDue isStale } }`,
);
const TASKS = graphql(
  `query CommandVendorTasks($id: ID!) { vendor(id: $id) { migrationTasks { id system { id } status percentComplete detail nextUpdateDue } } }`,
);

// The catalogue is public; contracts and tasks are read as the joint-conference office, which reads them all.
const service = async (id: string) => dataOf(await execute(vendors, SERVICE, { id })).cloudService;
// The office's reads ask no peer, so they also read a subgraph whose units peer cannot be asked.
const contract = async (id: string, subgraph: TestSubgraph<Context> = vendors) =>
  dataOf(await execute(subgraph, CONTRACT, { id }, OFFICE)).contract;
/** The task a provider reports for a system, as it stands; undefined when the provider reports none. */
const taskOf = async (vendorId: string, systemId: string, subgraph: TestSubgraph<Context> = vendors) =>
  present(
    present(dataOf(await execute(subgraph, TASKS, { id: vendorId }, OFFICE)).vendor, `provider ${vendorId}`).migrationTasks,
    'tasks',
  ).find((t) => t.system.id === systemId);
/** How many requests the real units peer has received so far. */
const unitsAsked = () => vendors.peers.units.listening.requests.count;

const newService = (changes: Partial<CreateCloudServiceInput> = {}): CreateCloudServiceInput => ({
  id: 'cmd-jialing-gpu',
  vendorId: 'sample-jialing-cloud',
  name: 'GPU compute',
  officialName: 'GPU 计算',
  serviceModel: 'IAAS',
  category: 'compute',
  unitOfSale: 'GPU-month',
  unitPriceCny: '2999.99',
  inProcurementCatalogue: false,
  meetsPurchaseStandards: true,
  ...changes,
});

const newContract = (changes: Partial<CreateContractInput> = {}): CreateContractInput => ({
  id: 'cmd-contract',
  unitId: 'yuzhong-district',
  vendorId: 'sample-jialing-cloud',
  startsOn: '2016-04-01',
  endsOn: '2019-03-31',
  lines: [{ serviceId: 'jialing-vm', quantity: '10' }],
  ...changes,
});

const report = (changes: Partial<ReportTaskProgressInput> = {}): ReportTaskProgressInput => ({
  systemId: 'kai-county-system-2',
  vendorId: 'sample-jialing-cloud',
  status: 'IN_PROGRESS',
  percentComplete: 50,
  detail: 'County network re-cut.',
  nextUpdateDue: '2099-12-31',
  ...changes,
});

/** Kai County's second system as the seed has it: blocked at 30 percent while the county waits for its extension, reported by Jialing. */
const kaiCountyTask = {
  system: { id: 'kai-county-system-2' },
  status: 'BLOCKED',
  percentComplete: 30,
  detail: 'Blocked: The county is being reorganised into a district.',
  nextUpdateDue: '2016-05-08',
};

/**
 * A system the Yuzhong District's officer registers, assesses and has select a provider today, in the real
 * units subgraph (which asks this vendors subgraph whether the provider sells the service): the provider
 * has reported nothing on it yet. Every system the seed has select a provider carries its report already.
 */
/** A new system of Yuzhong District that selected a provider in the real units subgraph; its version. */
async function newlySelected(id: string, vendorId: string, serviceId: string): Promise<number> {
  const units = vendors.peers.units;
  const officer = officerOf('yuzhong-district');
  const run = async (operation: string, input: Record<string, unknown>) => {
    const result = await execute(units, parse(operation), { input }, officer);
    return Object.values(dataOf(result) as Record<string, { version: number }>)[0]?.version ?? 0;
  };
  let version = await run(`mutation CommandCreateSystem($input: CreateSystemInput!) { createSystem(input: $input) { version } }`, {
    id,
    unitId: 'yuzhong-district',
    name: 'Newly selected system',
    officialName: '新选定服务商的系统',
    classification: 'NON_CLASSIFIED',
    businessType: 'GOVERNMENT_SERVICE',
    hosting: 'OWN_MACHINE_ROOM',
  });
  version = await run(`mutation CommandAssessSystem($input: AssessSystemInput!) { assessSystem(input: $input) { version } }`, {
    systemId: id,
    expectedVersion: version,
    readiness: 'READY',
    strategy: 'REHOST',
    recommendedServiceModel: 'IAAS',
  });
  return await run(`mutation CommandSelectVendor($input: SelectVendorInput!) { selectVendor(input: $input) { version } }`, {
    systemId: id,
    expectedVersion: version,
    vendorId,
    cloudServiceIds: [serviceId],
    procurementMethod: 'PROCUREMENT_CATALOGUE',
    procurementReference: 'CQGP-2016-0001',
  });
}

describe('createCloudService', () => {
  const create = (input: CreateCloudServiceInput, viewer: Viewer = JIALING) => execute(vendors, CREATE_SERVICE, { input }, viewer);

  it('refuses a negative price (NEGATIVE_PRICE)', async () => {
    refused(
      await create(newService({ id: 'cmd-negative', unitPriceCny: '-0.01' })),
      'NEGATIVE_PRICE',
      /unitPriceCny must not be negative; got -0\.01/,
      'unitPriceCny',
    );
    expect(await service('cmd-negative')).toBeNull();
  });

  it('refuses a provider that does not exist (UNKNOWN_REFERENCE)', async () => {
    // A token may name a provider the catalogue does not know (yet); the entry still needs its provider.
    refused(
      await create(newService({ id: 'cmd-orphan', vendorId: 'cmd-no-such-vendor' }), vendorStaff('cmd-no-such-vendor')),
      'UNKNOWN_REFERENCE',
      /There is no provider cmd-no-such-vendor\./,
      'vendorId',
    );
    expect(await service('cmd-orphan')).toBeNull();
  });

  it('refuses an id that is not lower-case letters, digits and hyphens (BAD_USER_INPUT)', async () => {
    refused(
      await create(newService({ id: 'Cmd GPU' })),
      'BAD_USER_INPUT',
      /id must be 2 to 80 lower-case letters, digits and hyphens/,
      'id',
    );
    expect(await service('Cmd GPU')).toBeNull();
  });

  it('refuses an id that exists already, by the unique constraint (ALREADY_EXISTS)', async () => {
    const before = await service('jialing-vm');
    expect(before).toMatchObject({ name: 'Elastic compute', vendor: { id: 'sample-jialing-cloud' }, unitPriceCny: '105.00' });
    refused(
      await create(newService({ id: 'jialing-vm', vendorId: 'chongqing-cloud-investment', unitPriceCny: '1.00' }), CCI),
      'ALREADY_EXISTS',
      /That record already exists: \(id\)=\(jialing-vm\)/,
    );
    expect(await service('jialing-vm')).toEqual(before);
  });

  it('refuses a caller without identity (UNAUTHENTICATED)', async () => {
    // No viewer: the gateway signs the request as anonymous.
    const anonymous = await execute(vendors, CREATE_SERVICE, { input: newService({ id: 'cmd-anonymous' }) });
    refused(anonymous, 'UNAUTHENTICATED', /Mutation\.createCloudService needs a signed-in caller/);
    expect(await service('cmd-anonymous')).toBeNull();
  });

  it('refuses another role than a provider (FORBIDDEN, naming the role)', async () => {
    refused(
      await execute(vendors, CREATE_SERVICE, { input: newService({ id: 'cmd-by-office' }) }, OFFICE),
      'FORBIDDEN',
      /Refused for the joint-conference role: Mutation\.createCloudService is only for vendor\./,
    );
    expect(await service('cmd-by-office')).toBeNull();
  });

  it("refuses an entry in another provider's catalogue (FORBIDDEN)", async () => {
    refused(
      await execute(
        vendors,
        CREATE_SERVICE,
        { input: newService({ id: 'cmd-for-shancheng', vendorId: 'sample-shancheng-data' }) },
        JIALING,
      ),
      'FORBIDDEN',
      /Refused for the vendor role of vendor sample-jialing-cloud: a provider changes only its own catalogue, contracts and task reports; the new catalogue entry cmd-for-shancheng would be sample-shancheng-data's\./,
    );
    expect(await service('cmd-for-shancheng')).toBeNull();
  });

  it("adds an entry to the provider's catalogue", async () => {
    const created = dataOf(await create(newService())).createCloudService;
    expect(created).toEqual({
      id: 'cmd-jialing-gpu',
      name: 'GPU compute',
      officialName: 'GPU 计算',
      vendor: { id: 'sample-jialing-cloud' },
      serviceModel: 'IAAS',
      category: 'compute',
      unitOfSale: 'GPU-month',
      unitPriceCny: '2999.99',
      inProcurementCatalogue: false,
      meetsPurchaseStandards: true,
      isSample: false,
    });
    expect(await service('cmd-jialing-gpu')).toEqual({
      id: 'cmd-jialing-gpu',
      name: 'GPU compute',
      vendor: { id: 'sample-jialing-cloud' },
      unitPriceCny: '2999.99',
      inProcurementCatalogue: false,
      meetsPurchaseStandards: true,
    });
  });
});

describe('updateCloudService', () => {
  const update = (input: UpdateCloudServiceInput, viewer: Viewer = SHANCHENG) => execute(vendors, UPDATE_SERVICE, { input }, viewer);

  it('refuses an entry that does not exist (NOT_FOUND)', async () => {
    refused(
      await update({ id: 'cmd-no-such-service', unitPriceCny: '10.00' }),
      'NOT_FOUND',
      /Catalogue entry cmd-no-such-service does not exist\./,
    );
    expect(await service('cmd-no-such-service')).toBeNull();
  });

  it('refuses a negative price and leaves the entry as it was (NEGATIVE_PRICE)', async () => {
    const before = await service('shancheng-rds');
    expect(before).toMatchObject({ unitPriceCny: '1800.00', meetsPurchaseStandards: true });
    refused(
      await update({ id: 'shancheng-rds', unitPriceCny: '-10.00', meetsPurchaseStandards: false }),
      'NEGATIVE_PRICE',
      /unitPriceCny must not be negative; got -10\.00/,
      'unitPriceCny',
    );
    expect(await service('shancheng-rds')).toEqual(before);
  });

  it("refuses a provider changing another provider's entry, and leaves it as it was (FORBIDDEN)", async () => {
    const before = await service('shancheng-rds');
    refused(
      await update({ id: 'shancheng-rds', unitPriceCny: '1.00', inProcurementCatalogue: false }, JIALING),
      'FORBIDDEN',
      /Refused for the vendor role of vendor sample-jialing-cloud: .*catalogue entry shancheng-rds is sample-shancheng-data's\./,
    );
    expect(await service('shancheng-rds')).toEqual(before);
  });

  it('refuses another role than a provider (FORBIDDEN, naming the role)', async () => {
    refused(await update({ id: 'shancheng-rds', unitPriceCny: '1.00' }, FINANCE), 'FORBIDDEN', /Refused for the finance role: /);
    refused(await update({ id: 'shancheng-rds', unitPriceCny: '1.00' }, ANONYMOUS), 'UNAUTHENTICATED', /needs a signed-in caller/);
    expect(await service('shancheng-rds')).toMatchObject({ unitPriceCny: '1800.00' });
  });

  it("changes the provider's own entry; fields left out stay as they are", async () => {
    expect(dataOf(await update({ id: 'shancheng-middleware', unitPriceCny: '610.00' })).updateCloudService).toEqual({
      id: 'shancheng-middleware',
      unitPriceCny: '610.00',
    });
    expect(await service('shancheng-middleware')).toMatchObject({ unitPriceCny: '610.00', vendor: { id: 'sample-shancheng-data' } });
  });
});

describe('createContract', () => {
  const create = (input: CreateContractInput, viewer: Viewer = JIALING) => execute(vendors, CREATE_CONTRACT, { input }, viewer);

  it('refuses a term that ends before it starts (INVALID_RANGE)', async () => {
    refused(
      await create(newContract({ id: 'cmd-contract-reversed', startsOn: '2020-01-01', endsOn: '2019-12-31' })),
      'INVALID_RANGE',
      /A contract cannot end \(2019-12-31\) before it starts \(2020-01-01\)/,
      'endsOn',
    );
    expect(await contract('cmd-contract-reversed')).toBeNull();
  });

  it('refuses a line of a service that does not exist (UNKNOWN_REFERENCE)', async () => {
    refused(
      await create(
        newContract({
          id: 'cmd-contract-unknown-service',
          lines: [
            { serviceId: 'jialing-vm', quantity: '1' },
            { serviceId: 'cmd-no-such-service', quantity: '1' },
          ],
        }),
      ),
      'UNKNOWN_REFERENCE',
      /There is no catalogue service cmd-no-such-service\./,
      'lines.serviceId',
    );
    expect(await contract('cmd-contract-unknown-service')).toBeNull();
  });

  it("refuses a line of a service of another provider than the contract's (UNKNOWN_REFERENCE)", async () => {
    refused(
      await create(
        newContract({
          id: 'cmd-contract-other-provider',
          lines: [
            { serviceId: 'jialing-vm', quantity: '1' },
            { serviceId: 'cci-gov-vm', quantity: '1' },
          ],
        }),
      ),
      'UNKNOWN_REFERENCE',
      /Service cci-gov-vm is sold by chongqing-cloud-investment, not by the contract's provider sample-jialing-cloud\./,
      'lines.serviceId',
    );
    expect(await contract('cmd-contract-other-provider')).toBeNull();
  });

  it('refuses a line of zero quantity (BAD_USER_INPUT)', async () => {
    refused(
      await create(
        newContract({
          id: 'cmd-contract-zero',
          lines: [
            { serviceId: 'jialing-vm', quantity: '1' },
            { serviceId: 'jialing-backup', quantity: '0.0000' },
          ],
        }),
      ),
      'BAD_USER_INPUT',
      /quantity must be more than zero; got 0\.0000/,
      'lines.quantity',
    );
    expect(await contract('cmd-contract-zero')).toBeNull();
  });

  it('refuses a contract without lines (BAD_USER_INPUT)', async () => {
    refused(
      await create(newContract({ id: 'cmd-contract-empty', lines: [] })),
      'BAD_USER_INPUT',
      /A contract needs at least one line\./,
      'lines',
    );
    expect(await contract('cmd-contract-empty')).toBeNull();
  });

  it('prices each line exactly: quantity × unit price, rounded to the fen', async () => {
    const created = dataOf(
      await create(
        newContract({
          id: 'cmd-contract-priced',
          lines: [
            // 1.015 × 105.00 = 106.575 exactly, which rounds to 106.58 (floating point would give 106.57).
            { serviceId: 'jialing-vm', quantity: '1.015', systemId: 'yuzhong-district-system-1' },
            { serviceId: 'jialing-backup', quantity: '2.5' },
          ],
        }),
      ),
    ).createContract;
    expect(created).toEqual({
      id: 'cmd-contract-priced',
      status: 'SIGNED',
      unit: { id: 'yuzhong-district' },
      vendor: { id: 'sample-jialing-cloud' },
      startsOn: '2016-04-01',
      endsOn: '2019-03-31',
      monthlyAmountCny: '756.58',
      isSample: false,
      lines: [
        { service: { id: 'jialing-vm' }, system: { id: 'yuzhong-district-system-1' }, quantity: '1.0150', monthlyAmountCny: '106.58' },
        { service: { id: 'jialing-backup' }, system: null, quantity: '2.5000', monthlyAmountCny: '650.00' },
      ],
    });
    expect(await contract('cmd-contract-priced')).toEqual({ id: 'cmd-contract-priced', status: 'SIGNED', monthlyAmountCny: '756.58' });
  });

  it("NOT_SELECTED_PROVIDER: a system's cloud services are bought from the provider it selected (§3.2, asked of units)", async () => {
    // yuzhong-district-system-2 selected Chongqing Cloud Investment, not Jialing Cloud.
    refused(
      await create(
        newContract({
          id: 'cmd-contract-not-selected',
          lines: [{ serviceId: 'jialing-vm', quantity: '1', systemId: 'yuzhong-district-system-2' }],
        }),
      ),
      'NOT_SELECTED_PROVIDER',
      /^§3\.2: yuzhong-district-system-2 selected chongqing-cloud-investment; its cloud services are bought from that provider, not from sample-jialing-cloud\.$/,
      'lines.systemId',
    );
    expect(await contract('cmd-contract-not-selected')).toBeNull();
  });

  it('refuses a unit the units subgraph does not know (UNKNOWN_REFERENCE)', async () => {
    refused(
      await create(newContract({ id: 'cmd-contract-no-unit', unitId: 'cmd-no-such-unit' })),
      'UNKNOWN_REFERENCE',
      /^There is no unit cmd-no-such-unit\.$/,
      'unitId',
    );
    expect(await contract('cmd-contract-no-unit')).toBeNull();
  });

  it('refuses a line naming a system the units subgraph does not know (UNKNOWN_REFERENCE)', async () => {
    refused(
      await create(
        newContract({
          id: 'cmd-contract-no-system',
          lines: [
            { serviceId: 'jialing-vm', quantity: '1', systemId: 'yuzhong-district-system-1' },
            { serviceId: 'jialing-backup', quantity: '1', systemId: 'yuzhong-district-system-9' },
          ],
        }),
      ),
      'UNKNOWN_REFERENCE',
      /^There is no information system yuzhong-district-system-9\.$/,
      'lines.systemId',
    );
    expect(await contract('cmd-contract-no-system')).toBeNull();
  });

  it("refuses a line naming another unit's system (UNKNOWN_REFERENCE)", async () => {
    refused(
      await create(
        newContract({
          id: 'cmd-contract-other-unit',
          lines: [{ serviceId: 'jialing-vm', quantity: '1', systemId: 'nanan-district-system-1' }],
        }),
      ),
      'UNKNOWN_REFERENCE',
      /^System nanan-district-system-1 is unit nanan-district's, not the contract's unit yuzhong-district's\.$/,
      'lines.systemId',
    );
    expect(await contract('cmd-contract-other-unit')).toBeNull();
  });

  it('refuses a line for a classified system: it is never migrated, so nothing is bought for it (CLASSIFIED_SYSTEM_EXEMPT, §1)', async () => {
    refused(
      await create(
        newContract({
          id: 'cmd-contract-classified',
          unitId: 'general-office',
          lines: [
            { serviceId: 'jialing-vm', quantity: '4', systemId: 'general-office-system-2' },
            { serviceId: 'jialing-backup', quantity: '1', systemId: 'general-office-system-4' },
          ],
        }),
      ),
      'CLASSIFIED_SYSTEM_EXEMPT',
      /^§1: general-office-system-4 is classified; classified systems are exempt and never migrated, so no cloud service is bought for it\.$/,
      'lines.systemId',
    );
    expect(await contract('cmd-contract-classified')).toBeNull();
  });

  it("records a contract for the unit's own non-classified systems, asking units twice however many lines", async () => {
    const asked = unitsAsked();
    const created = dataOf(
      await create(
        newContract({
          id: 'cmd-contract-general-office',
          unitId: 'general-office',
          lines: [
            { serviceId: 'jialing-vm', quantity: '4', systemId: 'general-office-system-2' },
            { serviceId: 'jialing-vm', quantity: '2', systemId: 'general-office-system-3' },
            { serviceId: 'jialing-backup', quantity: '1', systemId: 'general-office-system-2' },
            { serviceId: 'jialing-backup', quantity: '1' },
          ],
        }),
      ),
    ).createContract;
    // Once whether the unit exists, once what its systems are (one batch).
    expect(unitsAsked() - asked).toBe(2);
    expect(created).toMatchObject({
      id: 'cmd-contract-general-office',
      status: 'SIGNED',
      unit: { id: 'general-office' },
      lines: [
        { system: { id: 'general-office-system-2' } },
        { system: { id: 'general-office-system-3' } },
        { system: { id: 'general-office-system-2' } },
        { system: null },
      ],
    });
    expect(await contract('cmd-contract-general-office')).toMatchObject({ status: 'SIGNED' });
  });

  it('refuses a contract in the name of another provider (FORBIDDEN)', async () => {
    refused(
      await create(newContract({ id: 'cmd-contract-as-jialing' }), SHANCHENG),
      'FORBIDDEN',
      /Refused for the vendor role of vendor sample-shancheng-data: .*the new contract cmd-contract-as-jialing would be sample-jialing-cloud's\./,
    );
    expect(await contract('cmd-contract-as-jialing')).toBeNull();
  });

  it("refuses a unit's officer: providers record contracts (FORBIDDEN, naming the role)", async () => {
    refused(
      await create(newContract({ id: 'cmd-contract-by-unit' }), officerOf('yuzhong-district')),
      'FORBIDDEN',
      /Refused for the unit-officer role of unit yuzhong-district: Mutation\.createContract is only for vendor\./,
    );
    expect(await contract('cmd-contract-by-unit')).toBeNull();
  });
});

describe('setContractStatus', () => {
  const setStatus = (id: string, status: ContractStatus, viewer: Viewer = JIALING) =>
    execute(vendors, SET_STATUS, { input: { id, status } }, viewer);
  /** A new contract of the provider's, SIGNED as every contract starts. */
  async function signed(id: string) {
    const created = dataOf(await execute(vendors, CREATE_CONTRACT, { input: newContract({ id }) }, JIALING)).createContract;
    expect(created.status).toBe('SIGNED');
  }

  it('refuses to skip a step: SIGNED → ENDED (STATUS_OUT_OF_ORDER)', async () => {
    await signed('cmd-contract-skip');
    refused(
      await setStatus('cmd-contract-skip', 'ENDED'),
      'STATUS_OUT_OF_ORDER',
      /SIGNED → ACTIVE → ENDED: contract cmd-contract-skip is SIGNED, so it cannot become ENDED\./,
    );
    expect(await contract('cmd-contract-skip')).toMatchObject({ status: 'SIGNED' });
  });

  it('refuses a contract that does not exist (NOT_FOUND)', async () => {
    refused(await setStatus('cmd-no-such-contract', 'ACTIVE'), 'NOT_FOUND', /Contract cmd-no-such-contract does not exist\./);
    expect(await contract('cmd-no-such-contract')).toBeNull();
  });

  it('moves a contract SIGNED → ACTIVE → ENDED, one step at a time', async () => {
    await signed('cmd-contract-steps');
    expect(dataOf(await setStatus('cmd-contract-steps', 'ACTIVE')).setContractStatus).toEqual({
      id: 'cmd-contract-steps',
      status: 'ACTIVE',
    });
    expect(dataOf(await setStatus('cmd-contract-steps', 'ENDED')).setContractStatus).toEqual({ id: 'cmd-contract-steps', status: 'ENDED' });
    expect(await contract('cmd-contract-steps')).toMatchObject({ status: 'ENDED' });
  });

  it("refuses a provider moving another provider's contract, and leaves it as it was (FORBIDDEN)", async () => {
    await signed('cmd-contract-not-yours');
    refused(
      await setStatus('cmd-contract-not-yours', 'ACTIVE', YANGTZE),
      'FORBIDDEN',
      /Refused for the vendor role of vendor sample-yangtze-cloud: .*contract cmd-contract-not-yours is another provider's\./,
    );
    expect(await contract('cmd-contract-not-yours')).toMatchObject({ status: 'SIGNED' });
  });

  it('refuses another role than a provider (FORBIDDEN, naming the role)', async () => {
    // Kai County's contract with Jialing is signed; none of its systems has moved yet.
    refused(await setStatus('contract-kai-county-jialing', 'ACTIVE', OFFICE), 'FORBIDDEN', /Refused for the joint-conference role: /);
    expect(await contract('contract-kai-county-jialing')).toMatchObject({ status: 'SIGNED' });
  });
});

describe('reportTaskProgress', () => {
  const send = (input: ReportTaskProgressInput, viewer: Viewer = JIALING) => execute(vendors, REPORT, { input }, viewer);

  it("refuses a report on another provider's task (TASK_OF_ANOTHER_VENDOR)", async () => {
    refused(
      await send(report({ vendorId: 'sample-yangtze-cloud', status: 'DONE', percentComplete: 100 }), YANGTZE),
      'TASK_OF_ANOTHER_VENDOR',
      /The migration of kai-county-system-2 is reported by sample-jialing-cloud, not sample-yangtze-cloud\./,
    );
    expect(await taskOf('sample-jialing-cloud', 'kai-county-system-2')).toMatchObject(kaiCountyTask);
    expect(await taskOf('sample-yangtze-cloud', 'kai-county-system-2')).toBeUndefined();
  });

  it('refuses a percentage out of 0 to 100 (BAD_USER_INPUT)', async () => {
    for (const percentComplete of [101, -1]) {
      refused(
        await send(report({ percentComplete })),
        'BAD_USER_INPUT',
        /percentComplete must be a whole number from 0 to 100\./,
        'percentComplete',
      );
    }
    expect(await taskOf('sample-jialing-cloud', 'kai-county-system-2')).toMatchObject(kaiCountyTask);
  });

  it('refuses DONE without 100 percent (BAD_USER_INPUT)', async () => {
    refused(
      await send(report({ status: 'DONE', percentComplete: 90 })),
      'BAD_USER_INPUT',
      /A task is DONE exactly when it is 100 percent complete\./,
      'percentComplete',
    );
    expect(await taskOf('sample-jialing-cloud', 'kai-county-system-2')).toMatchObject(kaiCountyTask);
  });

  it('refuses a next report due in the past (BAD_USER_INPUT)', async () => {
    refused(
      await send(report({ nextUpdateDue: '2016-01-01' })),
      'BAD_USER_INPUT',
      /nextUpdateDue must not be in the past \(Asia\/Shanghai\)\./,
      'nextUpdateDue',
    );
    expect(await taskOf('sample-jialing-cloud', 'kai-county-system-2')).toMatchObject(kaiCountyTask);
  });

  it("takes a provider's first report on a system that selected it, and its next report on the same task", async () => {
    await newlySelected('cmd-newly-selected', 'sample-jialing-cloud', 'jialing-vm');
    expect(await taskOf('sample-jialing-cloud', 'cmd-newly-selected')).toBeUndefined();
    const first = dataOf(
      await send(report({ systemId: 'cmd-newly-selected', status: 'IN_PROGRESS', percentComplete: 40, detail: '  Data copied.  ' })),
    ).reportTaskProgress;
    expect(first).toMatchObject({
      system: { id: 'cmd-newly-selected' },
      vendor: { id: 'sample-jialing-cloud' },
      status: 'IN_PROGRESS',
      percentComplete: 40,
      detail: 'Data copied.',
      nextUpdateDue: '2099-12-31',
      isStale: false,
    });
    expect(Date.parse(first.updatedAt)).not.toBeNaN();
    const done = dataOf(
      await send(report({ systemId: 'cmd-newly-selected', status: 'DONE', percentComplete: 100, detail: 'Cut over.' })),
    ).reportTaskProgress;
    expect(done).toMatchObject({ id: first.id, status: 'DONE', percentComplete: 100, detail: 'Cut over.' });
    expect(await taskOf('sample-jialing-cloud', 'cmd-newly-selected')).toEqual({
      id: first.id,
      system: { id: 'cmd-newly-selected' },
      status: 'DONE',
      percentComplete: 100,
      detail: 'Cut over.',
      nextUpdateDue: '2099-12-31',
    });
  });

  it('passes a task to the provider a system selected instead (units: changeProvider); the one it left reports no more (§3.2, §3.4)', async () => {
    const version = await newlySelected('cmd-provider-changed', 'sample-jialing-cloud', 'jialing-vm');
    const first = dataOf(await send(report({ systemId: 'cmd-provider-changed', detail: 'Started.' }))).reportTaskProgress;
    const change = {
      systemId: 'cmd-provider-changed',
      expectedVersion: version,
      vendorId: 'sample-yangtze-cloud',
      cloudServiceIds: ['yangtze-hosting'],
      procurementMethod: 'PROCUREMENT_CATALOGUE',
      procurementReference: 'CQGP-2016-0002',
      reason: 'Jialing cannot host the legacy database.',
    };
    dataOf(
      await execute(
        vendors.peers.units,
        parse('mutation CommandChangeProvider($input: ChangeProviderInput!) { changeProvider(input: $input) { version } }'),
        { input: change },
        officerOf('yuzhong-district'),
      ),
    );
    refused(
      await send(report({ systemId: 'cmd-provider-changed', detail: 'Still going.' })),
      'TASK_OF_ANOTHER_VENDOR',
      /^§3\.2: cmd-provider-changed selected sample-yangtze-cloud instead of sample-jialing-cloud; its migration task is reported by the provider it selected\.$/,
    );
    const taken = dataOf(
      await send(report({ systemId: 'cmd-provider-changed', vendorId: 'sample-yangtze-cloud', detail: 'Taken over.' }), YANGTZE),
    ).reportTaskProgress;
    expect(taken).toMatchObject({ id: first.id, vendor: { id: 'sample-yangtze-cloud' }, detail: 'Taken over.' });
    expect(await taskOf('sample-jialing-cloud', 'cmd-provider-changed')).toBeUndefined();
  });

  it('refuses a report in the name of another provider (FORBIDDEN)', async () => {
    refused(
      await send(report({ vendorId: 'sample-yangtze-cloud', status: 'DONE', percentComplete: 100 })),
      'FORBIDDEN',
      /Refused for the vendor role of vendor sample-jialing-cloud: a provider changes only its own catalogue, contracts and task reports; the report names the provider sample-yangtze-cloud\./,
    );
    expect(await taskOf('sample-jialing-cloud', 'kai-county-system-2')).toMatchObject(kaiCountyTask);
  });

  it("refuses a first report on another provider's system: one that did not select it (FORBIDDEN)", async () => {
    // The new system selected Jialing (the units subgraph says so), which has not reported on it yet; Yangtze may not claim it.
    await newlySelected('cmd-selected-jialing', 'sample-jialing-cloud', 'jialing-vm');
    refused(
      await send(report({ systemId: 'cmd-selected-jialing', vendorId: 'sample-yangtze-cloud' }), YANGTZE),
      'FORBIDDEN',
      /a provider reports only on systems that selected it \(§3\.2\); system cmd-selected-jialing did not select sample-yangtze-cloud\./,
    );
    expect(await taskOf('sample-yangtze-cloud', 'cmd-selected-jialing')).toBeUndefined();
  });

  it('refuses a report on a classified system: it is never migrated (CLASSIFIED_SYSTEM_EXEMPT, §1)', async () => {
    // In the units seed, the only systems that selected no provider are the classified ones: §1 answers first.
    for (const systemId of ['general-office-system-4', 'nanan-district-system-4']) {
      refused(
        await send(report({ systemId })),
        'CLASSIFIED_SYSTEM_EXEMPT',
        new RegExp(
          `^§1: ${systemId} is classified; classified systems are exempt and never migrated, so no migration task is reported on it\\.$`,
        ),
        'systemId',
      );
      expect(await taskOf('sample-jialing-cloud', systemId)).toBeUndefined();
    }
  });

  it('asks units on every report, a next one too: once per report', async () => {
    const asked = unitsAsked();
    // Jialing's task on Wu Xi County's second system, still moving in the seed.
    const next = dataOf(await send(report({ systemId: 'wuxi-county-system-2', percentComplete: 80, detail: 'Re-cut half done.' })));
    expect(next.reportTaskProgress).toMatchObject({ system: { id: 'wuxi-county-system-2' }, percentComplete: 80 });
    expect(unitsAsked() - asked).toBe(1);
  });

  it('refuses a report on a system the units subgraph does not know (UNKNOWN_REFERENCE)', async () => {
    refused(
      await send(report({ systemId: 'cmd-no-such-system' })),
      'UNKNOWN_REFERENCE',
      /There is no information system cmd-no-such-system\./,
      'systemId',
    );
    expect(await taskOf('sample-jialing-cloud', 'cmd-no-such-system')).toBeUndefined();
  });

  it('refuses another role than a provider (FORBIDDEN, naming the role)', async () => {
    refused(
      await send(report(), CARRIER),
      'FORBIDDEN',
      /Refused for the carrier role of carrier china-telecom-chongqing: Mutation\.reportTaskProgress is only for vendor\./,
    );
    refused(await send(report(), officerOf('kai-county')), 'FORBIDDEN', /Refused for the unit-officer role of unit kai-county: /);
    expect(await taskOf('sample-jialing-cloud', 'kai-county-system-2')).toMatchObject(kaiCountyTask);
  });
});

describe('when the units subgraph cannot be asked', () => {
  // One vendors subgraph with no units peer configured, one whose units peer has stopped: every change
  // that needs units is refused (SUBGRAPH_UNAVAILABLE), and nothing is written unchecked.
  let alone: TestSubgraph<Context>;
  let stranded: TestSubgraph<Context>;
  beforeAll(async () => {
    alone = await startTestSubgraph('vendors', createVendorsSubgraph);
    const gone = await serveTestSubgraph('units', createUnitsSubgraph);
    await gone.stop();
    stranded = await startTestSubgraph('vendors', (options) => createVendorsSubgraph({ ...options, peers: { units: gone.listening.url } }));
  });
  afterAll(async () => {
    await alone?.stop();
    await stranded?.stop();
  });

  const cases = () =>
    [
      ['not configured', alone, /^The units subgraph could not be asked \(UNITS_URL is not configured\)/],
      ['stopped', stranded, /^The units subgraph could not be asked \(no connection\)/],
    ] as const;

  it('refuses a contract, even one naming no system: whether its unit exists is unchecked', async () => {
    for (const [why, subgraph, message] of cases()) {
      const id = `cmd-contract-unasked-${why.replace(' ', '-')}`;
      refused(await execute(subgraph, CREATE_CONTRACT, { input: newContract({ id }) }, JIALING), 'SUBGRAPH_UNAVAILABLE', message);
      const withSystem = newContract({ id, lines: [{ serviceId: 'jialing-vm', quantity: '1', systemId: 'yuzhong-district-system-2' }] });
      refused(await execute(subgraph, CREATE_CONTRACT, { input: withSystem }, JIALING), 'SUBGRAPH_UNAVAILABLE', message);
      expect(await contract(id, subgraph)).toBeNull();
    }
  });

  it('refuses a task report, a first one or a next one: whether the system is classified is unchecked', async () => {
    for (const [, subgraph, message] of cases()) {
      const next = report({ status: 'IN_PROGRESS', percentComplete: 90 });
      refused(await execute(subgraph, REPORT, { input: next }, JIALING), 'SUBGRAPH_UNAVAILABLE', message);
      expect(await taskOf('sample-jialing-cloud', 'kai-county-system-2', subgraph)).toMatchObject(kaiCountyTask);
      // Jialing reports nothing on Banan's first system (Shancheng Data's): this would be its first report.
      const first = report({ systemId: 'banan-district-system-1' });
      refused(await execute(subgraph, REPORT, { input: first }, JIALING), 'SUBGRAPH_UNAVAILABLE', message);
      expect(await taskOf('sample-jialing-cloud', 'banan-district-system-1', subgraph)).toBeUndefined();
    }
  });
});

const AUDIT = graphql(
  `query VendorsAuditLog($filter: AuditFilter, $first: Int) { _entities(representations: [{ __typename: "AuditLog", id: "programme" }]) { ... on AuditLog { id vendors(filter: $filter, first: $first) { totalCount edges { cursor node { id subgraph at actor role tenant operation arguments outcome code message subject } } pageInfo { hasNextPage endCursor } } } } }`,
);

/** The vendors part of the audit log, as the viewer asks for it. */
const auditLog = (viewer: Viewer, filter?: AuditFilter) => execute(vendors, AUDIT, { first: 100, filter }, viewer);

describe('the audit log', () => {
  it('holds every change asked for, allowed or refused, with who, in which role, what and why', async () => {
    // One allowed change and one refused, by their own callers so that they can be found again.
    const allowed = dataOf(
      await execute(vendors, UPDATE_SERVICE, { input: { id: 'yangtze-oa', unitPriceCny: '26.00' } }, { ...YANGTZE, id: 'audit-yangtze' }),
    );
    expect(allowed.updateCloudService).toEqual({ id: 'yangtze-oa', unitPriceCny: '26.00' });
    refused(
      await execute(vendors, UPDATE_SERVICE, { input: { id: 'yangtze-oa', unitPriceCny: '1.00' } }, { ...JIALING, id: 'audit-jialing' }),
      'FORBIDDEN',
      /catalogue entry yangtze-oa is sample-yangtze-cloud's/,
    );
    const entries = async (actor: string) => {
      const [log] = dataOf(await auditLog(OFFICE, { actor }))._entities;
      expect(log).toMatchObject({ id: 'programme' });
      return present(present(log && 'vendors' in log ? log.vendors : null, 'the vendors audit log').edges, 'edges').map((e) => e.node);
    };
    const [made] = await entries('audit-yangtze');
    expect(made).toMatchObject({
      subgraph: 'vendors',
      actor: 'audit-yangtze',
      role: 'vendor',
      tenant: 'vendor:sample-yangtze-cloud',
      operation: 'updateCloudService',
      outcome: 'ALLOWED',
      code: null,
      message: null,
      subject: 'yangtze-oa',
    });
    expect(JSON.parse(present(made, 'the allowed entry').arguments)).toEqual({ input: { id: 'yangtze-oa', unitPriceCny: '26.00' } });
    expect(made?.id).toMatch(/^vendors-\d+$/);
    expect(Date.parse(made?.at ?? '')).not.toBeNaN();
    const [refusal] = await entries('audit-jialing');
    expect(refusal).toMatchObject({
      actor: 'audit-jialing',
      role: 'vendor',
      tenant: 'vendor:sample-jialing-cloud',
      operation: 'updateCloudService',
      outcome: 'REFUSED',
      code: 'FORBIDDEN',
      subject: null,
    });
    expect(refusal?.message).toMatch(/catalogue entry yangtze-oa is sample-yangtze-cloud's/);
    // The refused change changed nothing.
    expect(await service('yangtze-oa')).toMatchObject({ unitPriceCny: '26.00' });
  });

  it('filters by outcome and operation, newest first', async () => {
    const [log] = dataOf(await auditLog(OFFICE, { outcome: 'REFUSED', operation: 'createContract' }))._entities;
    const page = present(log && 'vendors' in log ? log.vendors : null, 'the vendors audit log');
    expect(page.totalCount).toBeGreaterThan(0);
    expect(page.edges.every((e) => e.node.outcome === 'REFUSED' && e.node.operation === 'createContract')).toBe(true);
    const ids = page.edges.map((e) => Number(e.node.id.replace('vendors-', '')));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('is read by the joint-conference office only', async () => {
    for (const viewer of [JIALING, FINANCE, ANALYST, PARK_OPERATOR, officerOf('nanan-district')]) {
      const result = await auditLog(viewer);
      expect(result.data?._entities).toEqual([{ id: 'programme', vendors: null }]);
      expect(errorOf(result)).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining(`Refused for the ${viewer.role} role`) });
    }
    const anonymous = await auditLog(ANONYMOUS);
    expect(anonymous.data?._entities).toEqual([{ id: 'programme', vendors: null }]);
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
  });

  it('refuses to change or remove an entry, in the database itself', async () => {
    const { db } = vendors.database;
    const before = dataOf(await auditLog(OFFICE))._entities;
    await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(db.execute(sql`update audit_log set outcome = 'ALLOWED', code = null, message = null`)).rejects.toThrow();
    expect(dataOf(await auditLog(OFFICE))._entities).toEqual(before);
  });
});
