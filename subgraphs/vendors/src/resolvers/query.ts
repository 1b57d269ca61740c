import { cloudServiceList, contractList, staleTaskList, vendorList } from '../data/queries.ts';
import { contractListScopeSql, mayReadContract, readScope, taskListSql } from '../domain/policy.ts';
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
  // The caller's scope is part of the list's own statement: rows out of it are left out, never refused.
  contracts: async (_, args, ctx) => contractList(ctx.db, ctx.moment, contractListScopeSql(await readScope(ctx)), args),
  staleMigrationTasks: async (_, __, ctx) => staleTaskList(ctx.db, ctx.moment, taskListSql(ctx.viewer, await readScope(ctx))),
};
