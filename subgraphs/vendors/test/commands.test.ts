/**
 * The vendors subgraph's mutations and the rules they enforce (src/domain/rules.ts, commands.ts), run
 * in-process on the subgraph alone: each refusal carries the rule's code and says why, and changes nothing.
 */
import { at, dataOf, errorOf, execute, present, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import {
  type ContractStatus,
  type CreateCloudServiceInput,
  type CreateContractInput,
  graphql,
  type ReportTaskProgressInput,
  type UpdateCloudServiceInput,
} from './generated/graphql.ts';

let vendors: TestSubgraph<Context>;
beforeAll(async () => {
  vendors = await startTestSubgraph('vendors', createVendorsSubgraph);
});
afterAll(async () => vendors?.stop());

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

const service = async (id: string) => dataOf(await execute(vendors, SERVICE, { id })).cloudService;
const contract = async (id: string) => dataOf(await execute(vendors, CONTRACT, { id })).contract;
/** The task a provider reports for a system, as it stands; undefined when the provider reports none. */
const taskOf = async (vendorId: string, systemId: string) =>
  present(dataOf(await execute(vendors, TASKS, { id: vendorId })).vendor, `provider ${vendorId}`).migrationTasks.find(
    (t) => t.system.id === systemId,
  );

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

/** Kai County's second system as the seed has it: blocked at 30 percent, reported by Jialing. */
const kaiCountyTask = {
  system: { id: 'kai-county-system-2' },
  status: 'BLOCKED',
  percentComplete: 30,
  detail: 'Blocked by the reorganisation of the county.',
  nextUpdateDue: '2016-07-05',
};

describe('createCloudService', () => {
  const create = (input: CreateCloudServiceInput) => execute(vendors, CREATE_SERVICE, { input }, 'jialing-sales');

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
    refused(
      await create(newService({ id: 'cmd-orphan', vendorId: 'cmd-no-such-vendor' })),
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
      await create(newService({ id: 'jialing-vm', vendorId: 'chongqing-cloud-investment', unitPriceCny: '1.00' })),
      'ALREADY_EXISTS',
      /That record already exists: \(id\)=\(jialing-vm\)/,
    );
    expect(await service('jialing-vm')).toEqual(before);
  });

  it('refuses a caller without identity (UNAUTHENTICATED)', async () => {
    // No actor: the request carries no x-dev-actor header.
    const anonymous = await execute(vendors, CREATE_SERVICE, { input: newService({ id: 'cmd-anonymous' }) });
    refused(anonymous, 'UNAUTHENTICATED', /Changes need the caller's identity: send the x-dev-actor header/);
    expect(await service('cmd-anonymous')).toBeNull();
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
  const update = (input: UpdateCloudServiceInput) => execute(vendors, UPDATE_SERVICE, { input }, 'shancheng-sales');

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
});

describe('createContract', () => {
  const create = (input: CreateContractInput) => execute(vendors, CREATE_CONTRACT, { input }, 'jialing-sales');

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
            { serviceId: 'jialing-vm', quantity: '1.015', systemId: 'yuzhong-district-system-2' },
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
        { service: { id: 'jialing-vm' }, system: { id: 'yuzhong-district-system-2' }, quantity: '1.0150', monthlyAmountCny: '106.58' },
        { service: { id: 'jialing-backup' }, system: null, quantity: '2.5000', monthlyAmountCny: '650.00' },
      ],
    });
    expect(await contract('cmd-contract-priced')).toEqual({ id: 'cmd-contract-priced', status: 'SIGNED', monthlyAmountCny: '756.58' });
  });
});

describe('setContractStatus', () => {
  const setStatus = (id: string, status: ContractStatus) => execute(vendors, SET_STATUS, { input: { id, status } }, 'jialing-sales');
  /** A new contract of the provider's, SIGNED as every contract starts. */
  async function signed(id: string) {
    const created = dataOf(await execute(vendors, CREATE_CONTRACT, { input: newContract({ id }) }, 'jialing-sales')).createContract;
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
});

describe('reportTaskProgress', () => {
  const send = (input: ReportTaskProgressInput) => execute(vendors, REPORT, { input }, 'jialing-engineer');

  it("refuses a report on another provider's task (TASK_OF_ANOTHER_VENDOR)", async () => {
    refused(
      await send(report({ vendorId: 'sample-yangtze-cloud', status: 'DONE', percentComplete: 100 })),
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

  it("takes a provider's report on its own task, and its next report on the same task", async () => {
    const first = dataOf(
      await send(report({ systemId: 'cmd-system', status: 'IN_PROGRESS', percentComplete: 40, detail: '  Data copied.  ' })),
    ).reportTaskProgress;
    expect(first).toMatchObject({
      system: { id: 'cmd-system' },
      vendor: { id: 'sample-jialing-cloud' },
      status: 'IN_PROGRESS',
      percentComplete: 40,
      detail: 'Data copied.',
      nextUpdateDue: '2099-12-31',
      isStale: false,
    });
    expect(Date.parse(first.updatedAt)).not.toBeNaN();
    const done = dataOf(
      await send(report({ systemId: 'cmd-system', status: 'DONE', percentComplete: 100, detail: 'Cut over.' })),
    ).reportTaskProgress;
    expect(done).toMatchObject({ id: first.id, status: 'DONE', percentComplete: 100, detail: 'Cut over.' });
    expect(await taskOf('sample-jialing-cloud', 'cmd-system')).toEqual({
      id: first.id,
      system: { id: 'cmd-system' },
      status: 'DONE',
      percentComplete: 100,
      detail: 'Cut over.',
      nextUpdateDue: '2099-12-31',
    });
  });
});
