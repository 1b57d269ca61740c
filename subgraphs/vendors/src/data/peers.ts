/**
 * What the vendors subgraph asks the units subgraph, as a service of the hub (kit: services.ts), besides
 * a coordinator's subtree (the kit's `coordinatedUnits`): whose a system is (its unit, the provider it
 * selected), in one call per batch. A units subgraph that cannot answer makes the caller refuse (askPeer
 * throws): nothing is let through unchecked.
 */
import { rowLoader } from '@cq/kit/loaders';
import type { AskPeer } from '@cq/kit/services';

/** Systems by id, as federation's entity lookup: each one's unit and the provider it selected (§3.2). */
const SYSTEM_FACTS =
  'query VendorsSystemFacts($representations: [_Any!]!) { _entities(representations: $representations) { ... on InformationSystem { id unit { id } vendor { id } } } }';

/** A system as the units subgraph knows it: whose it is, and which provider it selected (null before one). */
export interface SystemFacts {
  id: string;
  unitId: string;
  selectedVendorId: string | null;
}

type SystemAnswer = { id: string; unit: { id: string } | null; vendor: { id: string } | null } | null;

/** The systems units knows among these ids, in one call; a system it does not know is left out. */
export async function askSystems(ask: AskPeer, ids: readonly string[]): Promise<SystemFacts[]> {
  const representations = ids.map((id) => ({ __typename: 'InformationSystem', id }));
  const data = await ask<{ _entities: SystemAnswer[] }>('units', SYSTEM_FACTS, { representations });
  return data._entities.flatMap((s) => (s?.unit ? [{ id: s.id, unitId: s.unit.id, selectedVendorId: s.vendor?.id ?? null }] : []));
}

/**
 * The units subgraph's answers for one request. The loaders are made before the request's context is,
 * so the policy hands in the context's `askPeer` when it asks; the first ask creates the memo.
 */
export function unitsAnswers() {
  let systems: ReturnType<typeof rowLoader<string, SystemFacts>> | undefined;
  return {
    /** Systems by id, one call per batch; null for a system units does not know. */
    systems(ask: AskPeer) {
      systems ??= rowLoader(
        (ids: readonly string[]) => askSystems(ask, ids),
        (s) => s.id,
      );
      return systems;
    },
  };
}
