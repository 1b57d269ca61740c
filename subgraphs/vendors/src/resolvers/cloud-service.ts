import { loaded } from '@cq/kit/loaders';
import type { CloudServiceResolvers } from '../generated/resolvers.ts';

export const CloudService: CloudServiceResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.cloudService.load(ref.id),
  name: (s) => s.nameEn,
  officialName: (s) => s.nameZh,
  vendor: async (s, _, { loaders }) => loaded(await loaders.vendor.load(s.vendorId), 'provider', s.vendorId),
};
