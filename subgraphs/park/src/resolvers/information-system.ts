import { loaded } from '@cq/kit/loaders';
import type { Context } from '../context.ts';
import { readablePlacement } from '../domain/policy.ts';
import { destinationCompliant } from '../domain/rules.ts';
import type { InformationSystemResolvers } from '../generated/resolvers.ts';

/** The system's placement, if any: refused when it is not the caller's to see. */
const placementOf = async (systemId: string, ctx: Context) => readablePlacement(ctx, await ctx.loaders.placementOfSystem.load(systemId));

export const InformationSystem: InformationSystemResolvers = {
  placement: (s, _, ctx) => placementOf(s.id, ctx),
  dataCenter: async (s, _, ctx) => {
    const placement = await placementOf(s.id, ctx);
    return placement ? ctx.loaders.dataCenter.load(placement.dataCenterId) : null;
  },
  parkMonthlyCostCny: async (s, _, ctx) => (await placementOf(s.id, ctx))?.monthlyFeeCny ?? '0.00',
  // The unit's flag comes from the units subgraph (@requires).
  destinationCompliant: async (s, _, ctx) => {
    const placement = await placementOf(s.id, ctx);
    if (!placement) return null;
    const dc = loaded(await ctx.loaders.dataCenter.load(placement.dataCenterId), 'data centre', placement.dataCenterId);
    return destinationCompliant(s.unit?.hasAdministrativeApproval ?? false, dc);
  },
};
