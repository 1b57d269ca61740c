import { loaded } from '@cq/kit/loaders';
import type { CloudServiceResolvers } from '../generated/resolvers.ts';

export const CloudService: CloudServiceResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.cloudService.load(ref.id),
  name: (s) => s.nameEn,
  officialName: (s) => s.nameZh,
  vendor: async (s, _, { loaders }) => loaded(await loaders.vendor.load(s.vendorId), 'provider', s.vendorId),
  // At a moment asked for, the price then: changed since, the price before the first change after it.
  unitPriceCny: async (s, _, { loaders, moment }) =>
    moment.asOf ? ((await loaders.priceBefore.load(s.id))?.priceCny ?? s.unitPriceCny) : s.unitPriceCny,
};
