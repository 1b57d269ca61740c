import { loaded } from '@cq/kit/loaders';
import { destinationCompliant } from '../domain/rules.ts';
import type { InformationSystemResolvers } from '../generated/resolvers.ts';

export const InformationSystem: InformationSystemResolvers = {
  placement: (s, _, { loaders }) => loaders.placementOfSystem.load(s.id),
  dataCenter: async (s, _, { loaders }) => {
    const placement = await loaders.placementOfSystem.load(s.id);
    return placement ? loaders.dataCenter.load(placement.dataCenterId) : null;
  },
  parkMonthlyCostCny: async (s, _, { loaders }) => (await loaders.placementOfSystem.load(s.id))?.monthlyFeeCny ?? '0.00',
  // The unit's flag comes from the units subgraph (@requires).
  destinationCompliant: async (s, _, { loaders }) => {
    const placement = await loaders.placementOfSystem.load(s.id);
    if (!placement) return null;
    const dc = loaded(await loaders.dataCenter.load(placement.dataCenterId), 'data centre', placement.dataCenterId);
    return destinationCompliant(s.unit?.hasAdministrativeApproval ?? false, dc);
  },
};
