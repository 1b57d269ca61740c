import { informationSystems } from '../data/schema.ts';
import { reachableSystems, systemScopeSql } from '../domain/policy.ts';
import type { VendorResolvers } from '../generated/resolvers.ts';

export const Vendor: VendorResolvers = {
  // Only the systems the caller reaches: a provider sees its own, a unit's officer its unit's.
  systemsInMigration: async (v, _, ctx) =>
    reachableSystems(
      ctx,
      (await ctx.loaders.systemsInMigrationOfVendor.load(v.id)).map((r) => r.system),
    ),
  // The same list a page at a time, the caller's scope inside the page's own statement.
  systemsInMigrationPage: (v, page, { loaders, viewer }) =>
    loaders
      .systemInMigrationPages(systemScopeSql(viewer, { id: informationSystems.id, unitId: informationSystems.unitId }))
      .load(v.id, page, null),
};
