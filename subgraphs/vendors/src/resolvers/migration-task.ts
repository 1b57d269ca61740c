import { loaded } from '@cq/kit/loaders';
import { isStale } from '../domain/rules.ts';
import type { MigrationTaskResolvers } from '../generated/resolvers.ts';

export const MigrationTask: MigrationTaskResolvers = {
  id: (t) => String(t.id),
  system: (t) => ({ id: t.systemId }),
  vendor: async (t, _, { loaders }) => loaded(await loaders.vendor.load(t.vendorId), 'provider', t.vendorId),
  isStale: (t, _, { now }) => isStale(t, now),
};
