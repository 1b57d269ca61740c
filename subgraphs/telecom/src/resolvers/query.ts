import { carrierList, tariffList } from '../data/queries.ts';
import { readableCircuit } from '../domain/policy.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  carriers: (_, __, { db }) => carrierList(db),
  carrier: (_, { id }, { loaders }) => loaders.carrier.load(id),
  tariffs: (_, args, { db }) => tariffList(db, args),
  tariff: (_, { id }, { loaders }) => loaders.tariff.load(id),
  circuit: async (_, { id }, ctx) => readableCircuit(ctx, await ctx.loaders.circuit.load(id)),
};
