import type { CorrectionResolvers } from '../generated/resolvers.ts';

export const Correction: CorrectionResolvers = {
  id: (c) => String(c.id),
  // The subject of a correction is the unit or system whose corrections are being read.
  unit: (c, _, { loaders }) => (c.unitId ? loaders.unit.load(c.unitId) : null),
  system: (c, _, { loaders }) => (c.systemId ? loaders.system.load(c.systemId) : null),
};
