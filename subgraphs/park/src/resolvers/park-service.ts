import type { ParkServiceResolvers } from '../generated/resolvers.ts';

export const ParkService: ParkServiceResolvers = {
  name: (s) => s.nameEn,
  officialName: (s) => s.nameZh,
};
