/**
 * A data centre's placements a page at a time (`DataCenter.placementsPage`): keyset pages in id order that
 * add up to the deprecated whole list, `totalCount` within the caller's scope, the kit's page bounds, and
 * one statement for the pages of every data centre a request reaches.
 */
import type { Viewer } from '@cq/kit/identity';
import { dataOf, errorOf, execute, OFFICE, officerOf, present, startTestSubgraph, type TestSubgraph } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createParkSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let park: TestSubgraph<Context>;
beforeAll(async () => {
  park = await startTestSubgraph('park', createParkSubgraph);
});
afterAll(async () => park?.stop());

const TRANSITIONAL = 'transitional-government-data-center';
const JIALING_DC = 'sample-jialing-data-center';
/** Runs the sample Jialing data centre, and no other. */
const JIALING: Viewer = { id: 'jialing-staff', role: 'vendor', vendorId: 'sample-jialing-cloud' };

const PAGE = graphql(`query ParkPlacementsPage($id: ID!, $first: Int, $after: String) {
  dataCenter(id: $id) { placementsPage(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id system { id } racks powerKw monthlyFeeCny since until } } } } }`);
const WHOLE = graphql(`query ParkPlacementsWhole($id: ID!) {
  dataCenter(id: $id) { placements { id system { id } racks powerKw monthlyFeeCny since until } } }`);
const EVERY_DATA_CENTRE = graphql(`query ParkPlacementsPages($first: Int) {
  dataCenters { id placementsPage(first: $first) { totalCount edges { node { id } } } } }`);

/** One page of a data centre's placements, as the viewer sees it. */
async function pageOf(id: string, viewer: Viewer, first?: number | null, after?: string | null) {
  const dc = present(dataOf(await execute(park, PAGE, { id, first, after }, viewer)).dataCenter, id);
  return present(dc.placementsPage, `${id}'s placements`);
}

/** Every page of a data centre's placements, walked with `after`. */
async function walk(id: string, viewer: Viewer, first: number) {
  const nodes: { id: string }[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const page = await pageOf(id, viewer, first, after);
    nodes.push(...page.edges.map((e) => e.node));
    expect(page.edges.length).toBeLessThanOrEqual(first);
    if (!page.pageInfo.hasNextPage) return { ids: nodes.map((n) => n.id), nodes, pages, totalCount: page.totalCount };
    after = page.pageInfo.endCursor;
  }
}

describe('DataCenter.placementsPage', () => {
  it('walks the same placements as the deprecated whole list, in id order, a page at a time', async () => {
    const whole = present(dataOf(await execute(park, WHOLE, { id: TRANSITIONAL }, OFFICE)).dataCenter?.placements, 'the whole list');
    expect(whole.length).toBe(43);
    const walked = await walk(TRANSITIONAL, OFFICE, 10);
    // Every field as the whole list has it: days, decimals and the system the gateway joins on.
    expect(walked).toEqual({ ids: whole.map((p) => p.id), nodes: whole, pages: 5, totalCount: 43 });
    expect([...walked.ids].sort()).toEqual(walked.ids);
  });

  it('gives 20 by default, each edge its own cursor, and the last cursor as where the page ends', async () => {
    const page = await pageOf(TRANSITIONAL, OFFICE);
    expect(page.edges.length).toBe(20);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges.at(-1)?.cursor });
    const next = await pageOf(TRANSITIONAL, OFFICE, 1, page.edges.at(4)?.cursor);
    expect(next.edges.map((e) => e.node.id)).toEqual([page.edges.at(5)?.node.id]);
  });

  it('answers first: 0 with no placement and the count, and the end of the list with an empty page', async () => {
    const none = await pageOf(TRANSITIONAL, OFFICE, 0);
    expect(none).toEqual({ totalCount: 43, pageInfo: { hasNextPage: true, endCursor: null }, edges: [] });
    const last = await pageOf(TRANSITIONAL, OFFICE, 100);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(await pageOf(TRANSITIONAL, OFFICE, 5, last.pageInfo.endCursor)).toEqual({
      totalCount: 43,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [],
    });
  });

  it('refuses more than 100 a page, fewer than none, and a cursor it did not issue (BAD_USER_INPUT)', async () => {
    for (const [first, after] of [
      [101, null],
      [-1, null],
      [10, 'not-a-cursor'],
    ] as const) {
      const result = await execute(park, PAGE, { id: TRANSITIONAL, first, after }, OFFICE);
      expect(result.data?.dataCenter?.placementsPage).toBeNull();
      expect(errorOf(result).code).toBe('BAD_USER_INPUT');
    }
    expect(errorOf(await execute(park, PAGE, { id: TRANSITIONAL, first: 101 }, OFFICE)).message).toBe(
      'first must be between 0 and 100; got 101.',
    );
  });

  it("pages and counts only what the caller may see: a unit's officer its unit's, a provider the data centres it runs", async () => {
    const tourism = await walk(TRANSITIONAL, officerOf('tourism-bureau'), 2);
    expect(tourism).toMatchObject({ ids: [1, 2, 3].map((n) => `placement-tourism-bureau-system-${n}`), pages: 2, totalCount: 3 });
    expect(await pageOf(TRANSITIONAL, JIALING, 5)).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    const jialing = await walk(JIALING_DC, JIALING, 3);
    expect(jialing.ids).toEqual((await walk(JIALING_DC, OFFICE, 3)).ids);
    expect(jialing.totalCount).toBe(jialing.ids.length);
  });

  it('is refused to a carrier, and to a caller signed out', async () => {
    const carrier: Viewer = { id: 'telecom-staff', role: 'carrier', carrierId: 'china-telecom-chongqing' };
    expect(errorOf(await execute(park, PAGE, { id: TRANSITIONAL }, carrier)).code).toBe('FORBIDDEN');
    expect(errorOf(await execute(park, PAGE, { id: TRANSITIONAL })).code).toBe('UNAUTHENTICATED');
  });

  it("reads the pages of every data centre in one statement and their counts in one more, whatever the lists' lengths", async () => {
    const statements = park.database.statements;
    const before = statements.count;
    const data = dataOf(await execute(park, EVERY_DATA_CENTRE, { first: 2 }, OFFICE));
    // The list of data centres, their pages, their counts.
    expect(statements.count - before).toBe(3);
    expect(data.dataCenters.length).toBe(4);
    for (const dc of data.dataCenters)
      expect(present(dc.placementsPage, dc.id).edges.length).toBe(Math.min(2, dc.placementsPage?.totalCount ?? 0));
  });
});
