import type { DataCenterResolvers } from '../generated/resolvers.ts';

export const DataCenter: DataCenterResolvers = {
  carriers: async (d, _, { loaders }) => (await loaders.carriersOfDataCenter.load(d.id)).map((r) => r.carrier),
};
