/**
 * The park's list of placements (`Query.placements`): keyset pages in id order, every filter, as of the
 * operation's moment, and the rows each role may see, checked against an oracle that reads the placement
 * rows whole and applies the days by hand and the policy's `showsPlacement`; the SQL the list runs is not
 * consulted. The real units subgraph, served over HTTP on its own seed, says which units a coordinating
 * unit covers and whether a placement may be removed.
 */
import type { Viewer } from '@cq/kit/identity';
import type { Moment } from '@cq/kit/moment';
import {
  ANALYST,
  type AskingTestSubgraph,
  carrierStaff,
  coordinatorOf,
  dataOf,
  END_OF_BATCH_1,
  END_OF_BATCH_2,
  errorOf,
  execute,
  FINANCE,
  OFFICE,
  officerOf,
  PARK_OPERATOR,
  present,
  type Served,
  startTestSubgraphAsking,
  vendorStaff,
  walkPages,
} from '@cq/kit/testing';
import { dayOfMoment } from '@cq/kit/time';
import { createUnitsSubgraph } from '@cq/units';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { dataCenters, type PlacementRow, placements } from '../src/data/schema.ts';
import { type PlacementScope, showsPlacement } from '../src/domain/policy.ts';
import { createParkSubgraph } from '../src/server.ts';
import { graphql, type PlacementFilter } from './generated/graphql.ts';

let park: AskingTestSubgraph<Context, 'units'>;
let units: Served;
beforeAll(async () => {
  park = await startTestSubgraphAsking('park', createParkSubgraph, { units: createUnitsSubgraph });
  units = park.peers.units;
});
afterAll(async () => park?.stop());

const NOW = undefined;
const MOMENTS = [NOW, END_OF_BATCH_1, END_OF_BATCH_2];

const TRANSITIONAL = 'transitional-government-data-center';
const JIALING_DC = 'sample-jialing-data-center';
const JIALING = vendorStaff('sample-jialing-cloud', 'jialing-staff');

const LIST = graphql(`query ParkPlacementList($filter: PlacementFilter, $first: Int, $after: String) {
  placements(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id system { id } dataCenter { id } since until } } } }`);

type Node = { id: string; system: { id: string }; dataCenter: { id: string }; since: string; until?: string | null };

/** Every page of the list as the viewer sees it, walked with `after`. */
const walk = (viewer: Viewer, filter: PlacementFilter | null, first: number, moment?: Moment) =>
  walkPages<Node>(async (after) => dataOf(await execute(park, LIST, { filter, first, after }, viewer, moment)).placements, first);

/** The oracle's rows: every placement and every data centre, read whole. */
async function everything() {
  const { db } = park.database;
  const rows: PlacementRow[] = await db.select().from(placements);
  const centres = await db.select({ id: dataCenters.id, operatorVendorId: dataCenters.operatorVendorId }).from(dataCenters);
  return { rows, operatorOf: new Map(centres.map((d) => [d.id, d.operatorVendorId])) };
}

/** What the list must answer: begun by the moment's day (and not taken out by then, unless `inPlace` is false), in scope, filtered. */
function expected(
  { rows, operatorOf }: Awaited<ReturnType<typeof everything>>,
  scope: PlacementScope,
  filter: PlacementFilter,
  moment?: Moment,
) {
  const day = dayOfMoment(moment?.at ?? new Date());
  return rows
    .filter((p) => p.since <= day && (filter.inPlace === false || p.until === null || p.until > day))
    .filter((p) => showsPlacement(scope, p, { operatorVendorId: operatorOf.get(p.dataCenterId) ?? null }))
    .filter((p) => !filter.dataCenterId || p.dataCenterId === filter.dataCenterId)
    .filter((p) => !filter.systemId || p.systemId === filter.systemId)
    .filter((p) => !filter.unitId || p.unitId === filter.unitId)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((p) => ({ id: p.id, system: { id: p.systemId }, dataCenter: { id: p.dataCenterId }, since: p.since, until: p.until }));
}

const ALL: PlacementScope = { kind: 'all' };

describe('Query.placements', () => {
  /** A system placed and taken out again today (its plan names the platform; it is not centralised, so no proof is lost). */
  const removed = 'kai-county-system-2';
  beforeAll(async () => {
    const PLACE = graphql(`mutation ParkListPlace($input: PlaceSystemInput!) { placeSystem(input: $input) { id } }`);
    const input = {
      systemId: removed,
      dataCenterId: 'government-cloud-platform',
      racks: 1,
      powerKw: '5.0',
      monthlyFeeCny: '4500.00',
      since: '2016-06-01',
    };
    dataOf(await execute(park, PLACE, { input }, PARK_OPERATOR));
    // Taken out today, so that the list's two readings (in place, or all begun) differ now.
    const REMOVE = graphql(`mutation ParkListRemove($systemId: ID!) { removePlacement(systemId: $systemId) { id until } }`);
    expect(dataOf(await execute(park, REMOVE, { systemId: removed }, PARK_OPERATOR)).removePlacement?.until).not.toBeNull();
  });

  it("lists the placements in place to the programme's readers and the park's operator, a page at a time, as they stood", async () => {
    const data = await everything();
    for (const moment of MOMENTS) {
      const whole = expected(data, ALL, {}, moment);
      expect(whole.length).toBeGreaterThan(10);
      expect(await walk(OFFICE, null, 9, moment)).toEqual({ nodes: whole, pages: Math.ceil(whole.length / 9), totalCount: whole.length });
      for (const viewer of [FINANCE, ANALYST, PARK_OPERATOR]) expect((await walk(viewer, null, 100, moment)).nodes).toEqual(whole);
    }
    expect(expected(data, ALL, {}, END_OF_BATCH_1).length).toBeLessThan(expected(data, ALL, {}, END_OF_BATCH_2).length);
  });

  it('keeps only the placements that meet every condition of the filter, now and as of a moment', async () => {
    const data = await everything();
    const taken = present(
      data.rows.find((p) => p.until !== null),
      'a placement taken out',
    );
    const withUnit = present(
      data.rows.find((p) => p.unitId !== null && p.dataCenterId === TRANSITIONAL),
      'a placement with its unit',
    );
    const filters: PlacementFilter[] = [
      { dataCenterId: TRANSITIONAL },
      { dataCenterId: JIALING_DC },
      { systemId: withUnit.systemId },
      { systemId: taken.systemId },
      { systemId: taken.systemId, inPlace: false },
      { unitId: present(withUnit.unitId, 'its unit') },
      { inPlace: true },
      { inPlace: false },
      { dataCenterId: TRANSITIONAL, inPlace: false },
    ];
    let narrowed = 0;
    for (const moment of MOMENTS) {
      const whole = expected(data, ALL, {}, moment);
      for (const filter of filters) {
        const want = expected(data, ALL, filter, moment);
        const got = await walk(OFFICE, filter, 50, moment);
        expect(got.nodes, `${JSON.stringify(filter)} at ${moment?.at.toISOString() ?? 'now'}`).toEqual(want);
        expect(got.totalCount).toBe(want.length);
        if (want.length > 0 && want.length !== whole.length) narrowed++;
      }
    }
    expect(narrowed).toBeGreaterThan(filters.length);
    // Now, the placement taken out shows only when all are asked for, with the day it was taken out.
    expect((await walk(OFFICE, { systemId: removed }, 5)).nodes).toEqual([]);
    expect((await walk(OFFICE, { systemId: removed, inPlace: false }, 5)).nodes).toEqual([
      expect.objectContaining({ until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
    ]);
  });

  it("lists for a unit's officer only its unit's placements, and none of another unit it filters for", async () => {
    const data = await everything();
    const own = expected(data, { kind: 'units', unitIds: new Set(['tourism-bureau']) }, {}, NOW);
    expect(own.map((p) => p.id)).toEqual([1, 2, 3].map((n) => `placement-tourism-bureau-system-${n}`));
    expect((await walk(officerOf('tourism-bureau'), null, 2)).nodes).toEqual(own);
    expect(await walk(officerOf('tourism-bureau'), { unitId: 'kai-county' }, 5)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
    expect(await walk(officerOf('unit-with-no-placements'), null, 5)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
  });

  it('lists for a coordinating unit the placements of the units it coordinates (§6.2), asking units once', async () => {
    const SUBTREE = parse('query ParkListSubtree($id: ID!) { unit(id: $id) { subtreeIds } }') as TypedDocumentNode<
      { unit: { subtreeIds: string[] | null } | null },
      { id: string }
    >;
    const data = await everything();
    const subtree = present(dataOf(await execute(units, SUBTREE, { id: 'banan-district' }, OFFICE)).unit?.subtreeIds, 'the subtree');
    const want = expected(data, { kind: 'units', unitIds: new Set(['banan-district', ...subtree]) }, {}, NOW);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(expected(data, ALL, {}, NOW).length);
    const before = units.listening.requests.count;
    const page = present(dataOf(await execute(park, LIST, { first: 100 }, coordinatorOf('banan-district'))).placements, 'a page');
    expect(units.listening.requests.count - before).toBe(1);
    expect(page.edges.map((e) => e.node)).toEqual(want);
    expect(page.totalCount).toBe(want.length);
  });

  it('lists for a cloud provider the placements in the data centres it runs; none for a provider that runs none', async () => {
    const data = await everything();
    const own = expected(data, { kind: 'operator', vendorId: 'sample-jialing-cloud' }, {}, NOW);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((p) => p.dataCenter.id === JIALING_DC)).toBe(true);
    expect((await walk(JIALING, null, 4)).nodes).toEqual(own);
    expect(await walk(JIALING, { dataCenterId: TRANSITIONAL }, 5)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
    expect(await walk(vendorStaff('sample-runs-nothing'), null, 5)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
  });

  it('refuses a carrier (FORBIDDEN) and a caller not signed in (UNAUTHENTICATED)', async () => {
    const carrier = await execute(park, LIST, { first: 5 }, carrierStaff('china-telecom-chongqing'));
    expect(carrier.data?.placements).toBeNull();
    expect(errorOf(carrier).code).toBe('FORBIDDEN');
    const anonymous = await execute(park, LIST, { first: 5 });
    expect(anonymous.data?.placements).toBeNull();
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
  });

  it('refuses more than 100 a page and a cursor it did not issue (BAD_USER_INPUT)', async () => {
    for (const variables of [{ first: 101 }, { first: 5, after: 'bm90IGEgY3Vyc29y' }]) {
      const result = await execute(park, LIST, variables, OFFICE);
      expect(result.data?.placements).toBeNull();
      expect(errorOf(result).code).toBe('BAD_USER_INPUT');
    }
  });

  it('runs the same number of statements for a page of 2 as for a page of 100, data centres included', async () => {
    const DEEP = graphql(`query ParkPlacementListDeep($first: Int) {
      placements(first: $first, filter: { inPlace: false }) { totalCount edges { node { id racks monthlyFeeCny dataCenter { name racksFree } } } } }`);
    const counts: number[] = [];
    for (const moment of [NOW, END_OF_BATCH_2]) {
      for (const first of [2, 100]) {
        const before = park.database.statements.count;
        const page = present(dataOf(await execute(park, DEEP, { first }, OFFICE, moment)).placements, 'a page');
        counts.push(park.database.statements.count - before);
        expect(page.edges.length).toBe(Math.min(first, page.totalCount));
      }
    }
    // The page, its count, the data centres, and what is placed in them.
    expect(counts).toEqual([4, 4, 4, 4]);
  });
});

describe('Query.placedSystemIds (for other subgraphs only)', () => {
  const PLACED = graphql(`query ParkPlacedSystemIds { placedSystemIds }`);
  const SERVICE: Viewer = { id: 'service:units', role: 'service' };

  it('answers a peer subgraph the systems in place on the day, the same as the list of placements', async () => {
    for (const moment of MOMENTS) {
      const ids = dataOf(await execute(park, PLACED, {}, SERVICE, moment)).placedSystemIds;
      const listed = (await walk(OFFICE, null, 100, moment)).nodes.map((node) => node.system.id);
      expect(ids?.length).toBeGreaterThan(0);
      expect([...(ids ?? [])].sort()).toEqual([...new Set(listed)].sort());
    }
  });

  it('refuses every role of a person, even the office (FORBIDDEN), and a caller not signed in', async () => {
    for (const viewer of [OFFICE, PARK_OPERATOR, ANALYST]) expect(errorOf(await execute(park, PLACED, {}, viewer)).code).toBe('FORBIDDEN');
    expect(errorOf(await execute(park, PLACED, {})).code).toBe('UNAUTHENTICATED');
  });
});
