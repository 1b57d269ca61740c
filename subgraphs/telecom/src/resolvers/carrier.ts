import type { CarrierResolvers } from '../generated/resolvers.ts';

export const Carrier: CarrierResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.carrier.load(ref.id),
  name: (c) => c.nameEn,
  officialName: (c) => c.nameZh,
  tariffs: (c, _, { loaders }) => loaders.tariffsOfCarrier.load(c.id),
};
