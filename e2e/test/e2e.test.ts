import { at, dataOf, errorOf, OFFICE, present } from '@cq/kit/testing';
import { CrossGraphUnitsDocument } from '@cq/schema/operations';
import { seedUnits } from '@cq/units/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from '../src/hub.ts';
import { type GatewayUnitsPageQuery, graphql } from './generated/graphql.ts';

const crossGraph = CrossGraphUnitsDocument;

let hub: Hub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('the gateway, over HTTP, in front of the four subgraphs', () => {
  it('answers one query with data from all four subgraphs', async () => {
    const result = await hub.query(crossGraph, { first: 3 }, OFFICE);
    expect(result.errors).toBeUndefined();
    const units = present(dataOf(result).units, 'units');
    expect(units.totalCount).toBe(seedUnits().length);
    const first = at(
      units.edges.map((e) => e.node),
      0,
    );
    expect(first.name).toBe('Banan District'); // units: pilots (batch 1) first, then by id
    expect(first.batch.number).toBe(1);
    const placed = first.systems.find((s) => s.dataCenter);
    expect(placed?.vendor?.name).toMatch(/\w/); // vendors
    expect(placed?.dataCenter?.name).toBe('Transitional Government Data Centre'); // park
    expect(placed?.dataCenter?.carriers?.map((c) => c.name)).toContain('China Telecom Chongqing'); // telecom
    expect(first.circuits?.map((c) => c.tariff.carrier.name)).toEqual(['China Telecom Chongqing', 'China Unicom Chongqing']);
    // A classified system is never selected a vendor or placed (§1).
    expect(first.systems.find((s) => s.name.includes('Confidential'))).toMatchObject({ vendor: null, dataCenter: null });
  });

  it('runs the same number of SQL statements in each subgraph for 3 units as for 12', async () => {
    const three = await hub.statementsFor(crossGraph, { first: 3 }, OFFICE);
    const twelve = await hub.statementsFor(crossGraph, { first: 12 }, OFFICE);
    expect(twelve).toEqual(three);
    // The four subgraphs the query crosses each answer with SQL (notifications is not asked).
    for (const name of ['units', 'vendors', 'park', 'telecom']) expect(three[name]).toBeGreaterThan(0);
  });

  it('pages through units with cursors, without gaps or repeats', async () => {
    const page = graphql(
      `query GatewayUnitsPage($after: String) { units(first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
    );
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: GatewayUnitsPageQuery = dataOf(await hub.query(page, { after }, OFFICE));
      const units = present(data.units, 'units');
      ids.push(...units.edges.map((e) => e.node.id));
      if (!units.pageInfo.hasNextPage) break;
      after = units.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(seedUnits().length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a page larger than 100 and a forged cursor with BAD_USER_INPUT', async () => {
    const big = errorOf(await hub.query(graphql(`query GatewayTooLargePage { units(first: 101) { totalCount } }`), {}, OFFICE));
    expect(big.code).toBe('BAD_USER_INPUT');
    expect(big.message).toMatch(/first must be between 0 and 100/);
    const forged = errorOf(await hub.query(graphql(`query GatewayForgedCursor { units(after: "nonsense") { totalCount } }`), {}, OFFICE));
    expect(forged.code).toBe('BAD_USER_INPUT');
  });

  it('finds a unit by its name in traditional characters', async () => {
    const { units } = dataOf(
      await hub.query(
        graphql(`query GatewayTraditionalSearch { units(filter: { search: "重慶市經濟和信息化委員會" }) { edges { node { id } } } }`),
        {},
        OFFICE,
      ),
    );
    expect(present(units, 'units').edges.map((e) => e.node.id)).toEqual(['economic-information-commission']);
  });

  it('answers GET /health/live and /health/ready, serves Apollo Sandbox, and lets Sandbox call it across origins', async () => {
    const base = hub.url.replace('/graphql', '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const landing = await fetch(hub.url, { headers: { accept: 'text/html' } });
    expect(await landing.text()).toMatch(/sandbox/i);
    const preflight = await fetch(hub.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://studio.apollographql.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
    const stranger = await fetch(hub.url, { method: 'OPTIONS', headers: { origin: 'https://example.org' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a simple GET without a preflight header (CSRF prevention)', async () => {
    const url = `${hub.url}?query=${encodeURIComponent('{ batches { number } }')}`;
    const authorization = `Bearer ${await hub.token(OFFICE)}`;
    // Refused as a cross-site page would send it (no token), and with a token too.
    expect((await fetch(url)).status).toBe(400);
    expect((await fetch(url, { headers: { authorization } })).status).toBe(400);
    const allowed = await fetch(url, { headers: { 'apollo-require-preflight': 'true', authorization } });
    const body = (await allowed.json()) as { data: { batches: { number: number }[] } };
    expect(body.data.batches.map((b) => b.number)).toEqual([1, 2, 3]);
  });

  // Last: it stops a subgraph.
  it('degrades only the fields of a subgraph that fails', async () => {
    await hub.subgraph('telecom').listening.stop();
    const { data, errors } = await hub.query(crossGraph, { first: 3 }, OFFICE);
    expect(data?.units?.edges).toHaveLength(3);
    const first = at(data?.units?.edges, 0).node;
    expect(first.circuits).toBeNull();
    expect(at(first.systems, 0).vendor?.name).toMatch(/\w/);
    expect(errors?.length).toBeGreaterThan(0);
  });
});
