import { dataCenterList, parkServiceList } from '../data/queries.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  dataCenter: (_, { id }, { loaders }) => loaders.dataCenter.load(id),
  dataCenters: (_, args, { db }) => dataCenterList(db, args),
  parkServices: (_, args, { db }) => parkServiceList(db, args),
};
