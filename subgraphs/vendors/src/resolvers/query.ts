import { cloudServiceList, staleTaskList, vendorList } from '../data/queries.ts';
import { mayReadContract, readScope, taskListSql } from '../domain/policy.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  vendor: (_, { id }, { loaders }) => loaders.vendor.load(id),
  vendors: (_, args, { db }) => vendorList(db, args),
  cloudService: (_, { id }, { loaders }) => loaders.cloudService.load(id),
  cloudServices: (_, args, { db }) => cloudServiceList(db, args),
  contract: async (_, { id }, ctx) => {
    const scope = await readScope(ctx);
    const contract = await ctx.loaders.contract.load(id);
    return contract && mayReadContract(ctx.viewer, scope, contract);
  },
  staleMigrationTasks: async (_, __, ctx) => staleTaskList(ctx.db, ctx.moment, taskListSql(ctx.viewer, await readScope(ctx))),
};
