import type { LiaisonResolvers } from '../generated/resolvers.ts';

export const Liaison: LiaisonResolvers = {
  role: (l) => l.roleEn,
  officialRole: (l) => l.roleZh,
  organisationName: (l) => l.organisationEn,
  organisationOfficialName: (l) => l.organisationZh,
  unit: (l, _, { loaders }) => (l.unitId ? loaders.unit.load(l.unitId) : null),
  vendor: (l) => (l.vendorId ? { id: l.vendorId } : null),
};
