/**
 * The lists that grow with the programme, paged, through the gateway over HTTP: the saved operations that
 * read them (ParkAndCarriers, DataCenterPlacements, VendorFootprint) answer without errors, count what the
 * deprecated whole lists hold, walk to the same rows a page at a time, and cost each subgraph the same
 * number of SQL statements for a small page as for a large one.
 */
import { ANALYST, dataOf, OFFICE, present } from '@cq/kit/testing';
import { DataCenterPlacementsDocument, ParkAndCarriersDocument, VendorFootprintDocument } from '@cq/schema/operations';
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

const WHOLE_PARK = graphql(`query PagingWholePark { dataCenters { name placements { system { name } } } }`);
const WHOLE_VENDOR = graphql(`query PagingWholeVendor($id: ID!) {
  vendor(id: $id) { contracts { id } systemsInMigration { name } migrationTasks(stale: true) { system { name } } } }`);

describe('the saved operations that read long lists', () => {
  it("ParkAndCarriers gives each data centre's first page and how many it holds, as the deprecated list does", async () => {
    const whole = dataOf(await hub.query(WHOLE_PARK, {}, OFFICE)).dataCenters;
    const paged = dataOf(await hub.query(ParkAndCarriersDocument, { placementsPerDataCenter: 5 }, OFFICE)).dataCenters;
    expect(paged.map((dc) => dc.name)).toEqual(whole.map((dc) => dc.name));
    for (const [i, dc] of paged.entries()) {
      const all = present(whole[i]?.placements, dc.name);
      const page = present(dc.placementsPage, dc.name);
      expect(page.totalCount, dc.name).toBe(all.length);
      expect(
        page.edges.map((e) => e.node.system.name),
        dc.name,
      ).toEqual(all.slice(0, 5).map((p) => p.system.name));
      expect(page.pageInfo.hasNextPage, dc.name).toBe(all.length > 5);
    }
  });

  it('DataCenterPlacements walks a data centre to its end from where ParkAndCarriers left off', async () => {
    const id = 'transitional-government-data-center';
    const first = present(
      dataOf(await hub.query(ParkAndCarriersDocument, { placementsPerDataCenter: 10 }, ANALYST)).dataCenters.find(
        (dc) => dc.name === 'Transitional Government Data Centre',
      )?.placementsPage,
      'the first page',
    );
    const names = first.edges.map((e) => e.node.system.name);
    let after = first.pageInfo.endCursor;
    for (let more = first.pageInfo.hasNextPage; more; ) {
      const page = present(
        dataOf(await hub.query(DataCenterPlacementsDocument, { id, first: 10, after }, ANALYST)).dataCenter?.placementsPage,
        'a page',
      );
      names.push(...page.edges.map((e) => e.node.system.name));
      expect(page.edges.every((e) => e.node.system.destinationCompliant !== null)).toBe(true);
      ({ hasNextPage: more, endCursor: after } = page.pageInfo);
    }
    const whole = dataOf(await hub.query(WHOLE_PARK, {}, ANALYST)).dataCenters.find(
      (dc) => dc.name === 'Transitional Government Data Centre',
    );
    expect(names).toEqual(present(whole?.placements, 'the whole list').map((p) => p.system.name));
    expect(names.length).toBe(first.totalCount);
  });

  it("VendorFootprint counts a provider's contracts, systems in migration and stale tasks as the deprecated lists hold them", async () => {
    const id = 'sample-jialing-cloud';
    const whole = present(dataOf(await hub.query(WHOLE_VENDOR, { id }, OFFICE)).vendor, id);
    const paged = present(dataOf(await hub.query(VendorFootprintDocument, { id, first: 2 }, OFFICE)).vendor, id);
    expect(paged.contractsPage?.totalCount).toBe(whole.contracts?.length);
    expect(paged.systemsInMigrationPage?.totalCount).toBe(whole.systemsInMigration?.length);
    expect(paged.systemsInMigrationPage?.edges.map((e) => e.node.name)).toEqual(whole.systemsInMigration?.slice(0, 2).map((s) => s.name));
    expect(paged.migrationTasksPage?.totalCount).toBe(whole.migrationTasks?.length);
    expect(paged.migrationTasksPage?.edges.map((e) => e.node.system.name)).toEqual(
      whole.migrationTasks?.slice(0, 2).map((t) => t.system.name),
    );
  });

  it('cost each subgraph as many SQL statements for a page of 1 as for a page of 100', async () => {
    const small = await hub.statementsFor(ParkAndCarriersDocument, { placementsPerDataCenter: 1 }, OFFICE);
    expect(await hub.statementsFor(ParkAndCarriersDocument, { placementsPerDataCenter: 100 }, OFFICE)).toEqual(small);
    const vendor = { id: 'sample-jialing-cloud' };
    const few = await hub.statementsFor(VendorFootprintDocument, { ...vendor, first: 1 }, OFFICE);
    expect(await hub.statementsFor(VendorFootprintDocument, { ...vendor, first: 100 }, OFFICE)).toEqual(few);
  });
});
