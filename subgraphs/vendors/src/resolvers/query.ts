import { cloudServiceList, staleTaskList, vendorList } from '../data/queries.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  vendor: (_, { id }, { loaders }) => loaders.vendor.load(id),
  vendors: (_, args, { db }) => vendorList(db, args),
  cloudService: (_, { id }, { loaders }) => loaders.cloudService.load(id),
  cloudServices: (_, args, { db }) => cloudServiceList(db, args),
  contract: (_, { id }, { loaders }) => loaders.contract.load(id),
  staleMigrationTasks: (_, __, { db, now }) => staleTaskList(db, now),
};
