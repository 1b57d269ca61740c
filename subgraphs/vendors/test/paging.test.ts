/**
 * A provider's contracts and migration tasks a page at a time (`Vendor.contractsPage`,
 * `Vendor.migrationTasksPage`): keyset pages in id order that add up to the deprecated whole lists, now and
 * as of a moment, `totalCount` within the caller's scope, the kit's page bounds, and one statement for the
 * pages of every provider a request reaches. The real units subgraph, served over HTTP on its own seed,
 * says which systems a unit viewer's units hold.
 */
import type { Viewer } from '@cq/kit/identity';
import type { Moment } from '@cq/kit/moment';
import { type AskingTestSubgraph, dataOf, errorOf, execute, present, type Served, startTestSubgraphAsking } from '@cq/kit/testing';
import { createUnitsSubgraph } from '@cq/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';
import { coordinatorOf, JIALING, OFFICE, officerOf, SHANCHENG } from './viewers.ts';

let vendors: AskingTestSubgraph<Context, 'units'>;
let units: Served;
beforeAll(async () => {
  vendors = await startTestSubgraphAsking('vendors', createVendorsSubgraph, { units: createUnitsSubgraph });
  units = vendors.peers.units;
});
afterAll(() => vendors?.stop());

const PROVIDER = 'sample-jialing-cloud';
/** The end of 30 September 2015 in Asia/Shanghai: the end of batch 1. */
const END_OF_BATCH_1: Moment = { at: new Date('2015-09-30T16:00:00Z'), asOf: true };

const WHOLE = graphql(`query VendorsPagingWhole($id: ID!, $stale: Boolean) {
  vendor(id: $id) { contracts { id status } migrationTasks(stale: $stale) { id system { id } status isStale } } }`);
const CONTRACTS = graphql(`query VendorsContractsPage($id: ID!, $first: Int, $after: String) {
  vendor(id: $id) { contractsPage(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } } } }`);
const TASKS = graphql(`query VendorsTasksPage($id: ID!, $stale: Boolean, $first: Int, $after: String) {
  vendor(id: $id) { migrationTasksPage(stale: $stale, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id system { id } status isStale } } } } }`);

type Page<N> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: N }[] };

/** Every page of a list, walked with `after`: the nodes, the number of pages and the last totalCount. */
async function walk<N>(page: (after: string | null) => Promise<Page<N> | null | undefined>) {
  const nodes: N[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const current: Page<N> = present(await page(after), 'a page');
    nodes.push(...current.edges.map((e) => e.node));
    if (!current.pageInfo.hasNextPage) return { nodes, pages, totalCount: current.totalCount };
    after = current.pageInfo.endCursor ?? null;
  }
}

const contractsOf = (viewer: Viewer, first: number, moment?: Moment) =>
  walk(async (after) => dataOf(await execute(vendors, CONTRACTS, { id: PROVIDER, first, after }, viewer, moment)).vendor?.contractsPage);
const tasksOf = (viewer: Viewer, first: number, stale?: boolean, moment?: Moment) =>
  walk(
    async (after) =>
      dataOf(await execute(vendors, TASKS, { id: PROVIDER, first, after, stale }, viewer, moment)).vendor?.migrationTasksPage,
  );
const whole = async (viewer: Viewer, stale?: boolean, moment?: Moment) =>
  present(dataOf(await execute(vendors, WHOLE, { id: PROVIDER, stale }, viewer, moment)).vendor, PROVIDER);

describe('Vendor.contractsPage', () => {
  it('walks the same contracts as the deprecated whole list, now and as of a moment', async () => {
    const all = await whole(OFFICE);
    expect(all.contracts?.length).toBeGreaterThan(3);
    expect(await contractsOf(OFFICE, 2)).toEqual({
      nodes: all.contracts,
      pages: Math.ceil((all.contracts?.length ?? 0) / 2),
      totalCount: all.contracts?.length,
    });
    const then = await whole(OFFICE, undefined, END_OF_BATCH_1);
    expect(then.contracts?.length).toBeGreaterThan(0);
    expect((await contractsOf(OFFICE, 3, END_OF_BATCH_1)).nodes).toEqual(then.contracts);
    expect((await contractsOf(OFFICE, 3, END_OF_BATCH_1)).totalCount).toBe(then.contracts?.length);
  });

  it('pages and counts for a unit only its own contracts, for the provider all its own, and refuses another provider', async () => {
    expect(await contractsOf(officerOf('kai-county'), 5)).toEqual({
      nodes: [{ id: 'contract-kai-county-jialing', status: expect.any(String) }],
      pages: 1,
      totalCount: 1,
    });
    expect((await contractsOf(JIALING, 100)).nodes).toEqual((await whole(OFFICE)).contracts);
    const other = await execute(vendors, CONTRACTS, { id: PROVIDER }, SHANCHENG);
    expect(other.data?.vendor?.contractsPage).toBeNull();
    expect(errorOf(other).code).toBe('FORBIDDEN');
  });

  it('refuses more than 100 a page and a cursor it did not issue (BAD_USER_INPUT)', async () => {
    for (const variables of [{ first: 101 }, { first: 5, after: 'bm90IGEgY3Vyc29y' }]) {
      const result = await execute(vendors, CONTRACTS, { id: PROVIDER, ...variables }, OFFICE);
      expect(result.data?.vendor?.contractsPage).toBeNull();
      expect(errorOf(result).code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('Vendor.migrationTasksPage', () => {
  it('walks the same tasks as the deprecated whole list, stale or not, now and as of a moment', async () => {
    for (const moment of [undefined, END_OF_BATCH_1]) {
      const all = (await whole(OFFICE, undefined, moment)).migrationTasks ?? [];
      expect(all.length).toBeGreaterThan(1);
      const walked = await tasksOf(OFFICE, 2, undefined, moment);
      expect(walked.nodes).toEqual(all);
      expect(walked.totalCount).toBe(all.length);
      for (const stale of [true, false]) {
        const some = await tasksOf(OFFICE, 2, stale, moment);
        expect(some.nodes).toEqual((await whole(OFFICE, stale, moment)).migrationTasks);
        expect(some.nodes.every((t) => t.isStale === stale)).toBe(true);
        expect(some.totalCount).toBe(some.nodes.length);
      }
    }
    expect((await tasksOf(OFFICE, 100, true)).totalCount + (await tasksOf(OFFICE, 100, false)).totalCount).toBe(
      (await tasksOf(OFFICE, 100)).totalCount,
    );
  });

  it("pages and counts for a unit only its systems' tasks, asking units once", async () => {
    const before = units.listening.requests.count;
    expect(await tasksOf(officerOf('kai-county'), 1)).toMatchObject({ nodes: [{ system: { id: 'kai-county-system-2' } }], totalCount: 1 });
    expect(units.listening.requests.count - before).toBe(1);
    expect(await tasksOf(coordinatorOf('banan-district'), 1)).toMatchObject({
      nodes: [{ system: { id: 'banan-district-system-3' } }],
      totalCount: 1,
    });
    expect(await tasksOf(officerOf('nanan-district'), 5)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
  });

  it('refuses more than 100 a page, and another provider', async () => {
    expect(errorOf(await execute(vendors, TASKS, { id: PROVIDER, first: 101 }, OFFICE)).code).toBe('BAD_USER_INPUT');
    expect(errorOf(await execute(vendors, TASKS, { id: PROVIDER }, SHANCHENG)).code).toBe('FORBIDDEN');
  });
});

describe('the pages of every provider', () => {
  const EVERY = graphql(`query VendorsEveryPage {
    vendors { id contractsPage(first: 2) { totalCount edges { node { id } } } migrationTasksPage(first: 2) { totalCount edges { node { id } } } } }`);

  it('take one statement per list for all the providers, and one more for its counts, now and as of a moment', async () => {
    for (const moment of [undefined, END_OF_BATCH_1]) {
      const statements = vendors.database.statements;
      const before = statements.count;
      const providers = dataOf(await execute(vendors, EVERY, {}, OFFICE, moment)).vendors;
      expect(statements.count - before).toBe(5);
      expect(providers.length).toBeGreaterThan(3);
      for (const v of providers) {
        expect(v.contractsPage?.edges.length).toBe(Math.min(2, v.contractsPage?.totalCount ?? 0));
        expect(v.migrationTasksPage?.edges.length).toBe(Math.min(2, v.migrationTasksPage?.totalCount ?? 0));
      }
    }
  });
});
