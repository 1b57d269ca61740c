/**
 * The park as it stood on a day (kit: moment.ts): the moment comes signed with the request, as the gateway
 * sends it. A placement holds from `since` until it is taken out (`until`); taking a system out closes its
 * placement instead of deleting it, so the park can still be read as it stood, capacity and bills
 * included. The real units subgraph, served over HTTP on its own seed, answers what the park asks; the
 * system placed here is one its seed has planned and not yet centralised, and the park has not placed.
 */

import {
  type AskingTestSubgraph,
  dataOf,
  errorOf,
  execute,
  OFFICE,
  PARK_OPERATOR,
  present,
  type Served,
  startTestSubgraphAsking,
} from '@cq/kit/testing';
import { createUnitsSubgraph } from '@cq/units';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { createParkSubgraph } from '../src/server.ts';
import { graphql } from './generated/graphql.ts';

let park: AskingTestSubgraph<Context, 'units'>;
let units: Served;
beforeAll(async () => {
  park = await startTestSubgraphAsking('park', createParkSubgraph, { units: createUnitsSubgraph });
  units = park.peers.units;
});
afterAll(() => park?.stop());

/** A moment asked for: the end of that day in Asia/Shanghai, signed as the gateway signs it. */
const endOf = (day: string) => ({ at: new Date(`${day}T24:00:00+08:00`), asOf: true });
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

type Planned = {
  systems: { edges: { node: { id: string; unit: { id: string }; migrationPlan: { destination: { id: string } } | null } }[] };
};
/** Systems the units seed has planned and not yet centralised (the units subgraph's own schema). */
const PLANNED = parse(`query ParkAsOfPlanned { systems(first: 100, filter: { stage: MIGRATING }) {
  edges { node { id unit { id } migrationPlan { destination { id } } } } } }`) as TypedDocumentNode<Planned, Record<string, never>>;

const SYSTEM = graphql(`query ParkAsOfSystem($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on InformationSystem { placement { id since until } dataCenter { id } parkMonthlyCostCny }
  ... on Unit { placements { id } parkMonthlyCostCny } } }`);
const DATA_CENTER = graphql(
  `query ParkAsOfDataCenter($id: ID!) { dataCenter(id: $id) { isOpen opensOn racksUsed powerUsedKw placements { id } } }`,
);
const PLACE = graphql(`mutation ParkAsOfPlace($input: PlaceSystemInput!) { placeSystem(input: $input) { id since until } }`);
const REMOVE = graphql(`mutation ParkAsOfRemove($systemId: ID!) { removePlacement(systemId: $systemId) { id since until } }`);

describe('the park as of a day', () => {
  it('keeps a removed placement as history: read as of a day, the system, its unit and the data centre are as they stood', async () => {
    // A planned, not yet centralised system the park has not placed.
    const planned = present(dataOf(await execute(units, PLANNED, {}, OFFICE)).systems, 'planned systems').edges.map((e) => e.node);
    const placedNow = async (id: string) => {
      const [system] = dataOf(await execute(park, SYSTEM, { reps: [{ __typename: 'InformationSystem', id }] }, OFFICE))._entities;
      return system && 'placement' in system ? system.placement : null;
    };
    let candidate: (typeof planned)[number] | undefined;
    for (const system of planned) if (system.migrationPlan && !(await placedNow(system.id))) candidate = candidate ?? system;
    const { id, unit, migrationPlan } = present(candidate, 'a planned system the park has not placed');
    const dataCenterId = present(migrationPlan, 'its plan').destination.id;
    const reps = [
      { __typename: 'InformationSystem', id },
      { __typename: 'Unit', id: unit.id, systems: [{ id }] },
    ];
    const asOf = async (day: string) => dataOf(await execute(park, SYSTEM, { reps }, OFFICE, endOf(day)))._entities;
    const dataCenterOn = async (day: string) =>
      present(dataOf(await execute(park, DATA_CENTER, { id: dataCenterId }, OFFICE, endOf(day))).dataCenter, 'data centre');

    const placed = dataOf(
      await execute(
        park,
        PLACE,
        { input: { systemId: id, dataCenterId, racks: 3, powerKw: '10.0', monthlyFeeCny: '7300.00', since: '2016-03-01' } },
        PARK_OPERATOR,
      ),
    ).placeSystem;
    expect(placed).toMatchObject({ since: '2016-03-01', until: null });
    const before = await dataCenterOn('2016-02-29');
    const during = await dataCenterOn('2016-03-01');
    expect(during.racksUsed - before.racksUsed).toBe(3);
    expect(Number(during.powerUsedKw) - Number(before.powerUsedKw)).toBeCloseTo(10);
    expect(before.placements?.map((p) => p.id)).not.toContain(placed.id);
    expect(during.placements?.map((p) => p.id)).toContain(placed.id);
    expect(await asOf('2016-02-29')).toEqual([{ placement: null, dataCenter: null, parkMonthlyCostCny: '0.00' }, expect.anything()]);

    // Taken out today: closed, not deleted.
    const removed = dataOf(await execute(park, REMOVE, { systemId: id }, PARK_OPERATOR)).removePlacement;
    expect(removed).toEqual({ id: placed.id, since: '2016-03-01', until: today() });
    expect(await placedNow(id)).toBeNull();
    const [system, unitThen] = await asOf('2016-03-15');
    expect(system).toEqual({
      placement: { id: placed.id, since: '2016-03-01', until: today() },
      dataCenter: { id: dataCenterId },
      parkMonthlyCostCny: '7300.00',
    });
    expect(unitThen).toMatchObject({ placements: expect.arrayContaining([{ id: placed.id }]) });
    expect(Number((unitThen as { parkMonthlyCostCny: string }).parkMonthlyCostCny)).toBeGreaterThanOrEqual(7300);

    // Not back over the days it was placed before: history is not rewritten.
    const overlapping = await execute(
      park,
      PLACE,
      { input: { systemId: id, dataCenterId, racks: 1, powerKw: '4.0', monthlyFeeCny: '2000.00', since: '2016-03-02' } },
      PARK_OPERATOR,
    );
    expect(errorOf(overlapping)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/starts on or after that day/) });
    // Placed again: a new placement beside the old one; each day reads its own.
    const again = dataOf(
      await execute(
        park,
        PLACE,
        { input: { systemId: id, dataCenterId, racks: 1, powerKw: '4.0', monthlyFeeCny: '2000.00', since: today() } },
        PARK_OPERATOR,
      ),
    ).placeSystem;
    expect(again.id).not.toBe(placed.id);
    expect((await placedNow(id))?.id).toBe(again.id);
    expect((await asOf('2016-03-15'))[0]).toMatchObject({ placement: { id: placed.id }, parkMonthlyCostCny: '7300.00' });
  });

  it('answers whether a data centre was open on the day: the Government Cloud Platform from its opening day', async () => {
    const platform = present(dataOf(await execute(park, DATA_CENTER, { id: 'government-cloud-platform' }, OFFICE)).dataCenter, 'platform');
    const opensOn = present(platform.opensOn, 'its opening day');
    const dayBefore = new Date(new Date(`${opensOn}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    const on = async (day: string) =>
      present(dataOf(await execute(park, DATA_CENTER, { id: 'government-cloud-platform' }, OFFICE, endOf(day))).dataCenter, 'platform')
        .isOpen;
    expect(await on(dayBefore)).toBe(false);
    expect(await on(opensOn)).toBe(true);
    expect(platform.isOpen).toBe(opensOn <= today());
  });
});
