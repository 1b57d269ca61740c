/**
 * The telecom subgraph's events (src/domain/events.ts): every mutation, run once by the carrier it is
 * about, adds exactly one event to its outbox, the next seq of the log, of its kind and naming the carrier
 * and, for a circuit, its unit, never to a provider (who reads no circuits); a refused change adds none.
 */

import type { Viewer } from '@cq/kit/identity';
import { type AskingTestSubgraph, execute, OFFICE, signedFor, startTestSubgraphAsking } from '@cq/kit/testing';
import { watchOutbox } from '@cq/kit/testing-outbox';
import { createUnitsSubgraph } from '@cq/units';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { events } from '../src/domain/events.ts';
import { createTelecomSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let telecom: AskingTestSubgraph<Context, 'units'>;
beforeAll(async () => {
  telecom = await startTestSubgraphAsking('telecom', createTelecomSubgraph, { units: createUnitsSubgraph });
});
afterAll(async () => telecom?.stop());

const CARRIER = 'china-mobile-chongqing';
const ENGINEER: Viewer = { id: 'china-mobile-engineer', role: 'carrier', carrierId: CARRIER };

const { ran, told, refused } = watchOutbox(() => telecom);

const CREATE_TARIFF = graphql(`mutation EventsCreateTariff($input: CreateTariffInput!) { createTariff(input: $input) { id } }`);
const CREATE_CIRCUIT = graphql(`mutation EventsCreateCircuit($input: CreateCircuitInput!) { createCircuit(input: $input) { id } }`);
const ADVANCE_CIRCUIT = graphql(`mutation EventsAdvanceCircuit($input: AdvanceCircuitInput!) { advanceCircuit(input: $input) { id } }`);

describe('every mutation of the telecom subgraph records its event, and a refused one none', () => {
  it('tells everyone of a tariff published, naming its carrier', async () => {
    const input = {
      id: 'evt-tariff',
      carrierId: CARRIER,
      product: 'Dedicated line',
      bandwidthMbps: 200,
      standardMonthlyPriceCny: '3000.00',
      preferentialMonthlyPriceCny: '2400.00',
      oneTimeChargeCny: '500.00',
      commitmentMonths: 12,
      validFrom: '2016-01-01',
    };
    const tariff = await told('createTariff', () => execute(telecom, CREATE_TARIFF, { input }, ENGINEER), {
      kind: 'TARIFF_CHANGED',
      subjectId: 'evt-tariff',
      carrierId: CARRIER,
    });
    expect(tariff.roles).toContain('vendor');
  });

  it('tells of a circuit ordered and moved on, to its unit and carrier, never to a provider, and of nothing refused', async () => {
    const ordered = await told(
      'createCircuit',
      () =>
        execute(
          telecom,
          CREATE_CIRCUIT,
          { input: { unitId: 'beibei-district', dataCenterId: 'government-cloud-platform', tariffId: 'evt-tariff' } },
          ENGINEER,
        ),
      { kind: 'CIRCUIT_CHANGED', unitId: 'beibei-district', carrierId: CARRIER },
    );
    expect(ordered.data).toMatchObject({ status: 'PLANNED' });
    expect(ordered.roles).not.toContain('vendor');
    const advance = (status: 'PROVISIONING' | 'DECOMMISSIONED') => () =>
      execute(telecom, ADVANCE_CIRCUIT, { input: { id: ordered.subjectId, status } }, ENGINEER);
    const moved = await told('advanceCircuit', advance('PROVISIONING'), {
      kind: 'CIRCUIT_CHANGED',
      subjectId: ordered.subjectId,
      unitId: 'beibei-district',
      carrierId: CARRIER,
    });
    expect(moved.data).toMatchObject({ status: 'PROVISIONING' });
    expect(await refused(advance('DECOMMISSIONED'), 'STATUS_OUT_OF_ORDER')).toEqual([]);
  });

  it('ran every mutation the schema has', () => {
    expect([...ran].sort()).toEqual(Object.keys(events.changes).sort());
  });
});

describe('its event log, served at /events', () => {
  const feed = async (query: string, headers: Record<string, string> = {}) => {
    const response = await fetch(new URL(`/events${query}`, telecom.listening.url), { headers });
    return {
      status: response.status,
      body: (await response.json()) as { events?: { id: string }[]; last?: number; errors?: { extensions: { code: string } }[] },
    };
  };
  const SERVICE = { id: 'service:test', role: 'service' } as const;

  it("answers the hub's services: the events after a seq, and the log's end without one", async () => {
    const end = await feed('', await signedFor(SERVICE));
    expect(end.status).toBe(200);
    expect(end.body.last).toBeGreaterThan(0);
    const all = await feed('?after=0', await signedFor(SERVICE));
    expect(all.body.events?.map((e) => e.id)).toEqual(Array.from({ length: end.body.last ?? 0 }, (_, i) => `telecom-${i + 1}`));
  });

  it('refuses a request nobody of the hub signed, any person (the log holds every tenant’s events), and a bad seq', async () => {
    expect((await feed('?after=0')).status).toBe(401);
    for (const viewer of [OFFICE, ENGINEER]) {
      const refused = await feed('?after=0', await signedFor(viewer));
      expect(refused.status).toBe(403);
      expect(refused.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    const bad = await feed('?after=-1', await signedFor(SERVICE));
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
