/**
 * What the vendors subgraph asks the units subgraph, as a service of the hub (kit: services.ts), besides
 * a coordinator's subtree (the kit's `coordinatedUnits`): whether a unit exists, and what a system is
 * (its unit, the provider it selected, whether it is classified), in one call per batch. A units
 * subgraph that cannot answer makes the caller refuse (askPeer throws SUBGRAPH_UNAVAILABLE): nothing is
 * let through or written unchecked.
 */
import { rowLoader } from '@cq/kit/loaders';
import type { AskPeer } from '@cq/kit/services';

/** Systems by id, as federation's entity lookup: each one's unit, the provider it selected (§3.2), its classification (§1). */
const SYSTEM_FACTS =
  'query VendorsSystemFacts($representations: [_Any!]!) { _entities(representations: $representations) { ... on InformationSystem { id classification unit { id } vendor { id } } } }';

/** Units by id, as federation's entity lookup: the ids of each one's systems. */
const SYSTEMS_OF_UNITS =
  'query VendorsSystemsOfUnits($representations: [_Any!]!) { _entities(representations: $representations) { ... on Unit { systems { id } } } }';

/** One unit by id: whether the units subgraph knows it. */
const UNIT_KNOWN = 'query VendorsUnitKnown($id: ID!) { unit(id: $id) { id } }';

/** A system as the units subgraph knows it: whose it is, which provider it selected (null before one), whether it is classified. */
export interface SystemFacts {
  id: string;
  unitId: string;
  selectedVendorId: string | null;
  /** §1: a classified system is exempt and never migrated. */
  classified: boolean;
}

type SystemAnswer = {
  id: string;
  classification: 'CLASSIFIED' | 'NON_CLASSIFIED';
  unit: { id: string } | null;
  vendor: { id: string } | null;
} | null;

/** The systems units knows among these ids, in one call; a system it does not know is left out. */
export async function askSystems(ask: AskPeer, ids: readonly string[]): Promise<SystemFacts[]> {
  const representations = ids.map((id) => ({ __typename: 'InformationSystem', id }));
  const data = await ask<{ _entities: SystemAnswer[] }>('units', SYSTEM_FACTS, { representations });
  return data._entities.flatMap((s) =>
    s?.unit ? [{ id: s.id, unitId: s.unit.id, selectedVendorId: s.vendor?.id ?? null, classified: s.classification === 'CLASSIFIED' }] : [],
  );
}

/**
 * The ids of the systems of these units, in one call: what a unit's officer or a coordinating unit may see
 * of a provider's lists, whose rows name systems but not their units.
 */
export async function askSystemsOfUnits(ask: AskPeer, unitIds: readonly string[]): Promise<string[]> {
  if (!unitIds.length) return [];
  const representations = unitIds.map((id) => ({ __typename: 'Unit', id }));
  const data = await ask<{ _entities: ({ systems: { id: string }[] } | null)[] }>('units', SYSTEMS_OF_UNITS, { representations });
  return data._entities.flatMap((u) => u?.systems.map((s) => s.id) ?? []);
}

/** Whether the units subgraph knows this unit; one call, remembered for the request by askPeer. */
export async function askUnitKnown(ask: AskPeer, id: string): Promise<boolean> {
  const data = await ask<{ unit: { id: string } | null }>('units', UNIT_KNOWN, { id });
  return data.unit != null;
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
