/**
 * The programme's list of contracts (`Query.contracts`): keyset pages in id order, every filter, as of the
 * operation's moment, and the rows each role may see, checked against an oracle that reads the contract
 * rows whole and applies the TypeScript rules (rules.ts: contractStatusOn, inForce, recordedBy) and the
 * policy's `contractVisible`; the SQL the list runs is not consulted. The real units subgraph, served over
 * HTTP on its own seed, says which units a coordinating unit covers.
 */
import type { Viewer } from '@cq/kit/identity';
import type { Moment } from '@cq/kit/moment';
import {
  type AskingTestSubgraph,
  dataOf,
  END_OF_BATCH_1,
  END_OF_BATCH_2,
  errorOf,
  execute,
  present,
  type Served,
  startTestSubgraphAsking,
  walkPages,
} from '@cq/kit/testing';
import { dayOfMoment } from '@cq/kit/time';
import { createUnitsSubgraph } from '@cq/units';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { type ContractRow, contractLines, contracts } from '../src/data/schema.ts';
import { contractVisible, type ReadScope } from '../src/domain/policy.ts';
import { contractStatusOn, inForce, recordedBy } from '../src/domain/rules.ts';
import { createVendorsSubgraph } from '../src/server.ts';
import { type ContractFilter, graphql } from './generated/graphql.ts';
import { ANALYST, CARRIER, coordinatorOf, FINANCE, JIALING, OFFICE, officerOf, PARK_OPERATOR, SHANCHENG } from './viewers.ts';

let vendors: AskingTestSubgraph<Context, 'units'>;
let units: Served;
beforeAll(async () => {
  vendors = await startTestSubgraphAsking('vendors', createVendorsSubgraph, { units: createUnitsSubgraph });
  units = vendors.peers.units;
});
afterAll(() => vendors?.stop());

/** Moments the list is read at: the operation's own now, the end of batch 1 and of batch 2 (Asia/Shanghai). */
const NOW = undefined;
const MOMENTS = [NOW, END_OF_BATCH_1, END_OF_BATCH_2];

const LIST = graphql(`query VendorsContractList($filter: ContractFilter, $first: Int, $after: String) {
  contracts(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id unit { id } vendor { id } status signedOn } } } }`);

type Node = { id: string; unit: { id: string }; vendor: { id: string }; status: string; signedOn?: string | null };

/** Every page of the list as the viewer sees it, walked with `after`: the nodes, the pages and the last totalCount. */
const walk = (viewer: Viewer, filter: ContractFilter | null, first: number, moment?: Moment) =>
  walkPages<Node>(async (after) => dataOf(await execute(vendors, LIST, { filter, first, after }, viewer, moment)).contracts, first);

/** The oracle: every contract row, with the systems its lines name, read whole. */
async function allContracts() {
  const { db } = vendors.database;
  const rows: ContractRow[] = await db.select().from(contracts);
  const lines = await db.select({ contractId: contractLines.contractId, systemId: contractLines.systemId }).from(contractLines);
  return rows.map((c) => ({ ...c, systems: lines.filter((l) => l.contractId === c.id).map((l) => l.systemId) }));
}
type Row = Awaited<ReturnType<typeof allContracts>>[number];

/** What the list must answer: the rows recorded at the moment, in scope, meeting the filter, in id order, as they stood. */
function expected(rows: Row[], scope: ReadScope, filter: ContractFilter, moment?: Moment): Node[] {
  const at = moment?.at ?? new Date();
  const day = dayOfMoment(at);
  return rows
    .filter((c) => !moment || recordedBy(c, day))
    .filter((c) => contractVisible(scope, c))
    .filter((c) => !filter.vendorId || c.vendorId === filter.vendorId)
    .filter((c) => !filter.unitId || c.unitId === filter.unitId)
    .filter((c) => !filter.systemId || c.systems.includes(String(filter.systemId)))
    .filter((c) => !filter.status || contractStatusOn(c, day) === filter.status)
    .filter((c) => filter.inForce == null || inForce(c, at) === filter.inForce)
    .filter((c) => !filter.signedFrom || (c.signedOn !== null && c.signedOn >= filter.signedFrom))
    .filter((c) => !filter.signedBefore || (c.signedOn !== null && c.signedOn < filter.signedBefore))
    .filter((c) => !filter.startsBy || c.startsOn <= filter.startsBy)
    .filter((c) => !filter.endsFrom || c.endsOn >= filter.endsFrom)
    .filter((c) => filter.isSample == null || c.isSample === filter.isSample)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((c) => ({ id: c.id, unit: { id: c.unitId }, vendor: { id: c.vendorId }, status: contractStatusOn(c, day), signedOn: c.signedOn }));
}

const ALL: ReadScope = { kind: 'all' };

describe('Query.contracts', () => {
  it("lists every contract to the programme's readers, a page at a time in id order, as they stood at the moment", async () => {
    const rows = await allContracts();
    for (const moment of MOMENTS) {
      const whole = expected(rows, ALL, {}, moment);
      expect(whole.length, `${moment?.at.toISOString()}`).toBeGreaterThan(5);
      const walked = await walk(OFFICE, null, 7, moment);
      expect(walked).toEqual({ nodes: whole, pages: Math.ceil(whole.length / 7), totalCount: whole.length });
      for (const viewer of [FINANCE, ANALYST]) expect((await walk(viewer, null, 100, moment)).nodes).toEqual(whole);
    }
    // Batch 1's end saw fewer contracts than now: those recorded later are left out, not shown early.
    expect(expected(rows, ALL, {}, END_OF_BATCH_1).length).toBeLessThan(expected(rows, ALL, {}, NOW).length);
  });

  it('keeps only the contracts that meet every condition of the filter, now and as of a moment', async () => {
    const rows = await allContracts();
    const some = expected(rows, ALL, {}, NOW);
    const first = present(some[0], 'a contract');
    const system = present(
      rows.flatMap((c) => c.systems).find((s) => s !== null),
      'a contract line for a system',
    );
    const filters: ContractFilter[] = [
      { vendorId: 'sample-jialing-cloud' },
      { unitId: first.unit.id },
      { systemId: system },
      { status: 'SIGNED' },
      { status: 'ACTIVE' },
      { status: 'ENDED' },
      { inForce: true },
      { inForce: false },
      { signedFrom: '2015-10-01' },
      { signedBefore: '2015-10-01' },
      { signedFrom: '2015-08-01', signedBefore: '2016-01-01' },
      { startsBy: '2015-09-30' },
      { endsFrom: '2017-01-01' },
      { isSample: true },
      { isSample: false },
      { vendorId: 'sample-jialing-cloud', inForce: true, startsBy: '2016-06-30' },
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
    // The filters are not all trivially empty or whole: most cut the list somewhere.
    expect(narrowed).toBeGreaterThan(filters.length * 2);
    // Every status is met somewhere, so the status filter (contractStatusSql) is tested against contractStatusOn on each.
    const statuses = new Set(MOMENTS.flatMap((m) => expected(rows, ALL, {}, m).map((c) => c.status)));
    expect([...statuses].sort()).toEqual(['ACTIVE', 'ENDED', 'SIGNED']);
  });

  it('lists for a provider only its own contracts, and nothing of another provider it filters for', async () => {
    const rows = await allContracts();
    for (const moment of [NOW, END_OF_BATCH_2]) {
      const own = expected(rows, { kind: 'vendor', vendorId: 'sample-jialing-cloud' }, {}, moment);
      expect(own.length).toBeGreaterThan(1);
      expect((await walk(JIALING, null, 3, moment)).nodes).toEqual(own);
    }
    expect(await walk(JIALING, { vendorId: 'sample-shancheng-data' }, 10)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
    expect((await walk(SHANCHENG, null, 100)).nodes.every((c) => c.vendor.id === 'sample-shancheng-data')).toBe(true);
  });

  it("lists for a unit's officer only its own unit's contracts; none for a unit without any", async () => {
    const rows = await allContracts();
    const own = expected(rows, { kind: 'units', unitIds: new Set(['kai-county']) }, {}, NOW);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((c) => c.unit.id === 'kai-county')).toBe(true);
    expect(own.length).toBeLessThan(expected(rows, ALL, {}, NOW).length);
    expect((await walk(officerOf('kai-county'), null, 5)).nodes).toEqual(own);
    // Filtering for another unit finds nothing: the list is cut to the caller's scope first.
    expect(await walk(officerOf('kai-county'), { unitId: 'nanan-district' }, 5)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
    // Every unit of the seed buys something: a unit of no contract is one the vendors seed does not name.
    const without = 'unit-with-no-contracts';
    expect(rows.some((c) => c.unitId === without)).toBe(false);
    expect(await walk(officerOf(without), null, 5)).toEqual({ nodes: [], pages: 1, totalCount: 0 });
  });

  it("lists for a coordinating unit its subtree's contracts, asking units once", async () => {
    const SUBTREE = parse('query VendorsListSubtree($id: ID!) { unit(id: $id) { subtreeIds } }') as TypedDocumentNode<
      { unit: { subtreeIds: string[] | null } | null },
      { id: string }
    >;
    const rows = await allContracts();
    const subtree = present(dataOf(await execute(units, SUBTREE, { id: 'nanan-district' }, OFFICE)).unit?.subtreeIds, 'the subtree');
    const want = expected(rows, { kind: 'units', unitIds: new Set(['nanan-district', ...subtree]) }, {}, NOW);
    expect(want.length).toBeGreaterThan(0);
    const before = units.listening.requests.count;
    const page = dataOf(await execute(vendors, LIST, { first: 100 }, coordinatorOf('nanan-district'))).contracts;
    expect(units.listening.requests.count - before).toBe(1);
    expect(page?.edges.map((e) => e.node)).toEqual(want);
    expect(page?.totalCount).toBe(want.length);
  });

  it("refuses the park's operator and carriers (FORBIDDEN) and a caller not signed in (UNAUTHENTICATED)", async () => {
    for (const viewer of [PARK_OPERATOR, CARRIER]) {
      const result = await execute(vendors, LIST, { first: 5 }, viewer);
      expect(result.data?.contracts, viewer.id).toBeNull();
      expect(errorOf(result).code).toBe('FORBIDDEN');
      expect(errorOf(result).message).toMatch(new RegExp(`^Refused for the ${viewer.role} role`));
    }
    const anonymous = await execute(vendors, LIST, { first: 5 });
    expect(anonymous.data?.contracts).toBeNull();
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
  });

  it('refuses more than 100 a page, a cursor it did not issue and a day that does not exist (BAD_USER_INPUT)', async () => {
    for (const variables of [{ first: 101 }, { first: 5, after: 'bm90IGEgY3Vyc29y' }, { filter: { signedFrom: '2015-02-30' } }]) {
      const result = await execute(vendors, LIST, variables, OFFICE);
      expect(result.data?.contracts ?? null, JSON.stringify(variables)).toBeNull();
      expect(errorOf(result).code).toBe('BAD_USER_INPUT');
    }
    // An empty page still says whether more follow.
    const none = present(dataOf(await execute(vendors, LIST, { first: 0 }, OFFICE)).contracts, 'an empty page');
    expect(none).toMatchObject({ edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });

  it('runs the same number of statements for a page of 2 as for a page of 100, its lines, providers and services included', async () => {
    const DEEP = graphql(`query VendorsContractListDeep($first: Int) {
      contracts(first: $first) { totalCount edges { node { id status monthlyAmountCny vendor { name }
        lines { quantity monthlyAmountCny service { name unitPriceCny } } } } } }`);
    const counts: number[] = [];
    for (const moment of [NOW, END_OF_BATCH_2]) {
      for (const first of [2, 100]) {
        const before = vendors.database.statements.count;
        const page = present(dataOf(await execute(vendors, DEEP, { first }, OFFICE, moment)).contracts, 'a page');
        counts.push(vendors.database.statements.count - before);
        expect(page.edges.length).toBe(Math.min(first, page.totalCount));
        expect(page.edges.some((e) => e.node.lines.length > 0)).toBe(true);
      }
    }
    // The page, its count, then one statement each for the lines, the providers and the services (and, as of a moment, their prices then).
    expect(counts).toEqual([5, 5, 6, 6]);
  });
});
