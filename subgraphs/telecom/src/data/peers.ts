/**
 * What the telecom subgraph asks the units subgraph, as a service of the hub (kit: services.ts), besides
 * a coordinator's subtree (the kit's `coordinatedUnits`, policy.ts): whether a unit exists, before a
 * circuit is ordered for it. A units subgraph that cannot answer makes the caller refuse (askPeer throws
 * SUBGRAPH_UNAVAILABLE): nothing is written unchecked.
 */
import type { AskPeer } from '@cq/kit/services';

/** One unit by id: whether the units subgraph knows it. */
const UNIT_KNOWN = 'query TelecomUnitKnown($id: ID!) { unit(id: $id) { id } }';

/** Whether the units subgraph knows this unit; one call, remembered for the request by askPeer. */
export async function askUnitKnown(ask: AskPeer, id: string): Promise<boolean> {
  const data = await ask<{ unit: { id: string } | null }>('units', UNIT_KNOWN, { id });
  return data.unit != null;
}
