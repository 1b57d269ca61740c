import { sumCny } from '@cq/kit/money';
import type { Context } from '../context.ts';
import type { UnitResolvers } from '../generated/resolvers.ts';

/** The placements of a unit's systems: the system ids come from the units subgraph (@requires). */
const placementsOfUnit = async (systems: { id: string }[] | undefined, { loaders }: Context) =>
  (await Promise.all((systems ?? []).map((s) => loaders.placementOfSystem.load(s.id)))).filter((p) => p !== null);

export const Unit: UnitResolvers = {
  placements: (u, _, ctx) => placementsOfUnit(u.systems, ctx),
  parkMonthlyCostCny: async (u, _, ctx) => sumCny((await placementsOfUnit(u.systems, ctx)).map((p) => p.monthlyFeeCny)),
};
