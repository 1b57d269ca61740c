/**
 * The root lists and filters analysts and frontend teams use, through the gateway as roles: a filter that
 * needs another subgraph's facts (`systems(filter: { isPlaced })` asks the park) agrees with that
 * subgraph's own list, and each list shows a role only what it may see, beside a refusal.
 */
import { ANALYST, carrierStaff, dataOf, errorOf, OFFICE, present, type TestPage, vendorStaff, walkPages } from '@cq/kit/testing';
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

const PLACED = graphql(`query ListsPlacedSystems($placed: Boolean, $after: String) {
  systems(first: 100, after: $after, filter: { isPlaced: $placed }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`);
const PLACEMENTS = graphql(`query ListsPlacements($after: String) {
  placements(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { system { id } } } } }`);
const ALL_SYSTEMS = graphql(`query ListsAllSystems { systems(first: 0) { totalCount } }`);
const CONTRACTS = graphql(`query ListsContracts($after: String) {
  contracts(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id vendor { id } } } } }`);
const CIRCUITS = graphql(`query ListsCircuits($after: String) {
  circuits(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id tariff { carrier { id } } } } } }`);

/** Every node of a list, page after page. */
const everyNode = async <N>(page: (after?: string) => Promise<TestPage<N> | null | undefined>) =>
  (await walkPages<N>((after) => page(after ?? undefined), 100)).nodes;

describe('systems filtered by what the park holds', () => {
  it('isPlaced lists exactly the systems the park has in place, and false the others', async () => {
    const inPark = new Set(
      (await everyNode(async (after) => dataOf(await hub.query(PLACEMENTS, { after }, ANALYST)).placements)).map((p) => p.system.id),
    );
    expect(inPark.size).toBeGreaterThan(0);
    const placed = await everyNode(async (after) => dataOf(await hub.query(PLACED, { placed: true, after }, ANALYST)).systems);
    expect(placed.map((s) => s.id).sort()).toEqual([...inPark].sort());
    const notPlaced = await everyNode(async (after) => dataOf(await hub.query(PLACED, { placed: false, after }, ANALYST)).systems);
    expect(notPlaced.some((s) => inPark.has(s.id))).toBe(false);
    const all = present(dataOf(await hub.query(ALL_SYSTEMS, {}, ANALYST)).systems, 'all systems').totalCount;
    expect(notPlaced.length + placed.length).toBe(all);
  });

  it('as of a moment, with the park answering as of the same moment', async () => {
    const query = graphql(`query ListsPlacedNow { placed: systems(first: 0, filter: { isPlaced: true }) { totalCount } }`);
    const early = await hub.post(
      { query: 'query { placed: systems(first: 0, filter: { isPlaced: true }) { totalCount } placements(first: 0) { totalCount } }' },
      { authorization: `Bearer ${await hub.token(ANALYST)}`, 'as-of': '2015-08-01' },
    );
    const body = early.body as { data: { placed: { totalCount: number }; placements: { totalCount: number } } };
    expect(body.data.placed.totalCount).toBe(body.data.placements.totalCount);
    const now = dataOf(await hub.query(query, {}, ANALYST));
    expect(present(now.placed, 'placed').totalCount).toBeGreaterThan(body.data.placed.totalCount);
  });
});

describe('root lists of contracts, placements and circuits, as each role may see them', () => {
  it('shows a provider only its own contracts, the office every one, and refuses a carrier', async () => {
    const all = await everyNode(async (after) => dataOf(await hub.query(CONTRACTS, { after }, OFFICE)).contracts);
    const vendorId = present(all[0], 'a contract').vendor.id;
    const own = await everyNode(async (after) => dataOf(await hub.query(CONTRACTS, { after }, vendorStaff(vendorId))).contracts);
    expect(own.map((c) => c.id).sort()).toEqual(
      all
        .filter((c) => c.vendor.id === vendorId)
        .map((c) => c.id)
        .sort(),
    );
    expect(own.length).toBeLessThan(all.length);
    expect(errorOf(await hub.query(CONTRACTS, {}, carrierStaff('china-telecom-chongqing'))).code).toBe('FORBIDDEN');
  });

  it('shows a carrier only its own circuits, and refuses a provider', async () => {
    const all = present(dataOf(await hub.query(CIRCUITS, {}, OFFICE)).circuits, 'circuits');
    const own = present(dataOf(await hub.query(CIRCUITS, {}, carrierStaff('china-telecom-chongqing'))).circuits, "a carrier's circuits");
    expect(own.edges.every((e) => e.node.tariff.carrier.id === 'china-telecom-chongqing')).toBe(true);
    expect(own.totalCount).toBe(all.edges.filter((e) => e.node.tariff.carrier.id === 'china-telecom-chongqing').length);
    expect(errorOf(await hub.query(CIRCUITS, {}, vendorStaff('sample-jialing-cloud'))).code).toBe('FORBIDDEN');
  });

  it("never offers the park's service-only list of placed systems to a client", async () => {
    const refused = await hub.post({ query: '{ placedSystemIds }' }, { authorization: `Bearer ${await hub.token(OFFICE)}` });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toBe('Cannot query field "placedSystemIds" on type "Query".');
  });
});
