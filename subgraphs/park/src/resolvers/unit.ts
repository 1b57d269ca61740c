import { sumCny } from '@cq/kit/money';
import type { Context } from '../context.ts';
import { mayReadParkBillOfUnit, mayReadPlacementsOfUnit, visiblePlacements } from '../domain/policy.ts';
import type { UnitResolvers } from '../generated/resolvers.ts';
import type { UnitModel } from '../mappers.ts';

/**
 * The placements of a unit's systems the caller may see: refused for a unit out of its scope, a cloud
 * provider's data centres only. The system ids come from the units subgraph (@requires).
 */
async function placementsOf(unit: UnitModel, ctx: Context) {
  await mayReadPlacementsOfUnit(ctx, unit.id);
  const placements = (await Promise.all((unit.systems ?? []).map((s) => ctx.loaders.placementOfSystem.load(s.id)))).filter(
    (p) => p !== null,
  );
  return visiblePlacements(ctx, placements);
}

export const Unit: UnitResolvers = {
  placements: (u, _, ctx) => placementsOf(u, ctx),
  parkMonthlyCostCny: async (u, _, ctx) => {
    await mayReadParkBillOfUnit(ctx, u.id);
    return sumCny((await placementsOf(u, ctx)).map((p) => p.monthlyFeeCny));
  },
};
