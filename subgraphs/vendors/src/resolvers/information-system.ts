import type { InformationSystemResolvers } from '../generated/resolvers.ts';

export const InformationSystem: InformationSystemResolvers = {
  migrationTask: (s, _, { loaders }) => loaders.taskOfSystem.load(s.id),
  cloudMonthlyCostCny: async (s, _, { loaders }) => (await loaders.cloudCostOfSystem.load(s.id))?.total ?? '0.00',
};
