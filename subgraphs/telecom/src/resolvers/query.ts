import { dayOfMoment } from '@cq/kit/time';
import { carrierList, circuitList, tariffList } from '../data/queries.ts';
import { circuitListScopeSql, readableCircuit } from '../domain/policy.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  carriers: (_, __, { db }) => carrierList(db),
  carrier: (_, { id }, { loaders }) => loaders.carrier.load(id),
  tariffs: (_, args, { db }) => tariffList(db, args),
  tariff: (_, { id }, { loaders }) => loaders.tariff.load(id),
  circuit: async (_, { id }, ctx) => readableCircuit(ctx, await ctx.loaders.circuit.load(id)),
  // The caller's scope is part of the list's own statement: circuits out of it are left out, never refused.
  circuits: async (_, args, ctx) => circuitList(ctx.db, dayOfMoment(ctx.now), await circuitListScopeSql(ctx), args),
};
