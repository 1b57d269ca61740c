/**
 * The vendors subgraph as it stood at a moment (kit: moment.ts): the moment comes signed with the request,
 * as the gateway sends it. Contracts are what their days say (not yet recorded, SIGNED, ACTIVE, ENDED),
 * only the lines of contracts in force then cost, catalogue prices are those of then, and a migration task
 * is its latest report by then. The real units subgraph, served over HTTP on its own seed, answers what a
 * task report asks.
 */
import type { IncomingMessage } from 'node:http';
import { type AskingTestSubgraph, dataOf, execute, present, signedFor, startTestSubgraphAsking, vendorStaff } from '@cq/kit/testing';
import { createUnitsSubgraph } from '@cq/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { contractLines, contracts } from '../src/data/schema.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';
import { OFFICE } from './viewers.ts';

let vendors: AskingTestSubgraph<Context, 'units'>;
let vendorId: string;
let serviceId: string;
beforeAll(async () => {
  vendors = await startTestSubgraphAsking('vendors', createVendorsSubgraph, { units: createUnitsSubgraph });
  const service = present(
    dataOf(await execute(vendors, graphql(`query AsOfServices { cloudServices { id vendor { id } } }`))).cloudServices[0],
    'a service',
  );
  vendorId = service.vendor.id;
  serviceId = service.id;
  // Recorded 20 July 2015 for August 2015 to 2016; in force from 1 September; ended early, on 1 March 2016.
  const db = (await vendors.context({ headers: await signedFor(OFFICE) } as unknown as IncomingMessage)).db;
  await db.insert(contracts).values({
    id: 'asof-contract',
    unitId: 'asof-unit',
    vendorId,
    status: 'ENDED',
    startsOn: '2015-08-01',
    endsOn: '2016-12-31',
    signedOn: '2015-07-20',
    activatedOn: '2015-09-01',
    endedOn: '2016-03-01',
  });
  await db.insert(contractLines).values({
    contractId: 'asof-contract',
    cloudServiceId: serviceId,
    systemId: 'asof-system',
    quantity: '1',
    monthlyAmountCny: '1234.50',
  });
});
afterAll(() => vendors?.stop());

/** A moment asked for: the end of that day in Asia/Shanghai, signed as the gateway signs it. */
const endOf = (day: string) => ({ at: new Date(`${day}T24:00:00+08:00`), asOf: true });

const COSTS = graphql(`query AsOfCosts($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Unit { contracts { id status } cloudMonthlyCostCny } ... on InformationSystem { cloudMonthlyCostCny } } }`);
const reps = [
  { __typename: 'Unit', id: 'asof-unit' },
  { __typename: 'InformationSystem', id: 'asof-system' },
];

async function costsOn(day: string) {
  const [unit, system] = dataOf(await execute(vendors, COSTS, { reps }, OFFICE, endOf(day)))._entities;
  if (!unit || !('contracts' in unit) || !system) throw new Error('Expected the unit and the system.');
  return { contracts: unit.contracts, cloudMonthlyCostCny: unit.cloudMonthlyCostCny, system: system.cloudMonthlyCostCny };
}

describe('the vendors subgraph as of a day', () => {
  it('shows a contract as its days say, and costs only the lines of contracts in force then', async () => {
    expect(await costsOn('2015-07-10')).toEqual({ contracts: [], cloudMonthlyCostCny: '0.00', system: '0.00' });
    expect(await costsOn('2015-08-15')).toEqual({
      contracts: [{ id: 'asof-contract', status: 'SIGNED' }],
      cloudMonthlyCostCny: '0.00',
      system: '0.00',
    });
    expect(await costsOn('2015-09-30')).toEqual({
      contracts: [{ id: 'asof-contract', status: 'ACTIVE' }],
      cloudMonthlyCostCny: '1234.50',
      system: '1234.50',
    });
    // In force through 29 February; ended on 1 March.
    expect((await costsOn('2016-02-29')).cloudMonthlyCostCny).toBe('1234.50');
    expect(await costsOn('2016-03-01')).toEqual({
      contracts: [{ id: 'asof-contract', status: 'ENDED' }],
      cloudMonthlyCostCny: '0.00',
      system: '0.00',
    });
  });

  it('reads a catalogue price as it was before a change', async () => {
    const PRICE = graphql(`query AsOfPrice($id: ID!) { cloudService(id: $id) { unitPriceCny } }`);
    const UPDATE = graphql(
      `mutation AsOfUpdatePrice($input: UpdateCloudServiceInput!) { updateCloudService(input: $input) { unitPriceCny } }`,
    );
    const before = present(dataOf(await execute(vendors, PRICE, { id: serviceId })).cloudService, 'service').unitPriceCny;
    const changedAfter = new Date();
    const raised = (Number(before) + 11).toFixed(2);
    expect(
      dataOf(await execute(vendors, UPDATE, { input: { id: serviceId, unitPriceCny: raised } }, vendorStaff(vendorId))).updateCloudService,
    ).toEqual({
      unitPriceCny: raised,
    });
    expect(
      dataOf(await execute(vendors, PRICE, { id: serviceId }, OFFICE, { at: changedAfter, asOf: true })).cloudService?.unitPriceCny,
    ).toBe(before);
    expect(dataOf(await execute(vendors, PRICE, { id: serviceId }, OFFICE, endOf('2015-09-30'))).cloudService?.unitPriceCny).toBe(before);
    expect(dataOf(await execute(vendors, PRICE, { id: serviceId })).cloudService?.unitPriceCny).toBe(raised);
  });

  it('reads a migration task as last reported by the moment: every report is kept', async () => {
    const TASKS = graphql(
      `query AsOfTasks { staleMigrationTasks { system { id } vendor { id } status percentComplete detail updatedAt } }`,
    );
    const REPORT = graphql(
      `mutation AsOfReport($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { percentComplete updatedAt } }`,
    );
    const TASK = graphql(
      `query AsOfTask($reps: [_Any!]!) { _entities(representations: $reps) { ... on InformationSystem { migrationTask { percentComplete detail } } } }`,
    );
    // A seeded task not yet done, and its provider.
    const seeded = present(
      present(dataOf(await execute(vendors, TASKS, {}, OFFICE)).staleMigrationTasks, 'stale tasks').find((t) => t.percentComplete < 98),
      'a task under way',
    );
    const taskOn = async (moment?: { at: Date; asOf: boolean }) => {
      const [system] = dataOf(
        await execute(vendors, TASK, { reps: [{ __typename: 'InformationSystem', id: seeded.system.id }] }, OFFICE, moment),
      )._entities;
      return system && 'migrationTask' in system ? system.migrationTask : null;
    };
    const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const report = (percentComplete: number, detail: string) =>
      execute(
        vendors,
        REPORT,
        {
          input: {
            systemId: seeded.system.id,
            vendorId: seeded.vendor.id,
            status: 'IN_PROGRESS',
            percentComplete,
            detail,
            nextUpdateDue: nextWeek,
          },
        },
        vendorStaff(seeded.vendor.id),
      );
    const first = dataOf(await report(seeded.percentComplete + 1, 'First report of the as-of test')).reportTaskProgress;
    const between = new Date(Date.parse(first.updatedAt) + 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    dataOf(await report(seeded.percentComplete + 2, 'Second report of the as-of test'));
    // Before the first report, as seeded; between the two, the first; now, the second.
    expect(await taskOn({ at: new Date(Date.parse(seeded.updatedAt) + 1), asOf: true })).toEqual({
      percentComplete: seeded.percentComplete,
      detail: seeded.detail,
    });
    expect(await taskOn({ at: between, asOf: true })).toEqual({
      percentComplete: seeded.percentComplete + 1,
      detail: 'First report of the as-of test',
    });
    expect(await taskOn()).toEqual({ percentComplete: seeded.percentComplete + 2, detail: 'Second report of the as-of test' });
  });
});
