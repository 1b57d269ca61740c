import { loaded } from '@cq/kit/loaders';
import type { CircuitResolvers } from '../generated/resolvers.ts';

export const Circuit: CircuitResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.circuit.load(ref.id),
  unit: (c) => ({ id: c.unitId }),
  dataCenter: (c) => ({ id: c.dataCenterId }),
  tariff: async (c, _, { loaders }) => loaded(await loaders.tariff.load(c.tariffId), 'tariff', c.tariffId),
};
