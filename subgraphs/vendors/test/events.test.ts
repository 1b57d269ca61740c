/**
 * The vendors subgraph's events (src/domain/events.ts): every mutation, run once by the provider it is
 * about, adds exactly one event to its outbox, the next seq of the log, of its kind and naming the provider
 * and, where it knows them, the unit and the system (a task report's unit as the real units subgraph says);
 * a refused change adds none.
 */
import { type AskingTestSubgraph, execute, startTestSubgraphAsking } from '@cq/kit/testing';
import { watchOutbox } from '@cq/kit/testing-outbox';
import { createUnitsSubgraph } from '@cq/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { events } from '../src/domain/events.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';
import { JIALING } from './viewers.ts';

let vendors: AskingTestSubgraph<Context, 'units'>;
beforeAll(async () => {
  vendors = await startTestSubgraphAsking('vendors', createVendorsSubgraph, { units: createUnitsSubgraph });
});
afterAll(async () => vendors?.stop());

const { ran, told, refused } = watchOutbox(() => vendors);

const CREATE_SERVICE = graphql(
  `mutation EventsCreateService($input: CreateCloudServiceInput!) { createCloudService(input: $input) { id } }`,
);
const UPDATE_SERVICE = graphql(
  `mutation EventsUpdateService($input: UpdateCloudServiceInput!) { updateCloudService(input: $input) { id } }`,
);
const CREATE_CONTRACT = graphql(`mutation EventsCreateContract($input: CreateContractInput!) { createContract(input: $input) { id } }`);
const SET_STATUS = graphql(`mutation EventsSetContractStatus($input: SetContractStatusInput!) { setContractStatus(input: $input) { id } }`);
const REPORT = graphql(`mutation EventsReportTask($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { id } }`);

const VENDOR = 'sample-jialing-cloud';

describe('every mutation of the vendors subgraph records its event, and a refused one none', () => {
  it('tells of a catalogue entry added and changed, naming its provider', async () => {
    const input = {
      id: 'evt-gpu',
      vendorId: VENDOR,
      name: 'GPU compute',
      officialName: 'GPU 计算',
      serviceModel: 'IAAS' as const,
      category: 'compute',
      unitOfSale: 'GPU-month',
      unitPriceCny: '2999.99',
      inProcurementCatalogue: false,
      meetsPurchaseStandards: true,
    };
    await told('createCloudService', () => execute(vendors, CREATE_SERVICE, { input }, JIALING), {
      kind: 'CLOUD_SERVICE_CHANGED',
      subjectId: 'evt-gpu',
      vendorId: VENDOR,
    });
    const changed = await told(
      'updateCloudService',
      () => execute(vendors, UPDATE_SERVICE, { input: { id: 'evt-gpu', unitPriceCny: '2500.00' } }, JIALING),
      { kind: 'CLOUD_SERVICE_CHANGED', vendorId: VENDOR },
    );
    expect(changed.data).toMatchObject({ unitPriceCny: '2500.00' });
  });

  it('tells of a contract signed and moved on, naming its unit and provider, and of nothing refused', async () => {
    const signed = await told(
      'createContract',
      () =>
        execute(
          vendors,
          CREATE_CONTRACT,
          {
            input: {
              id: 'evt-contract',
              unitId: 'yuzhong-district',
              vendorId: VENDOR,
              startsOn: '2016-04-01',
              endsOn: '2019-03-31',
              lines: [{ serviceId: 'jialing-vm', quantity: '1', systemId: 'yuzhong-district-system-1' }],
            },
          },
          JIALING,
        ),
      { kind: 'CONTRACT_SIGNED', unitId: 'yuzhong-district', systemId: 'yuzhong-district-system-1', vendorId: VENDOR },
    );
    expect(signed.roles).not.toContain('park-operator');
    const moved = await told(
      'setContractStatus',
      () => execute(vendors, SET_STATUS, { input: { id: 'evt-contract', status: 'ACTIVE' } }, JIALING),
      { kind: 'CONTRACT_STATUS_CHANGED', unitId: 'yuzhong-district', vendorId: VENDOR },
    );
    expect(moved.data).toEqual({ from: 'SIGNED', to: 'ACTIVE' });
    expect(
      await refused(
        () => execute(vendors, SET_STATUS, { input: { id: 'evt-contract', status: 'SIGNED' } }, JIALING),
        'STATUS_OUT_OF_ORDER',
      ),
    ).toEqual([]);
  });

  it("tells of a task report, naming the system's unit as units knows it", async () => {
    const reported = await told(
      'reportTaskProgress',
      () =>
        execute(
          vendors,
          REPORT,
          {
            input: {
              systemId: 'kai-county-system-2',
              vendorId: VENDOR,
              status: 'IN_PROGRESS',
              percentComplete: 50,
              detail: 'County network re-cut.',
              nextUpdateDue: '2099-12-31',
            },
          },
          JIALING,
        ),
      { kind: 'TASK_REPORTED', unitId: 'kai-county', systemId: 'kai-county-system-2', vendorId: VENDOR },
    );
    expect(reported.data).toEqual({ status: 'IN_PROGRESS', percentComplete: 50, nextUpdateDue: '2099-12-31' });
  });

  it('ran every mutation the schema has', () => {
    expect([...ran].sort()).toEqual(Object.keys(events.changes).sort());
  });
});
