import { at, dataOf, execute, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

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
            { __typename: 'Contract', id: 'contract-eic-cci' },
            { __typename: 'Unit', id: 'tourism-bureau' },
            { __typename: 'InformationSystem', id: 'general-office-system-1' },
            { __typename: 'Vendor', id: 'nobody' },
          ],
        },
      ),
    );
    expect(data._entities).toEqual([
      { name: 'Jialing Cloud (sample)' },
      { vendor: { id: 'sample-shancheng-data' } },
      // 48 vCPU-months at 120.00 and 3 rack-months at 4500.00.
      { unit: { id: 'economic-information-commission' }, monthlyAmountCny: '19260.00' },
      // Only the ACTIVE contract counts: 300 user-months at 25.00 and 1 rack-month at 4200.00.
      {
        contracts: [
          { id: 'contract-tourism-legacy', vendor: { id: 'sample-yangtze-cloud' } },
          { id: 'contract-tourism-yangtze', vendor: { id: 'sample-yangtze-cloud' } },
        ],
        cloudMonthlyCostCny: '11700.00',
      },
      // 64 × 120.00 + 20 × 380.00 on lines naming the system.
      { cloudMonthlyCostCny: '15280.00', migrationTask: { status: 'DONE' } },
      null,
    ]);
  });
});
