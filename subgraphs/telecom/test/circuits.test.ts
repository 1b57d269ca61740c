/**
 * The programme's list of circuits (`Query.circuits`): keyset pages in id order, every filter, as of the
 * operation's moment, and the rows each role may see, checked against an oracle that reads the circuit
 * rows whole and applies the TypeScript rule (rules.ts: circuitStatusOn) and the roles of `circuit(id)`;
 * the SQL the list runs is not consulted. The real units subgraph, served over HTTP on its own seed, says
 * which units a coordinating unit covers.
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
import { circuitsWithCarrier } from '../src/data/queries.ts';
import { circuits } from '../src/data/schema.ts';
import { circuitStatusOn } from '../src/domain/rules.ts';
import { createTelecomSubgraph } from '../src/server.ts';
import { type CircuitFilter, graphql } from './generated/graphql.ts';

let telecom: AskingTestSubgraph<Context, 'units'>;
let units: Served;
beforeAll(async () => {
  telecom = await startTestSubgraphAsking('telecom', createTelecomSubgraph, { units: createUnitsSubgraph });
  units = telecom.peers.units;
});
afterAll(async () => telecom?.stop());

const NOW = undefined;
const MOMENTS = [NOW, END_OF_BATCH_1, END_OF_BATCH_2];

const TELECOM = carrierStaff('china-telecom-chongqing', 'telecom-engineer');

const LIST = graphql(`query TelecomCircuitList($filter: CircuitFilter, $first: Int, $after: String) {
  circuits(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id unit { id } dataCenter { id } tariff { id } status } } } }`);

type Node = { id: string; unit: { id: string }; dataCenter: { id: string }; tariff: { id: string }; status: string };

/** Every page of the list as the viewer sees it, walked with `after`. */
const walk = (viewer: Viewer, filter: CircuitFilter | null, first: number, moment?: Moment) =>
  walkPages<Node>(async (after) => dataOf(await execute(telecom, LIST, { filter, first, after }, viewer, moment)).circuits, first);

/** The oracle's rows: every circuit with its carrier, read whole (the test's handle on the database is typed for any schema). */
const allCircuits = async () => await circuitsWithCarrier(telecom.database.db as never);
type Row = Awaited<ReturnType<typeof allCircuits>>[number];

/** Whose circuits a caller sees: all, a carrier's, or some units'. */
type Scope = { all: true } | { carrierId: string } | { unitIds: ReadonlySet<string> };

/** What the list must answer: ordered by the moment's day, in the status reached then, in scope, filtered, in id order. */
function expected(rows: Row[], scope: Scope, filter: CircuitFilter, moment?: Moment): Node[] {
  const day = dayOfMoment(moment?.at ?? new Date());
  return rows
    .map((c) => ({ ...c, status: circuitStatusOn(c, day) }))
    .filter((c) => c.status !== null)
    .filter((c) => ('all' in scope ? true : 'carrierId' in scope ? c.carrierId === scope.carrierId : scope.unitIds.has(c.unitId)))
    .filter((c) => !filter.carrierId || c.carrierId === filter.carrierId)
    .filter((c) => !filter.unitId || c.unitId === filter.unitId)
    .filter((c) => !filter.dataCenterId || c.dataCenterId === filter.dataCenterId)
    .filter((c) => !filter.tariffId || c.tariffId === filter.tariffId)
    .filter((c) => !filter.status || c.status === filter.status)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((c) => ({
      id: c.id,
      unit: { id: c.unitId },
      dataCenter: { id: c.dataCenterId },
      tariff: { id: c.tariffId },
      status: c.status as string,
    }));
}

const ALL: Scope = { all: true };

describe('Query.circuits', () => {
  beforeAll(async () => {
    // Circuits in every status, with days kept around the batches' ends and without (reached before the
    // programme), so that the status filter's SQL (circuitStatusSql) meets every branch of circuitStatusOn.
    const { tariffId } = present((await allCircuits())[0], 'a seeded circuit');
    const base = { unitId: 'test-twin-unit', dataCenterId: 'test-twin-dc', tariffId, bandwidthMbps: 100, isSample: true };
    const day = (
      orderedOn: string | null,
      provisioningOn: string | null = null,
      activeOn: string | null = null,
      decommissionedOn: string | null = null,
    ) => ({
      orderedOn,
      provisioningOn,
      activeOn,
      decommissionedOn,
    });
    await telecom.database.db.insert(circuits).values([
      { ...base, id: 'test-twin-1', status: 'PLANNED', ...day('2015-10-01') },
      { ...base, id: 'test-twin-2', status: 'PLANNED', ...day(null) },
      { ...base, id: 'test-twin-3', status: 'PROVISIONING', ...day('2015-09-01', '2015-12-31') },
      { ...base, id: 'test-twin-4', status: 'ACTIVE', ...day('2015-09-30', '2015-10-15', '2016-01-01') },
      { ...base, id: 'test-twin-5', status: 'ACTIVE', ...day(null) },
      { ...base, id: 'test-twin-6', status: 'DECOMMISSIONED', ...day('2015-07-01', '2015-07-10', '2015-08-01', '2015-12-01') },
      { ...base, id: 'test-twin-7', status: 'DECOMMISSIONED', ...day('2015-10-01', null, '2015-10-02', '2016-02-01') },
    ]);
  });

  it("lists every circuit to the programme's readers and the park's operator, a page at a time, as they stood", async () => {
    const rows = await allCircuits();
    for (const moment of MOMENTS) {
      const whole = expected(rows, ALL, {}, moment);
      expect(whole.length).toBeGreaterThan(5);
      expect(await walk(OFFICE, null, 7, moment)).toEqual({ nodes: whole, pages: Math.ceil(whole.length / 7), totalCount: whole.length });
      for (const viewer of [FINANCE, ANALYST, PARK_OPERATOR]) expect((await walk(viewer, null, 100, moment)).nodes).toEqual(whole);
    }
    // Circuits ordered after batch 1 ended are left out as of its end, not shown early.
    expect(expected(rows, ALL, {}, END_OF_BATCH_1).length).toBeLessThan(expected(rows, ALL, {}, NOW).length);
  });

  it('keeps only the circuits that meet every condition of the filter, each in the status it had then', async () => {
    const rows = await allCircuits();
    const first = present(rows[0], 'a circuit');
    const filters: CircuitFilter[] = [
      { carrierId: 'china-telecom-chongqing' },
      { carrierId: 'china-mobile-chongqing' },
      { unitId: 'banan-district' },
      { dataCenterId: first.dataCenterId },
      { tariffId: first.tariffId },
      { status: 'PLANNED' },
      { status: 'PROVISIONING' },
      { status: 'ACTIVE' },
      { status: 'DECOMMISSIONED' },
      { carrierId: 'china-telecom-chongqing', status: 'ACTIVE', dataCenterId: first.dataCenterId },
    ];
    let narrowed = 0;
    for (const moment of MOMENTS) {
      const whole = expected(rows, ALL, {}, moment);
      for (const filter of filters) {
        const want = expected(rows, ALL, filter, moment);
        const got = await walk(OFFICE, filter, 50, moment);
        expect(got.nodes, `${JSON.stringify(filter)} at ${moment?.at.toISOString() ?? 'now'}`).toEqual(want);
        expect(got.totalCount).toBe(want.length);
        if (want.length > 0 && want.length < whole.length) narrowed++;
      }
    }
    expect(narrowed).toBeGreaterThan(filters.length);
    // The statuses met over the moments: the status filter (circuitStatusSql) is checked against circuitStatusOn on each.
    const statuses = new Set(MOMENTS.flatMap((m) => expected(rows, ALL, {}, m).map((c) => c.status)));
    expect([...statuses].sort()).toEqual(['ACTIVE', 'DECOMMISSIONED', 'PLANNED', 'PROVISIONING']);
  });

  it('lists for a carrier only its own circuits, and none of another carrier it filters for', async () => {
    const rows = await allCircuits();
    for (const moment of [NOW, END_OF_BATCH_2]) {
      const own = expected(rows, { carrierId: 'china-telecom-chongqing' }, {}, moment);
      expect(own.length).toBeGreaterThan(1);
      expect((await walk(TELECOM, null, 3, moment)).nodes).toEqual(own);
    }
    expect(await walk(TELECOM, { carrierId: 'china-mobile-chongqing' }, 10)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
  });

  it("lists for a unit's officer only its own unit's circuits, and none of another unit it filters for", async () => {
    const rows = await allCircuits();
    const own = expected(rows, { unitIds: new Set(['banan-district']) }, {}, NOW);
    expect(own.length).toBeGreaterThan(1);
    expect((await walk(officerOf('banan-district'), null, 1)).nodes).toEqual(own);
    expect(await walk(officerOf('banan-district'), { unitId: 'nanan-district' }, 5)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
    expect(await walk(officerOf('unit-with-no-circuits'), null, 5)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
  });

  it('lists for a coordinating unit the circuits of the units it coordinates (§6.2), asking units once', async () => {
    const SUBTREE = parse('query TelecomListSubtree($id: ID!) { unit(id: $id) { subtreeIds } }') as TypedDocumentNode<
      { unit: { subtreeIds: string[] | null } | null },
      { id: string }
    >;
    const rows = await allCircuits();
    const subtree = present(dataOf(await execute(units, SUBTREE, { id: 'nanan-district' }, OFFICE)).unit?.subtreeIds, 'the subtree');
    const want = expected(rows, { unitIds: new Set(['nanan-district', ...subtree]) }, {}, NOW);
    expect(want.length).toBeGreaterThan(0);
    const before = units.listening.requests.count;
    const page = present(dataOf(await execute(telecom, LIST, { first: 100 }, coordinatorOf('nanan-district'))).circuits, 'a page');
    expect(units.listening.requests.count - before).toBe(1);
    expect(page.edges.map((e) => e.node)).toEqual(want);
    expect(page.totalCount).toBe(want.length);
  });

  it('refuses a cloud provider (FORBIDDEN) and a caller not signed in (UNAUTHENTICATED)', async () => {
    const vendor = await execute(telecom, LIST, { first: 5 }, vendorStaff('sample-jialing-cloud'));
    expect(vendor.data?.circuits).toBeNull();
    expect(errorOf(vendor)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^Refused for the vendor role/) });
    const anonymous = await execute(telecom, LIST, { first: 5 });
    expect(anonymous.data?.circuits).toBeNull();
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
  });

  it('refuses more than 100 a page and a cursor it did not issue (BAD_USER_INPUT)', async () => {
    for (const variables of [{ first: 101 }, { first: 5, after: 'bm90IGEgY3Vyc29y' }]) {
      const result = await execute(telecom, LIST, variables, OFFICE);
      expect(result.data?.circuits).toBeNull();
      expect(errorOf(result).code).toBe('BAD_USER_INPUT');
    }
  });

  it('runs the same number of statements for a page of 2 as for a page of 100, tariffs and carriers included', async () => {
    const DEEP = graphql(`query TelecomCircuitListDeep($first: Int) {
      circuits(first: $first) { totalCount edges { node { id status bandwidthMbps orderedOn tariff { product carrier { name } } } } } }`);
    const counts: number[] = [];
    for (const moment of [NOW, END_OF_BATCH_2]) {
      for (const first of [2, 100]) {
        const before = telecom.database.statements.count;
        const page = present(dataOf(await execute(telecom, DEEP, { first }, OFFICE, moment)).circuits, 'a page');
        counts.push(telecom.database.statements.count - before);
        expect(page.edges.length).toBe(Math.min(first, page.totalCount));
      }
    }
    // The page, its count, the tariffs, their carriers.
    expect(counts).toEqual([4, 4, 4, 4]);
  });
});
