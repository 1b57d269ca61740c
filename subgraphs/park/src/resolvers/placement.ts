import { loaded } from '@cq/kit/loaders';
import type { PlacementResolvers } from '../generated/resolvers.ts';

export const Placement: PlacementResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.placement.load(ref.id),
  system: (p) => ({ id: p.systemId }),
  dataCenter: async (p, _, { loaders }) => loaded(await loaders.dataCenter.load(p.dataCenterId), 'data centre', p.dataCenterId),
};
