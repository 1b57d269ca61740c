import type { VendorResolvers } from '../generated/resolvers.ts';

export const Vendor: VendorResolvers = {
  systemsInMigration: async (v, _, { loaders }) => (await loaders.systemsInMigrationOfVendor.load(v.id)).map((r) => r.system),
};
