/**
 * The units subgraph with the real peers it asks, as the hub runs them: the park (a plan's destination,
 * where a system is placed) and vendors (a selection's provider and services), each on its own seeded
 * test database and served over HTTP; the park asks units back (whose system it places, and where its
 * approved plan sends it). Tests call units in process, as before.
 */
import { type AskingTestSubgraph, execute, PARK_OPERATOR, startTestSubgraphAsking } from '@cq/kit/testing';
import { createParkSubgraph } from '@cq/park';
import { createVendorsSubgraph } from '@cq/vendors';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { sql } from 'drizzle-orm';
import { parse } from 'graphql';
import type { Context } from '../src/context.ts';
import { createUnitsSubgraph } from '../src/server.ts';

export type UnitsWithPeers = AskingTestSubgraph<Context, 'park' | 'vendors'>;

/** Units asking a real park and a real vendors subgraph. */
export const startUnitsWithPeers = (): Promise<UnitsWithPeers> =>
  startTestSubgraphAsking('units', createUnitsSubgraph, { park: createParkSubgraph, vendors: createVendorsSubgraph });

/** The park's input for a placement (park subgraph: PlaceSystemInput). */
interface PlaceSystemInput {
  systemId: string;
  dataCenterId: string;
  racks: number;
  powerKw: string;
  monthlyFeeCny: string;
  since: string;
}

/**
 * The park's own mutation, written against the park's schema (units' codegen types only units'
 * operations, so this one is typed here by hand).
 */
const PLACE_SYSTEM = parse(
  'mutation UnitsTestPlaceSystem($input: PlaceSystemInput!) { placeSystem(input: $input) { id system { id } dataCenter { id } } }',
) as TypedDocumentNode<{ placeSystem: { id: string; system: { id: string }; dataCenter: { id: string } } }, { input: PlaceSystemInput }>;

/** The park's operator places a system in a data centre (one rack, 5 kW): the park asks units whether its approved plan names it. */
export const placeInPark = (hub: UnitsWithPeers, systemId: string | number, dataCenterId: string | number) =>
  execute(
    hub.peers.park,
    PLACE_SYSTEM,
    {
      input: {
        systemId: String(systemId),
        dataCenterId: String(dataCenterId),
        racks: 1,
        powerKw: '5.0',
        monthlyFeeCny: '4500.00',
        since: '2016-05-15',
      },
    },
    PARK_OPERATOR,
  );

const REMOVE_PLACEMENT = parse(
  'mutation UnitsTestRemovePlacement($systemId: ID!) { removePlacement(systemId: $systemId) { id } }',
) as TypedDocumentNode<{ removePlacement: { id: string } }, { systemId: string }>;

/** The park's operator removes a system's placement: the park asks units whether the system is centralised. */
export const removeFromPark = (hub: UnitsWithPeers, systemId: string) =>
  execute(hub.peers.park, REMOVE_PLACEMENT, { systemId }, PARK_OPERATOR);

/**
 * The day the Government Cloud Platform opens (§4; the park seed's sample date is 2016-01-01), written
 * straight into the park's own database: the park's updateDataCenter refuses to move it against the plans
 * and placements its seed already holds (OPENING_DAY_IN_USE, the park's own tests), while these tests show
 * that units follows whatever day the park gives.
 */
export async function setPlatformOpening(hub: UnitsWithPeers, opensOn: string) {
  await hub.peers.park.database.db.execute(sql`update data_centers set opens_on = ${opensOn} where id = 'government-cloud-platform'`);
}

/**
 * A placement the park made before it checked plans (its seed holds such rows): written straight into
 * the park's own database, since the park's placeSystem now refuses it.
 */
export async function earlierPlacement(hub: UnitsWithPeers, systemId: string, unitId: string, dataCenterId: string) {
  await hub.peers.park.database.db.execute(
    sql`insert into placements (id, system_id, unit_id, data_center_id, racks, power_kw, monthly_fee_cny, since)
        values (${`placement-${systemId}`}, ${systemId}, ${unitId}, ${dataCenterId}, 1, 5.0, 4500.00, '2016-05-15')`,
  );
}
