/**
 * The vendors subgraph on its own, as a process without its units peer would be: the public catalogue,
 * entity lookups, and the refusals that need no other subgraph (src/domain/policy.ts). A question only
 * the units subgraph can answer (a coordinator's subtree, whose a system is) is refused here, never
 * answered unchecked; policy.test.ts asks the real units subgraph.
 */
import { at, dataOf, errorOf, execute, present, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';
import { CARRIER, coordinatorOf, JIALING, OFFICE, officerOf, PARK_OPERATOR } from './viewers.ts';

let vendors: TestSubgraph<Context>;
beforeAll(async () => {
  vendors = await startTestSubgraph('vendors', createVendorsSubgraph);
});
afterAll(async () => vendors?.stop());

describe('vendors subgraph', () => {
  it('lists providers with their catalogue, prices as exact decimals', async () => {
    const data = dataOf(
      await execute(
        vendors,
        graphql(`query ProvidersCatalogue { vendors(isSample: false) { id officialName services { unitPriceCny serviceModel } } }`),
      ),
    );
    expect(data.vendors).toHaveLength(1);
    const vendor = at(data.vendors, 0);
    expect(vendor.officialName).toBe('重庆云计算投资运营有限公司');
    expect(vendor.services.map((s) => s.unitPriceCny)).toContain('4500.00');
  });

  it('resolves Vendor, CloudService, Contract and Unit references (_entities)', async () => {
    const data = dataOf(
      await execute(
        vendors,
        graphql(`query Entities($reps: [_Any!]!) { _entities(representations: $reps) {
         ... on Vendor { name } ... on CloudService { vendor { id } } ... on Contract { unit { id } monthlyAmountCny }
         ... on Unit { contracts { id vendor { id } } cloudMonthlyCostCny }
         ... on InformationSystem { cloudMonthlyCostCny migrationTask { status } } } }`),
        {
          reps: [
            { __typename: 'Vendor', id: 'sample-jialing-cloud' },
            { __typename: 'CloudService', id: 'shancheng-rds' },
            { __typename: 'Contract', id: 'contract-tourism-bureau-cci' },
            { __typename: 'Unit', id: 'sample-hosted-archives-centre' },
            { __typename: 'InformationSystem', id: 'general-office-system-1' },
            { __typename: 'Vendor', id: 'nobody' },
          ],
        },
        OFFICE,
      ),
    );
    expect(data._entities).toEqual([
      { name: 'Jialing Cloud (sample)' },
      { vendor: { id: 'sample-shancheng-data' } },
      // 32 vCPU-months at 120.00 and 8 TB-months at 380.00.
      { unit: { id: 'tourism-bureau' }, monthlyAmountCny: '6880.00' },
      // Only the contracts in force count: 16 vCPU-months at 120.00 and 20 TB-months at 380.00, 8
      // instance-months at 1800.00; the hosting it had before the programme ended when its systems moved.
      {
        contracts: [
          { id: 'contract-sample-hosted-archives-centre-cci', vendor: { id: 'chongqing-cloud-investment' } },
          { id: 'contract-sample-hosted-archives-centre-hosting-before-migration', vendor: { id: 'sample-yangtze-cloud' } },
          { id: 'contract-sample-hosted-archives-centre-shancheng', vendor: { id: 'sample-shancheng-data' } },
        ],
        cloudMonthlyCostCny: '23920.00',
      },
      // 2 instance-months at 1800.00 on the line naming the system.
      { cloudMonthlyCostCny: '3600.00', migrationTask: { status: 'DONE' } },
      null,
    ]);
  });

  it('answers the catalogue to anyone, and keeps the rest of a public answer when a protected field is refused', async () => {
    const PROVIDER = graphql(
      `query VendorsPublicProvider($id: ID!) { vendor(id: $id) { id name services { id } serviceLevel { responseMinutes } contracts { id } migrationTasks { id } } }`,
    );
    const anonymous = await execute(vendors, PROVIDER, { id: 'sample-jialing-cloud' });
    expect(anonymous.data?.vendor).toEqual({
      id: 'sample-jialing-cloud',
      name: 'Jialing Cloud (sample)',
      services: [{ id: 'jialing-backup' }, { id: 'jialing-vm' }],
      serviceLevel: { responseMinutes: 30 },
      contracts: null,
      migrationTasks: null,
    });
    expect(anonymous.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
      ['vendor.contracts', 'UNAUTHENTICATED'],
      ['vendor.migrationTasks', 'UNAUTHENTICATED'],
    ]);
    // The park's operator and carriers read the catalogue but no contracts or tasks.
    for (const viewer of [PARK_OPERATOR, CARRIER]) {
      const result = await execute(vendors, PROVIDER, { id: 'sample-jialing-cloud' }, viewer);
      expect(result.data?.vendor).toMatchObject({ name: 'Jialing Cloud (sample)', contracts: null, migrationTasks: null });
      expect(errorOf(result)).toEqual({
        code: 'FORBIDDEN',
        message: expect.stringMatching(
          new RegExp(`^Refused for the ${viewer.role} role.*: contracts, migration tasks and cloud costs are for`),
        ),
      });
    }
  });

  it('refuses a request the gateway did not sign (UNAUTHENTICATED)', async () => {
    await expect(vendors.context({ headers: {} } as never)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(vendors.context({ headers: { authorization: 'Bearer not-a-token' } } as never)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it("answers a unit's officer and a provider from this subgraph alone", async () => {
    const CONTRACT = graphql(`query VendorsAloneContract($id: ID!) { contract(id: $id) { id unit { id } vendor { id } } }`);
    const own = { id: 'contract-banan-district-jialing', unit: { id: 'banan-district' }, vendor: { id: 'sample-jialing-cloud' } };
    expect(
      dataOf(await execute(vendors, CONTRACT, { id: 'contract-banan-district-jialing' }, officerOf('banan-district'))).contract,
    ).toEqual(own);
    expect(dataOf(await execute(vendors, CONTRACT, { id: 'contract-banan-district-jialing' }, JIALING)).contract).toEqual(own);
    const other = await execute(vendors, CONTRACT, { id: 'contract-banan-district-jialing' }, officerOf('nanan-district'));
    expect(other.data?.contract).toBeNull();
    expect(errorOf(other).code).toBe('FORBIDDEN');
  });

  it('refuses what only the units subgraph can tell when it cannot be asked: nothing is answered unchecked', async () => {
    {
      const CONTRACT = graphql(`query VendorsAloneCoordinatorContract($id: ID!) { contract(id: $id) { id monthlyAmountCny } }`);
      const coordinator = await execute(vendors, CONTRACT, { id: 'contract-banan-district-jialing' }, coordinatorOf('banan-district'));
      expect(coordinator.data).toEqual({ contract: null });
      expect(errorOf(coordinator).code).toBe('SUBGRAPH_UNAVAILABLE');

      const SYSTEM = graphql(
        `query VendorsAloneSystemTask($reps: [_Any!]!) { _entities(representations: $reps) { ... on InformationSystem { id migrationTask { id } cloudMonthlyCostCny } } }`,
      );
      const officer = await execute(
        vendors,
        SYSTEM,
        { reps: [{ __typename: 'InformationSystem', id: 'kai-county-system-2' }] },
        officerOf('kai-county'),
      );
      expect(officer.data?._entities).toEqual([{ id: 'kai-county-system-2', migrationTask: null, cloudMonthlyCostCny: null }]);
      expect(officer.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE']);
      expect(officer.errors?.[0]?.message).toMatch(/^The units subgraph could not be asked \(UNITS_URL is not configured\)/);
    }
    // The joint-conference office needs nobody's answer.
    const SYSTEM_AS_OFFICE = graphql(
      `query VendorsAloneOfficeSystem($reps: [_Any!]!) { _entities(representations: $reps) { ... on InformationSystem { migrationTask { status } } } }`,
    );
    const office = dataOf(
      await execute(vendors, SYSTEM_AS_OFFICE, { reps: [{ __typename: 'InformationSystem', id: 'kai-county-system-2' }] }, OFFICE),
    );
    expect(present(at(office._entities, 0), 'the system')).toEqual({ migrationTask: { status: 'BLOCKED' } });
  });
});
