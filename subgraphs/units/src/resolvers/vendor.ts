import { reachableSystems } from '../domain/policy.ts';
import type { VendorResolvers } from '../generated/resolvers.ts';

export const Vendor: VendorResolvers = {
  // Only the systems the caller reaches: a provider sees its own, a unit's officer its unit's.
  systemsInMigration: async (v, _, ctx) =>
    reachableSystems(
      ctx,
      (await ctx.loaders.systemsInMigrationOfVendor.load(v.id)).map((r) => r.system),
    ),
};
