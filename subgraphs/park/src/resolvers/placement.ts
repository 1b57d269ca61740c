import { loaded } from '@cq/kit/loaders';
import { readablePlacement } from '../domain/policy.ts';
import type { PlacementResolvers } from '../generated/resolvers.ts';

export const Placement: PlacementResolvers = {
  // An entity lookup passes no field directive: the policy refuses a placement out of the caller's scope.
  __resolveReference: async (ref, ctx) => readablePlacement(ctx, await ctx.loaders.placement.load(ref.id)),
  system: (p) => ({ id: p.systemId }),
  dataCenter: async (p, _, { loaders }) => loaded(await loaders.dataCenter.load(p.dataCenterId), 'data centre', p.dataCenterId),
};
