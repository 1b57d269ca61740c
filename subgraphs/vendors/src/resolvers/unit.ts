import { costScope, mayReadUnit, readScope, visibleContracts } from '../domain/policy.ts';
import type { UnitResolvers } from '../generated/resolvers.ts';

export const Unit: UnitResolvers = {
  contracts: async (u, _, ctx) => {
    const scope = await readScope(ctx);
    mayReadUnit(ctx.viewer, scope, u.id);
    return visibleContracts(scope, await ctx.loaders.contractsOfUnit.load(u.id));
  },
  cloudMonthlyCostCny: async (u, _, ctx) => {
    mayReadUnit(ctx.viewer, await costScope(ctx), u.id);
    return (await ctx.loaders.cloudCostOfUnit.load(u.id))?.total ?? '0.00';
  },
};
