import type { VendorResolvers } from '../generated/resolvers.ts';

export const Vendor: VendorResolvers = {
  dataCenters: (v, _, { loaders }) => loaders.dataCentersOfOperator.load(v.id),
};
