/**
 * The gateway when a subgraph is slow, cut off or gone: the other subgraphs' data still comes, the missing
 * fields carry an error naming the subgraph, reads are retried a bounded number of times and mutations
 * never, and the gateway recovers by itself when the subgraph is back. The telecom subgraph is real; a
 * TCP proxy between the gateway and it (../src/faults.ts) brings the faults.
 */
import { ANALYST, carrierStaff, dataOf, errorOf } from '@cq/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultyProxy, faultyProxy } from '../src/faults.ts';
import { type Hub, startHub } from '../src/hub.ts';
import { tariffInput } from '../src/inputs.ts';
import { graphql } from './generated/graphql.ts';

const TIMEOUT_MS = 1000;
const RETRIES = 2;

let hub: Hub;
let telecom: FaultyProxy;
beforeAll(async () => {
  hub = await startHub({
    through: async (name, url) => {
      if (name !== 'telecom') return url;
      telecom = await faultyProxy(url);
      return telecom.url;
    },
    callPolicies: { telecom: { timeoutMs: TIMEOUT_MS, retries: RETRIES } },
  });
});
afterAll(async () => {
  await hub?.stop();
  await telecom?.close();
});

// Units answers the units, telecom each unit's circuits (a field telecom adds to units' entity).
const BOTH = graphql(`query FaultsUnitsAndCircuits { units(first: 3) { totalCount edges { node { id circuits { id } } } } }`);
const CREATE_TARIFF = graphql(`mutation FaultsCreateTariff($input: CreateTariffInput!) { createTariff(input: $input) { id } }`);
const TARIFF = graphql(`query FaultsTariff($id: ID!) { tariff(id: $id) { id } }`);
const CARRIER = carrierStaff('china-telecom-chongqing');

type Both = { units: { totalCount: number; edges: { node: { id: string; circuits: unknown[] | null } }[] } };

/** The whole answer: the units, each with its circuits (a list, empty or not). */
function whole(result: Awaited<ReturnType<Hub['query']>>) {
  const { units } = dataOf(result) as Both;
  expect(units.edges).toHaveLength(3);
  for (const { node } of units.edges) expect(node.circuits).toBeInstanceOf(Array);
}

/** The answer has units' data, each unit's circuits missing, and one error for telecom with the reason given. */
function partial(result: Awaited<ReturnType<Hub['query']>>, reason: string) {
  const { units } = result.data as Both;
  expect(units.totalCount).toBeGreaterThan(0);
  expect(units.edges.map(({ node }) => node.circuits)).toEqual([null, null, null]);
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'telecom', reason });
  return result.errors?.[0]?.message ?? '';
}

describe('a slow subgraph', () => {
  it(`is given up on after its timeout (${TIMEOUT_MS} ms): the others' data comes, its fields carry the error`, async () => {
    telecom.delayMs = TIMEOUT_MS * 3;
    try {
      const before = telecom.forwarded;
      const message = partial(await hub.query(BOTH, {}, ANALYST), 'timeout');
      expect(message).toBe(
        'The telecom subgraph could not answer (it did not answer within 1 s); the fields it serves are missing from this answer. Retry shortly.',
      );
      // A timeout is not retried: the caller has waited enough. The one request reached telecom.
      expect(telecom.forwarded - before).toBe(1);
    } finally {
      telecom.delayMs = 0;
    }
    // Once it answers in time again, the whole answer comes.
    whole(await hub.query(BOTH, {}, ANALYST));
  });
});

describe('a cut connection', () => {
  it('is retried for a read: the answer is whole', async () => {
    // Cuts from a fresh connection on: the gateway's kept-alive ones are closed with the listener.
    await telecom.down();
    await telecom.up();
    const before = telecom.connections;
    telecom.cutNext(RETRIES);
    whole(await hub.query(BOTH, {}, ANALYST));
    expect(telecom.connections - before).toBe(RETRIES + 1);
  });

  it('is never retried for a mutation: it fails naming the subgraph, and nothing was written', async () => {
    await telecom.down();
    await telecom.up();
    const before = telecom.connections;
    telecom.cutNext(1);
    const refused = await hub.query(CREATE_TARIFF, { input: tariffInput('faults-cut-tariff') }, CARRIER);
    expect(errorOf(refused)).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ subgraph: 'telecom', reason: 'unreachable' });
    expect(telecom.connections - before).toBe(1);
    expect(dataOf(await hub.query(TARIFF, { id: 'faults-cut-tariff' }, ANALYST)).tariff).toBeNull();
    // The same mutation, sent again by the client, is written once.
    expect(dataOf(await hub.query(CREATE_TARIFF, { input: tariffInput('faults-cut-tariff') }, CARRIER)).createTariff.id).toBe(
      'faults-cut-tariff',
    );
  });
});

describe('a subgraph that is gone', () => {
  it('leaves the others answering and the gateway ready but degraded; when it is back, all answers come, with no restart', async () => {
    const ready = () => fetch(hub.url.replace('/graphql', '/health/ready'));
    await telecom.down();
    try {
      const message = partial(await hub.query(BOTH, {}, ANALYST), 'unreachable');
      expect(message).toMatch(/^The telecom subgraph could not answer \(connection refused, 3 attempts\);/);
      expect((await fetch(hub.url.replace('/graphql', '/health/live'))).status).toBe(200);
      const degraded = await ready();
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toMatchObject({ status: 'degraded', dependencies: { telecom: 'down', units: 'up' } });
    } finally {
      await telecom.up();
    }
    whole(await hub.query(BOTH, {}, ANALYST));
    expect(await (await ready()).json()).toMatchObject({ status: 'ready' });
  });
});

describe("the gateway's shutdown", () => {
  it('drains: a request in flight gets its whole answer, and then nothing more is accepted', async () => {
    telecom.delayMs = 300;
    const reached = telecom.nextRequest();
    const inFlight = hub.query(BOTH, {}, ANALYST);
    // The request has reached telecom (through the proxy) before the stop begins.
    await reached;
    const stopped = hub.stopGateway(5000);
    whole(await inFlight);
    await stopped;
    await expect(hub.query(BOTH, {}, ANALYST)).rejects.toThrow();
    telecom.delayMs = 0;
  });
});
