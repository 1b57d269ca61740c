import type { UnitResolvers } from '../generated/resolvers.ts';

export const Unit: UnitResolvers = {
  contracts: (u, _, { loaders }) => loaders.contractsOfUnit.load(u.id),
  cloudMonthlyCostCny: async (u, _, { loaders }) => (await loaders.cloudCostOfUnit.load(u.id))?.total ?? '0.00',
};
