import { loaded } from '@cq/kit/loaders';
import { readableCircuit } from '../domain/policy.ts';
import type { CircuitResolvers } from '../generated/resolvers.ts';

export const Circuit: CircuitResolvers = {
  // Another subgraph's reference gets a circuit only when the caller may see it (policy.ts).
  __resolveReference: async (ref, ctx) => readableCircuit(ctx, await ctx.loaders.circuit.load(ref.id)),
  unit: (c) => ({ id: c.unitId }),
  dataCenter: (c) => ({ id: c.dataCenterId }),
  tariff: async (c, _, { loaders }) => loaded(await loaders.tariff.load(c.tariffId), 'tariff', c.tariffId),
};
